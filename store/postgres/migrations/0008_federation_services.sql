-- Federation services (issue 10). outbound_issuers: an account's outbound web identity
-- federation issuer (its URL and the last path segment that names it) and its signing keys,
-- sealed by the caller as one value (NULL until the first token is minted).
-- rolesanywhere_records: IAM Roles Anywhere's trust anchors (kind 0), profiles (1), CRLs (2)
-- and subjects (3), keyed by their UUID; the service's own encoding in body. Rows go with their
-- account.
CREATE TABLE outbound_issuers (
    account_id TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    issuer_id  TEXT COLLATE "C" NOT NULL UNIQUE,
    url        TEXT   NOT NULL,
    keys       BYTEA,
    updated    BIGINT NOT NULL
);

CREATE TABLE rolesanywhere_records (
    account_id TEXT COLLATE "C" NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind       INTEGER NOT NULL,
    id         TEXT COLLATE "C" NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    created    BIGINT  NOT NULL,
    updated    BIGINT  NOT NULL,
    body       BYTEA    NOT NULL,
    PRIMARY KEY (account_id, kind, id)
);
