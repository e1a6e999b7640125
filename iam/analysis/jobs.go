package analysis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/store"
)

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
		return job, iamerr.NoSuchJob.Err(id)
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
