-- Gatehouse schema, PostgreSQL dialect. Times are Unix nanoseconds (NULL: never); names that IAM
-- compares without regard to case have a *_fold column holding the lower-cased name, computed
-- by the store, so uniqueness and ordering are the same in every dialect. Every TEXT column uses
-- the "C" collation so that ordering (and so keyset pagination) is byte order, as in SQLite.

CREATE TABLE store_state (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    revision       BIGINT  NOT NULL,
    pruned_through BIGINT  NOT NULL
);
INSERT INTO store_state (id, revision, pruned_through) VALUES (1, 0, 0);

CREATE TABLE changes (
    revision   BIGINT  NOT NULL,
    seq        INTEGER NOT NULL,
    account_id TEXT COLLATE "C"    NOT NULL,
    kind       TEXT COLLATE "C"    NOT NULL,
    entity_key TEXT COLLATE "C"    NOT NULL,
    PRIMARY KEY (revision, seq)
);

CREATE TABLE accounts (
    id      TEXT COLLATE "C"   PRIMARY KEY,
    alias   TEXT COLLATE "C"   UNIQUE,
    name    TEXT COLLATE "C"   NOT NULL,
    email   TEXT COLLATE "C"   NOT NULL,
    created BIGINT NOT NULL
);

CREATE TABLE account_password_policies (
    account_id               TEXT COLLATE "C"    PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    minimum_length           INTEGER NOT NULL,
    require_symbols          BOOLEAN NOT NULL,
    require_numbers          BOOLEAN NOT NULL,
    require_uppercase        BOOLEAN NOT NULL,
    require_lowercase        BOOLEAN NOT NULL,
    allow_users_to_change    BOOLEAN NOT NULL,
    max_age_days             INTEGER NOT NULL,
    reuse_prevention         INTEGER NOT NULL,
    hard_expiry              BOOLEAN NOT NULL
);

CREATE TABLE account_settings (
    account_id                    TEXT COLLATE "C"    PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    global_endpoint_token_version INTEGER NOT NULL,
    outbound_wif_enabled          BOOLEAN NOT NULL,
    outbound_wif_issuer           TEXT COLLATE "C"    NOT NULL,
    org_root_credentials          BOOLEAN NOT NULL,
    org_root_sessions             BOOLEAN NOT NULL
);

CREATE TABLE credential_reports (
    account_id TEXT COLLATE "C"   PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    generated  BIGINT NOT NULL,
    content    BYTEA   NOT NULL
);

CREATE TABLE users (
    id                 TEXT COLLATE "C"   PRIMARY KEY,
    account_id         TEXT COLLATE "C"   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name               TEXT COLLATE "C"   NOT NULL,
    name_fold          TEXT COLLATE "C"   NOT NULL,
    path               TEXT COLLATE "C"   NOT NULL,
    arn                TEXT COLLATE "C"   NOT NULL,
    created            BIGINT NOT NULL,
    password_last_used BIGINT,
    boundary_arn       TEXT COLLATE "C"   NOT NULL,
    UNIQUE (account_id, name_fold)
);
CREATE INDEX users_boundary ON users (account_id, boundary_arn) WHERE boundary_arn <> '';

CREATE TABLE access_keys (
    id                TEXT COLLATE "C"   PRIMARY KEY,
    account_id        TEXT COLLATE "C"   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id           TEXT COLLATE "C"   REFERENCES users (id) ON DELETE CASCADE,
    status            TEXT COLLATE "C"   NOT NULL,
    sealed_secret     BYTEA   NOT NULL,
    created           BIGINT NOT NULL,
    last_used         BIGINT,
    last_used_service TEXT COLLATE "C"   NOT NULL DEFAULT '',
    last_used_region  TEXT COLLATE "C"   NOT NULL DEFAULT ''
);
CREATE INDEX access_keys_owner ON access_keys (account_id, user_id, id);
CREATE INDEX access_keys_user ON access_keys (user_id);

CREATE TABLE iam_groups (
    id         TEXT COLLATE "C"   PRIMARY KEY,
    account_id TEXT COLLATE "C"   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       TEXT COLLATE "C"   NOT NULL,
    name_fold  TEXT COLLATE "C"   NOT NULL,
    path       TEXT COLLATE "C"   NOT NULL,
    arn        TEXT COLLATE "C"   NOT NULL,
    created    BIGINT NOT NULL,
    UNIQUE (account_id, name_fold)
);

CREATE TABLE group_members (
    group_id TEXT COLLATE "C" NOT NULL REFERENCES iam_groups (id) ON DELETE CASCADE,
    user_id  TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id, group_id);

CREATE TABLE roles (
    id                   TEXT COLLATE "C"    PRIMARY KEY,
    account_id           TEXT COLLATE "C"    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name                 TEXT COLLATE "C"    NOT NULL,
    name_fold            TEXT COLLATE "C"    NOT NULL,
    path                 TEXT COLLATE "C"    NOT NULL,
    arn                  TEXT COLLATE "C"    NOT NULL,
    trust_policy         TEXT COLLATE "C"    NOT NULL,
    description          TEXT COLLATE "C"    NOT NULL,
    max_session_duration INTEGER NOT NULL,
    boundary_arn         TEXT COLLATE "C"    NOT NULL,
    created              BIGINT  NOT NULL,
    last_used            BIGINT,
    last_used_region     TEXT COLLATE "C"    NOT NULL DEFAULT '',
    service_linked       BOOLEAN NOT NULL,
    linked_service       TEXT COLLATE "C"    NOT NULL,
    UNIQUE (account_id, name_fold)
);
CREATE INDEX roles_boundary ON roles (account_id, boundary_arn) WHERE boundary_arn <> '';

CREATE TABLE instance_profiles (
    id         TEXT COLLATE "C"   PRIMARY KEY,
    account_id TEXT COLLATE "C"   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       TEXT COLLATE "C"   NOT NULL,
    name_fold  TEXT COLLATE "C"   NOT NULL,
    path       TEXT COLLATE "C"   NOT NULL,
    arn        TEXT COLLATE "C"   NOT NULL,
    created    BIGINT NOT NULL,
    UNIQUE (account_id, name_fold)
);

CREATE TABLE instance_profile_roles (
    profile_id TEXT COLLATE "C" NOT NULL REFERENCES instance_profiles (id) ON DELETE CASCADE,
    role_id    TEXT COLLATE "C" NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (profile_id, role_id)
);
CREATE INDEX instance_profile_roles_role ON instance_profile_roles (role_id, profile_id);

CREATE TABLE policies (
    id              TEXT COLLATE "C"    PRIMARY KEY,
    account_id      TEXT COLLATE "C"    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name            TEXT COLLATE "C"    NOT NULL,
    name_fold       TEXT COLLATE "C"    NOT NULL,
    path            TEXT COLLATE "C"    NOT NULL,
    arn             TEXT COLLATE "C"    NOT NULL UNIQUE,
    description     TEXT COLLATE "C"    NOT NULL,
    default_version INTEGER NOT NULL,
    next_version    INTEGER NOT NULL,
    is_attachable   BOOLEAN NOT NULL,
    created         BIGINT  NOT NULL,
    updated         BIGINT  NOT NULL,
    UNIQUE (account_id, name_fold)
);

CREATE TABLE policy_versions (
    policy_id TEXT COLLATE "C"    NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    version   INTEGER NOT NULL,
    document  TEXT COLLATE "C"    NOT NULL,
    created   BIGINT  NOT NULL,
    PRIMARY KEY (policy_id, version)
);

CREATE TABLE policy_attachments (
    account_id     TEXT COLLATE "C" NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    principal_kind TEXT COLLATE "C" NOT NULL,
    principal_id   TEXT COLLATE "C" NOT NULL,
    policy_arn     TEXT COLLATE "C" NOT NULL,
    policy_name    TEXT COLLATE "C" NOT NULL,
    policy_path    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (principal_kind, principal_id, policy_arn)
);
CREATE INDEX policy_attachments_arn ON policy_attachments (account_id, policy_arn);

CREATE TABLE inline_policies (
    account_id     TEXT COLLATE "C" NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    principal_kind TEXT COLLATE "C" NOT NULL,
    principal_id   TEXT COLLATE "C" NOT NULL,
    name           TEXT COLLATE "C" NOT NULL,
    document       TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (principal_kind, principal_id, name)
);

CREATE TABLE login_profiles (
    user_id          TEXT COLLATE "C"    PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    password_hash    BYTEA    NOT NULL,
    created          BIGINT  NOT NULL,
    reset_required   BOOLEAN NOT NULL,
    password_changed BIGINT
);

CREATE TABLE password_history (
    user_id       TEXT COLLATE "C"    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    password_hash BYTEA    NOT NULL,
    set_at        BIGINT  NOT NULL,
    PRIMARY KEY (user_id, seq)
);

CREATE TABLE mfa_devices (
    serial         TEXT COLLATE "C"    PRIMARY KEY,
    account_id     TEXT COLLATE "C"    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind           TEXT COLLATE "C"    NOT NULL,
    name           TEXT COLLATE "C"    NOT NULL,
    path           TEXT COLLATE "C"    NOT NULL,
    sealed_seed    BYTEA,
    user_id        TEXT COLLATE "C"    REFERENCES users (id) ON DELETE SET NULL,
    root_user      BOOLEAN NOT NULL,
    enable_date    BIGINT,
    last_time_step BIGINT  NOT NULL
);
CREATE INDEX mfa_devices_account ON mfa_devices (account_id, kind, serial);
CREATE INDEX mfa_devices_user ON mfa_devices (user_id);

CREATE TABLE ssh_public_keys (
    id          TEXT COLLATE "C"   PRIMARY KEY,
    user_id     TEXT COLLATE "C"   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body        TEXT COLLATE "C"   NOT NULL,
    fingerprint TEXT COLLATE "C"   NOT NULL,
    status      TEXT COLLATE "C"   NOT NULL,
    uploaded    BIGINT NOT NULL,
    UNIQUE (user_id, fingerprint)
);

CREATE TABLE signing_certificates (
    account_id TEXT COLLATE "C"   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    id         TEXT COLLATE "C"   NOT NULL,
    user_id    TEXT COLLATE "C"   REFERENCES users (id) ON DELETE CASCADE,
    body       TEXT COLLATE "C"   NOT NULL,
    status     TEXT COLLATE "C"   NOT NULL,
    uploaded   BIGINT NOT NULL,
    PRIMARY KEY (account_id, id)
);
CREATE INDEX signing_certificates_user ON signing_certificates (user_id);

CREATE TABLE server_certificates (
    id                 TEXT COLLATE "C"   PRIMARY KEY,
    account_id         TEXT COLLATE "C"   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name               TEXT COLLATE "C"   NOT NULL,
    name_fold          TEXT COLLATE "C"   NOT NULL,
    path               TEXT COLLATE "C"   NOT NULL,
    arn                TEXT COLLATE "C"   NOT NULL,
    body               TEXT COLLATE "C"   NOT NULL,
    chain              TEXT COLLATE "C"   NOT NULL,
    sealed_private_key BYTEA   NOT NULL,
    expiration         BIGINT,
    uploaded           BIGINT NOT NULL,
    UNIQUE (account_id, name_fold)
);

CREATE TABLE service_credentials (
    id                TEXT COLLATE "C"   PRIMARY KEY,
    account_id        TEXT COLLATE "C"   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id           TEXT COLLATE "C"   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    service_name      TEXT COLLATE "C"   NOT NULL,
    service_user_name TEXT COLLATE "C"   NOT NULL,
    alias             TEXT COLLATE "C"   NOT NULL,
    sealed_password   BYTEA,
    status            TEXT COLLATE "C"   NOT NULL,
    created           BIGINT NOT NULL,
    expires           BIGINT
);
CREATE INDEX service_credentials_user ON service_credentials (account_id, user_id, id);

CREATE TABLE oidc_providers (
    arn         TEXT COLLATE "C"   PRIMARY KEY,
    account_id  TEXT COLLATE "C"   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    url         TEXT COLLATE "C"   NOT NULL,
    client_ids  TEXT COLLATE "C"   NOT NULL,
    thumbprints TEXT COLLATE "C"   NOT NULL,
    created     BIGINT NOT NULL
);
CREATE INDEX oidc_providers_account ON oidc_providers (account_id, arn);

CREATE TABLE saml_providers (
    arn             TEXT COLLATE "C"   PRIMARY KEY,
    account_id      TEXT COLLATE "C"   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name            TEXT COLLATE "C"   NOT NULL,
    uuid            TEXT COLLATE "C"   NOT NULL,
    metadata        TEXT COLLATE "C"   NOT NULL,
    valid_until     BIGINT,
    created         BIGINT NOT NULL,
    encryption_mode TEXT COLLATE "C"   NOT NULL,
    private_keys    TEXT COLLATE "C"   NOT NULL
);
CREATE INDEX saml_providers_account ON saml_providers (account_id, arn);

CREATE TABLE tags (
    account_id    TEXT COLLATE "C"    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    resource_kind TEXT COLLATE "C"    NOT NULL,
    resource_key  TEXT COLLATE "C"    NOT NULL,
    position      INTEGER NOT NULL,
    tag_key       TEXT COLLATE "C"    NOT NULL,
    key_fold      TEXT COLLATE "C"    NOT NULL,
    value         TEXT COLLATE "C"    NOT NULL,
    PRIMARY KEY (resource_kind, resource_key, key_fold)
);

CREATE TABLE slr_deletions (
    id         TEXT COLLATE "C"   PRIMARY KEY,
    account_id TEXT COLLATE "C"   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role_name  TEXT COLLATE "C"   NOT NULL,
    role_arn   TEXT COLLATE "C"   NOT NULL,
    status     TEXT COLLATE "C"   NOT NULL,
    reason     TEXT COLLATE "C"   NOT NULL,
    role_usage TEXT COLLATE "C"   NOT NULL,
    created    BIGINT NOT NULL
);

CREATE TABLE last_accessed (
    account_id           TEXT COLLATE "C"   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    entity_arn           TEXT COLLATE "C"   NOT NULL,
    namespace            TEXT COLLATE "C"   NOT NULL,
    action               TEXT COLLATE "C"   NOT NULL,
    accessed             BIGINT NOT NULL,
    authenticated_entity TEXT COLLATE "C"   NOT NULL,
    region               TEXT COLLATE "C"   NOT NULL,
    PRIMARY KEY (account_id, entity_arn, namespace, action)
);

CREATE TABLE report_jobs (
    id          TEXT COLLATE "C"   PRIMARY KEY,
    account_id  TEXT COLLATE "C"   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind        TEXT COLLATE "C"   NOT NULL,
    entity_arn  TEXT COLLATE "C"   NOT NULL,
    granularity TEXT COLLATE "C"   NOT NULL,
    status      TEXT COLLATE "C"   NOT NULL,
    created     BIGINT NOT NULL,
    completed   BIGINT
);
