-- IAM Access Analyzer (issue 11): analyzers (part 0, name ''), their archive rules (part 1)
-- and findings (part 2), keyed case-sensitively; the service's own encoding in body. Rows go
-- with their account.
CREATE TABLE analyzer_records (
    account_id TEXT COLLATE "C" NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    analyzer   TEXT COLLATE "C" NOT NULL,
    part       INTEGER NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    resource   TEXT COLLATE "C" NOT NULL,
    created    BIGINT  NOT NULL,
    updated    BIGINT  NOT NULL,
    body       BYTEA   NOT NULL,
    PRIMARY KEY (account_id, analyzer, part, name)
);
