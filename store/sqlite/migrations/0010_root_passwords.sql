-- The root user's console password (issue 14): the root user signs in to the console with the
-- account's email address (or its ID) and this password. One per account, gone with the account.
-- Emails are looked up without regard to case (GetByEmail), so the index is on lower(email).
CREATE TABLE root_passwords (
    account_id    TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    password_hash BLOB    NOT NULL,
    changed       BIGINT  NOT NULL,
    last_used     BIGINT
);
CREATE INDEX accounts_email_fold ON accounts (lower(email));
