package account

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetCredentialReport returns the last credential report: AWS's CSV (see buildReport) with
// when it was generated. Without a report it answers ReportNotPresent; once the report is
// older than ReportLifetime, ReportExpired, until GenerateCredentialReport makes a new one.
func (s *Account) GetCredentialReport(ctx context.Context, in *iamwire.GetCredentialReportInput) (*iamwire.GetCredentialReportOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	if err := s.Authorize(ctx, call, "iam:GetCredentialReport", accountWide); err != nil {
		return nil, err
	}
	var r store.CredentialReport
	err = s.Store.View(ctx, func(tx store.Tx) error {
		r, err = tx.Accounts().CredentialReport(ctx, account)
		if core.IsNotFound(err) {
			return reportNotPresent()
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if s.Now().Sub(r.Generated) >= ReportLifetime {
		return nil, reportExpired()
	}
	format, generated := iamwire.ReportFormatTypeTextCsv, r.Generated
	return &iamwire.GetCredentialReportOutput{Content: r.Content, ReportFormat: &format, GeneratedTime: &generated}, nil
}
