package sqlstore

import (
	"context"
	"fmt"
)

// The reports of access-advisor jobs (migration 0003). Reports are usage data, like the
// last-accessed records they are made from: writing one records no change in the feed.

func (s lastAccessed) PutJobResult(ctx context.Context, accountID, jobID string, content []byte) error {
	what := fmt.Sprintf("report of job %s", jobID)
	if err := s.t.one(ctx, what, `SELECT id FROM report_jobs WHERE account_id = $1 AND id = $2`,
		[]any{accountID, jobID}, new(string)); err != nil {
		return err
	}
	if content == nil {
		content = []byte{}
	}
	_, err := s.t.exec(ctx, what, `INSERT INTO report_results (job_id, account_id, content) VALUES ($1, $2, $3)
		ON CONFLICT (job_id) DO UPDATE SET content = excluded.content`, jobID, accountID, content)
	return err
}

func (s lastAccessed) JobResult(ctx context.Context, accountID, jobID string) ([]byte, error) {
	var content []byte
	err := s.t.one(ctx, fmt.Sprintf("report of job %s", jobID),
		`SELECT content FROM report_results WHERE account_id = $1 AND job_id = $2`, []any{accountID, jobID}, &content)
	return content, err
}
