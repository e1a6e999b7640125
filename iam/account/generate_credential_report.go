package account

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// reportStarted is AWS's Description of a report generation it has just started.
const reportStarted = "No report exists. Starting a new report generation task"

// GenerateCredentialReport makes the account's credential report, at most once every
// ReportMinInterval as AWS does: while the last report is younger it answers COMPLETE and
// keeps it; otherwise it generates a new one from the current state (key use included) and
// answers STARTED. Generation finishes within the request, so the report is ready for
// GetCredentialReport at once and no request ever sees it half made (AWS's INPROGRESS state).
var generateCredentialReport = &op.Op[*Account, iamwire.GenerateCredentialReportInput, iamwire.GenerateCredentialReportOutput, op.None]{
	Name: "GenerateCredentialReport", Action: "iam:GenerateCredentialReport",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.GenerateCredentialReportInput, op.None]) (*iamwire.GenerateCredentialReportOutput, error) {
		account := r.Account()
		var err error
		if err := s.Usage.Flush(ctx); err != nil {
			return nil, err
		}
		now := s.Timestamp()
		fresh := false
		var content []byte
		err = s.Store.View(ctx, func(tx store.Tx) error {
			r, err := tx.Accounts().CredentialReport(ctx, account)
			if err == nil && now.Sub(r.Generated) < ReportMinInterval {
				fresh = true
				return nil
			}
			if err != nil && !core.IsNotFound(err) {
				return err
			}
			content, err = buildReport(ctx, tx, account)
			return err
		})
		if err != nil {
			return nil, err
		}
		if fresh {
			state := iamwire.ReportStateTypeComplete
			return &iamwire.GenerateCredentialReportOutput{State: &state}, nil
		}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			return tx.Accounts().PutCredentialReport(ctx, account, store.CredentialReport{Generated: now, Content: content})
		})
		if err != nil {
			return nil, err
		}
		state, desc := iamwire.ReportStateTypeStarted, reportStarted
		return &iamwire.GenerateCredentialReportOutput{State: &state, Description: &desc}, nil
	}}

func (s *Account) GenerateCredentialReport(ctx context.Context, in *iamwire.GenerateCredentialReportInput) (*iamwire.GenerateCredentialReportOutput, error) {
	return generateCredentialReport.Run(ctx, s, in)
}
