-- Gatehouse schema, SQLite dialect. Times are Unix nanoseconds (NULL: never); names that IAM
-- compares without regard to case have a *_fold column holding the lower-cased name, computed
-- by the store, so uniqueness and ordering are the same in every dialect.

CREATE TABLE store_state (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    revision       BIGINT  NOT NULL,
    pruned_through BIGINT  NOT NULL
);
INSERT INTO store_state (id, revision, pruned_through) VALUES (1, 0, 0);

CREATE TABLE changes (
    revision   BIGINT  NOT NULL,
    seq        INTEGER NOT NULL,
    account_id TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    entity_key TEXT    NOT NULL,
    PRIMARY KEY (revision, seq)
);

CREATE TABLE accounts (
    id      TEXT   PRIMARY KEY,
    alias   TEXT   UNIQUE,
    name    TEXT   NOT NULL,
    email   TEXT   NOT NULL,
    created BIGINT NOT NULL
);

CREATE TABLE account_password_policies (
    account_id               TEXT    PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
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
    account_id                    TEXT    PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    global_endpoint_token_version INTEGER NOT NULL,
    outbound_wif_enabled          BOOLEAN NOT NULL,
    outbound_wif_issuer           TEXT    NOT NULL,
    org_root_credentials          BOOLEAN NOT NULL,
    org_root_sessions             BOOLEAN NOT NULL
);

CREATE TABLE credential_reports (
    account_id TEXT   PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    generated  BIGINT NOT NULL,
    content    BLOB   NOT NULL
);

CREATE TABLE users (
    id                 TEXT   PRIMARY KEY,
    account_id         TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name               TEXT   NOT NULL,
    name_fold          TEXT   NOT NULL,
    path               TEXT   NOT NULL,
    arn                TEXT   NOT NULL,
    created            BIGINT NOT NULL,
    password_last_used BIGINT,
    boundary_arn       TEXT   NOT NULL,
    UNIQUE (account_id, name_fold)
);
CREATE INDEX users_boundary ON users (account_id, boundary_arn) WHERE boundary_arn <> '';

CREATE TABLE access_keys (
    id                TEXT   PRIMARY KEY,
    account_id        TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id           TEXT   REFERENCES users (id) ON DELETE CASCADE,
    status            TEXT   NOT NULL,
    sealed_secret     BLOB   NOT NULL,
    created           BIGINT NOT NULL,
    last_used         BIGINT,
    last_used_service TEXT   NOT NULL DEFAULT '',
    last_used_region  TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX access_keys_owner ON access_keys (account_id, user_id, id);
CREATE INDEX access_keys_user ON access_keys (user_id);

CREATE TABLE iam_groups (
    id         TEXT   PRIMARY KEY,
    account_id TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       TEXT   NOT NULL,
    name_fold  TEXT   NOT NULL,
    path       TEXT   NOT NULL,
    arn        TEXT   NOT NULL,
    created    BIGINT NOT NULL,
    UNIQUE (account_id, name_fold)
);

CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES iam_groups (id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id, group_id);

CREATE TABLE roles (
    id                   TEXT    PRIMARY KEY,
    account_id           TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name                 TEXT    NOT NULL,
    name_fold            TEXT    NOT NULL,
    path                 TEXT    NOT NULL,
    arn                  TEXT    NOT NULL,
    trust_policy         TEXT    NOT NULL,
    description          TEXT    NOT NULL,
    max_session_duration INTEGER NOT NULL,
    boundary_arn         TEXT    NOT NULL,
    created              BIGINT  NOT NULL,
    last_used            BIGINT,
    last_used_region     TEXT    NOT NULL DEFAULT '',
    service_linked       BOOLEAN NOT NULL,
    linked_service       TEXT    NOT NULL,
    UNIQUE (account_id, name_fold)
);
CREATE INDEX roles_boundary ON roles (account_id, boundary_arn) WHERE boundary_arn <> '';

CREATE TABLE instance_profiles (
    id         TEXT   PRIMARY KEY,
    account_id TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       TEXT   NOT NULL,
    name_fold  TEXT   NOT NULL,
    path       TEXT   NOT NULL,
    arn        TEXT   NOT NULL,
    created    BIGINT NOT NULL,
    UNIQUE (account_id, name_fold)
);

CREATE TABLE instance_profile_roles (
    profile_id TEXT NOT NULL REFERENCES instance_profiles (id) ON DELETE CASCADE,
    role_id    TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (profile_id, role_id)
);
CREATE INDEX instance_profile_roles_role ON instance_profile_roles (role_id, profile_id);

CREATE TABLE policies (
    id              TEXT    PRIMARY KEY,
    account_id      TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    name_fold       TEXT    NOT NULL,
    path            TEXT    NOT NULL,
    arn             TEXT    NOT NULL UNIQUE,
    description     TEXT    NOT NULL,
    default_version INTEGER NOT NULL,
    next_version    INTEGER NOT NULL,
    is_attachable   BOOLEAN NOT NULL,
    created         BIGINT  NOT NULL,
    updated         BIGINT  NOT NULL,
    UNIQUE (account_id, name_fold)
);

CREATE TABLE policy_versions (
    policy_id TEXT    NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    version   INTEGER NOT NULL,
    document  TEXT    NOT NULL,
    created   BIGINT  NOT NULL,
    PRIMARY KEY (policy_id, version)
);

CREATE TABLE policy_attachments (
    account_id     TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    principal_kind TEXT NOT NULL,
    principal_id   TEXT NOT NULL,
    policy_arn     TEXT NOT NULL,
    policy_name    TEXT NOT NULL,
    policy_path    TEXT NOT NULL,
    PRIMARY KEY (principal_kind, principal_id, policy_arn)
);
CREATE INDEX policy_attachments_arn ON policy_attachments (account_id, policy_arn);

CREATE TABLE inline_policies (
    account_id     TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    principal_kind TEXT NOT NULL,
    principal_id   TEXT NOT NULL,
    name           TEXT NOT NULL,
    document       TEXT NOT NULL,
    PRIMARY KEY (principal_kind, principal_id, name)
);

CREATE TABLE login_profiles (
    user_id          TEXT    PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    password_hash    BLOB    NOT NULL,
    created          BIGINT  NOT NULL,
    reset_required   BOOLEAN NOT NULL,
    password_changed BIGINT
);

CREATE TABLE password_history (
    user_id       TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    password_hash BLOB    NOT NULL,
    set_at        BIGINT  NOT NULL,
    PRIMARY KEY (user_id, seq)
);

CREATE TABLE mfa_devices (
    serial         TEXT    PRIMARY KEY,
    account_id     TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind           TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    path           TEXT    NOT NULL,
    sealed_seed    BLOB,
    user_id        TEXT    REFERENCES users (id) ON DELETE SET NULL,
    root_user      BOOLEAN NOT NULL,
    enable_date    BIGINT,
    last_time_step BIGINT  NOT NULL
);
CREATE INDEX mfa_devices_account ON mfa_devices (account_id, kind, serial);
CREATE INDEX mfa_devices_user ON mfa_devices (user_id);

CREATE TABLE ssh_public_keys (
    id          TEXT   PRIMARY KEY,
    user_id     TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body        TEXT   NOT NULL,
    fingerprint TEXT   NOT NULL,
    status      TEXT   NOT NULL,
    uploaded    BIGINT NOT NULL,
    UNIQUE (user_id, fingerprint)
);

CREATE TABLE signing_certificates (
    account_id TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    id         TEXT   NOT NULL,
    user_id    TEXT   REFERENCES users (id) ON DELETE CASCADE,
    body       TEXT   NOT NULL,
    status     TEXT   NOT NULL,
    uploaded   BIGINT NOT NULL,
    PRIMARY KEY (account_id, id)
);
CREATE INDEX signing_certificates_user ON signing_certificates (user_id);

CREATE TABLE server_certificates (
    id                 TEXT   PRIMARY KEY,
    account_id         TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name               TEXT   NOT NULL,
    name_fold          TEXT   NOT NULL,
    path               TEXT   NOT NULL,
    arn                TEXT   NOT NULL,
    body               TEXT   NOT NULL,
    chain              TEXT   NOT NULL,
    sealed_private_key BLOB   NOT NULL,
    expiration         BIGINT,
    uploaded           BIGINT NOT NULL,
    UNIQUE (account_id, name_fold)
);

CREATE TABLE service_credentials (
    id                TEXT   PRIMARY KEY,
    account_id        TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id           TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    service_name      TEXT   NOT NULL,
    service_user_name TEXT   NOT NULL,
    alias             TEXT   NOT NULL,
    sealed_password   BLOB,
    status            TEXT   NOT NULL,
    created           BIGINT NOT NULL,
    expires           BIGINT
);
CREATE INDEX service_credentials_user ON service_credentials (account_id, user_id, id);

CREATE TABLE oidc_providers (
    arn         TEXT   PRIMARY KEY,
    account_id  TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    url         TEXT   NOT NULL,
    client_ids  TEXT   NOT NULL,
    thumbprints TEXT   NOT NULL,
    created     BIGINT NOT NULL
);
CREATE INDEX oidc_providers_account ON oidc_providers (account_id, arn);

CREATE TABLE saml_providers (
    arn             TEXT   PRIMARY KEY,
    account_id      TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name            TEXT   NOT NULL,
    uuid            TEXT   NOT NULL,
    metadata        TEXT   NOT NULL,
    valid_until     BIGINT,
    created         BIGINT NOT NULL,
    encryption_mode TEXT   NOT NULL,
    private_keys    TEXT   NOT NULL
);
CREATE INDEX saml_providers_account ON saml_providers (account_id, arn);

CREATE TABLE tags (
    account_id    TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    resource_kind TEXT    NOT NULL,
    resource_key  TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    tag_key       TEXT    NOT NULL,
    key_fold      TEXT    NOT NULL,
    value         TEXT    NOT NULL,
    PRIMARY KEY (resource_kind, resource_key, key_fold)
);

CREATE TABLE slr_deletions (
    id         TEXT   PRIMARY KEY,
    account_id TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role_name  TEXT   NOT NULL,
    role_arn   TEXT   NOT NULL,
    status     TEXT   NOT NULL,
    reason     TEXT   NOT NULL,
    role_usage TEXT   NOT NULL,
    created    BIGINT NOT NULL
);

CREATE TABLE last_accessed (
    account_id           TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    entity_arn           TEXT   NOT NULL,
    namespace            TEXT   NOT NULL,
    action               TEXT   NOT NULL,
    accessed             BIGINT NOT NULL,
    authenticated_entity TEXT   NOT NULL,
    region               TEXT   NOT NULL,
    PRIMARY KEY (account_id, entity_arn, namespace, action)
);

CREATE TABLE report_jobs (
    id          TEXT   PRIMARY KEY,
    account_id  TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind        TEXT   NOT NULL,
    entity_arn  TEXT   NOT NULL,
    granularity TEXT   NOT NULL,
    status      TEXT   NOT NULL,
    created     BIGINT NOT NULL,
    completed   BIGINT
);
