package analysis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/gatehouse-iam/gatehouse/store"
)

// newJobID returns a job identifier as AWS's look: a random (version 4) UUID, 36 characters
// ("Length Constraints: Fixed length of 36", JobId).
func newJobID(r io.Reader) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("analysis: generating a job ID: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}

// loadJob reads a job of the account and kind, with its report decoded into rep when rep is
// not nil; a job of another kind or account is NoSuchEntity, as a missing one.
func loadJob(ctx context.Context, st store.Store, account, id, kind string, rep any) (store.ReportJob, error) {
	var job store.ReportJob
	var content []byte
	err := st.View(ctx, func(tx store.Tx) error {
		var err error
		if job, err = tx.LastAccessed().GetJob(ctx, account, id); err != nil {
			return err
		}
		if job.Kind != kind || rep == nil {
			return nil
		}
		content, err = tx.LastAccessed().JobResult(ctx, account, id)
		return err
	})
	if errors.Is(err, store.ErrNotFound) || err == nil && job.Kind != kind {
		return job, noSuchJob(id)
	}
	if err != nil {
		return job, err
	}
	if rep != nil {
		if err := json.Unmarshal(content, rep); err != nil {
			return job, fmt.Errorf("analysis: reading the report of job %s: %w", id, err)
		}
	}
	return job, nil
}
