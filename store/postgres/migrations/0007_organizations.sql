-- AWS Organizations (issue 9): every record of an organization (the organization itself,
-- roots, OUs, memberships, policies, attachments, handshakes, delegated administrators,
-- trusted services, CreateAccount statuses) keyed by organization, part and ID; the
-- service's own encoding in body. A membership names its account (account_id), goes with
-- it, and is unique across organizations.
CREATE TABLE org_records (
    org_id     TEXT COLLATE "C" NOT NULL,
    part       INTEGER NOT NULL,
    id         TEXT COLLATE "C" NOT NULL,
    parent     TEXT COLLATE "C" NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    account_id TEXT COLLATE "C" REFERENCES accounts (id) ON DELETE CASCADE,
    created    BIGINT  NOT NULL,
    updated    BIGINT  NOT NULL,
    body       BYTEA   NOT NULL,
    PRIMARY KEY (org_id, part, id)
);
CREATE UNIQUE INDEX org_records_member ON org_records (account_id);
CREATE INDEX org_records_parent ON org_records (org_id, part, parent);
