-- The reports of access-advisor jobs (GenerateServiceLastAccessedDetails, issue 4). A report is a
-- snapshot taken when its job runs, as AWS's are, so it is stored rather than recomputed from
-- last_accessed (whose rows keep only the latest access). Rows go with their job or account.
CREATE TABLE report_results (
    job_id     TEXT NOT NULL PRIMARY KEY REFERENCES report_jobs (id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    content    BLOB NOT NULL
);
