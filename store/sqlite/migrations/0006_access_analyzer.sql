-- IAM Access Analyzer (issue 11): analyzers (part 0, name ''), their archive rules (part 1)
-- and findings (part 2), keyed case-sensitively; the service's own encoding in body. Rows go
-- with their account.
CREATE TABLE analyzer_records (
    account_id TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    analyzer   TEXT    NOT NULL,
    part       INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    resource   TEXT    NOT NULL,
    created    BIGINT  NOT NULL,
    updated    BIGINT  NOT NULL,
    body       BLOB    NOT NULL,
    PRIMARY KEY (account_id, analyzer, part, name)
);
