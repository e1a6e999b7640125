package account

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetCredentialReport returns the last credential report: AWS's CSV (see buildReport) with
// when it was generated. Without a report it answers ReportNotPresent; once the report is
// older than ReportLifetime, ReportExpired, until GenerateCredentialReport makes a new one.
var getCredentialReport = &op.Op[*Account, iamwire.GetCredentialReportInput, iamwire.GetCredentialReportOutput, op.None]{
	Name: "GetCredentialReport", Action: "iam:GetCredentialReport",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.GetCredentialReportInput, op.None]) (*iamwire.GetCredentialReportOutput, error) {
		account := r.Account()
		var err error
		var rep store.CredentialReport
		err = s.Store.View(ctx, func(tx store.Tx) error {
			rep, err = tx.Accounts().CredentialReport(ctx, account)
			if core.IsNotFound(err) {
				return iamerr.ReportNotPresent.Err()
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		if s.Now().Sub(rep.Generated) >= ReportLifetime {
			return nil, iamerr.ReportExpired.Err()
		}
		format, generated := iamwire.ReportFormatTypeTextCsv, rep.Generated
		return &iamwire.GetCredentialReportOutput{Content: rep.Content, ReportFormat: &format, GeneratedTime: &generated}, nil
	}}

func (s *Account) GetCredentialReport(ctx context.Context, in *iamwire.GetCredentialReportInput) (*iamwire.GetCredentialReportOutput, error) {
	return getCredentialReport.Run(ctx, s, in)
}
