package storetest

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

// testJobResults: a job's report is stored with the job, replaced by a later Put, scoped to the
// job's account, absent for a job without one, and gone with its job's account; writing one
// moves no change feed (reports do not affect authorization).
func testJobResults(t *testing.T, s store.Store) {
	build(t, s, func(w world) { w.account(acct); w.account(acct2) })
	job := store.ReportJob{ID: "job-r", AccountID: acct, Kind: "service-last-accessed",
		EntityARN: "arn:aws:iam::" + acct + ":user/u", Granularity: "SERVICE_LEVEL", Status: "COMPLETED", Created: t0, Completed: at(1)}
	bare := job
	bare.ID = "job-bare"
	before := latest(t, s)
	update(t, s, func(tx store.Tx) error {
		la := tx.LastAccessed()
		wantErr(t, "CreateJob", la.CreateJob(ctx, job), nil)
		wantErr(t, "CreateJob bare", la.CreateJob(ctx, bare), nil)
		wantErr(t, "PutJobResult", la.PutJobResult(ctx, acct, job.ID, []byte(`{"v":1}`)), nil)
		wantErr(t, "PutJobResult again", la.PutJobResult(ctx, acct, job.ID, []byte(`{"v":2}`)), nil)
		wantErr(t, "PutJobResult for a missing job", la.PutJobResult(ctx, acct, "nope", []byte("x")), store.ErrNotFound)
		wantErr(t, "PutJobResult in another account", la.PutJobResult(ctx, acct2, job.ID, []byte("x")), store.ErrNotFound)
		return nil
	})
	if got := latest(t, s); got != before {
		t.Errorf("job results moved the change feed from %d to %d", before, got)
	}
	view(t, s, func(tx store.Tx) error {
		la := tx.LastAccessed()
		got, err := la.JobResult(ctx, acct, job.ID)
		wantErr(t, "JobResult", err, nil)
		diff(t, "JobResult keeps the last Put", `{"v":2}`, string(got))
		_, err = la.JobResult(ctx, acct, bare.ID)
		wantErr(t, "JobResult of a job without one", err, store.ErrNotFound)
		_, err = la.JobResult(ctx, acct2, job.ID)
		wantErr(t, "JobResult from another account", err, store.ErrNotFound)
		wantErr(t, "PutJobResult in a View", la.PutJobResult(ctx, acct, job.ID, nil), store.ErrReadOnly)
		return nil
	})
	update(t, s, func(tx store.Tx) error { return tx.Accounts().Delete(ctx, acct) })
	view(t, s, func(tx store.Tx) error {
		_, err := tx.LastAccessed().JobResult(ctx, acct, job.ID)
		wantErr(t, "JobResult after the account is deleted", err, store.ErrNotFound)
		return nil
	})
}
