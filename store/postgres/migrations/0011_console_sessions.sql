-- The web console's sessions and sign-in failure counters (issue 14), shared by the nodes of a
-- store: a session signed in on one node works on another, and a lockout holds on all. A
-- session is keyed by the SHA-256 of its cookie, never the cookie itself.
CREATE TABLE console_sessions (
    id_hash    TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    account_id TEXT   NOT NULL,
    data       BYTEA  NOT NULL,
    created    BIGINT NOT NULL,
    seen       BIGINT NOT NULL,
    expires    BIGINT NOT NULL
);
CREATE INDEX console_sessions_expires ON console_sessions (expires);
CREATE TABLE console_failures (
    key      TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    failures INTEGER NOT NULL,
    until    BIGINT  NOT NULL,
    updated  BIGINT  NOT NULL
);
CREATE INDEX console_failures_updated ON console_failures (updated);
