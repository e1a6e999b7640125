package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetOrganizationsAccessReport returns an Organizations access report job. Without an
// organization every such job has failed; ErrorDetails says why, with the code and text of
// OrganizationNotFoundException (unconfirmed: AWS documents only that a failed job "returns
// the reason that it failed").
func (s *Analysis) GetOrganizationsAccessReport(ctx context.Context, in *iamwire.GetOrganizationsAccessReportInput) (*iamwire.GetOrganizationsAccessReportOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:GetOrganizationsAccessReport", "*"); err != nil {
		return nil, err
	}
	job, err := loadJob(ctx, s.Store, call.Caller.AccountID, in.JobId, jobOrganizationsAccess, nil)
	if err != nil {
		return nil, err
	}
	completed := job.Completed
	reason := noOrganization()
	return &iamwire.GetOrganizationsAccessReportOutput{JobStatus: iamwire.JobStatusType(job.Status), JobCreationDate: job.Created,
		JobCompletionDate: &completed, ErrorDetails: &iamwire.ErrorDetails{Code: reason.Code, Message: reason.Message}}, nil
}
