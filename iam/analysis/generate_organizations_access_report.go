package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GenerateOrganizationsAccessReport starts an Organizations access report for an entity path
// (o-…/r-…/ou-…/account). The report is made from the organization's SCPs, which an account
// outside any organization — every Gatehouse account until Organizations exists — does not
// have: the job is accepted (the operation models no error but a generation limit) and fails,
// and GetOrganizationsAccessReport says why. Authorized on the access-report resource
// (arn:aws:iam::ACCOUNT:access-report/ENTITY-PATH) with iam:OrganizationsPolicyId.
func (s *Analysis) GenerateOrganizationsAccessReport(ctx context.Context, in *iamwire.GenerateOrganizationsAccessReportInput) (*iamwire.GenerateOrganizationsAccessReportOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	var keys []authz.Key
	if in.OrganizationsPolicyId != nil {
		keys = append(keys, authz.StringKey("iam:OrganizationsPolicyId", *in.OrganizationsPolicyId))
	}
	resource := "arn:aws:iam::" + account + ":access-report/" + in.EntityPath
	if err := s.Authorize(ctx, call, "iam:GenerateOrganizationsAccessReport", resource, keys...); err != nil {
		return nil, err
	}
	id, err := newJobID(s.Rand)
	if err != nil {
		return nil, err
	}
	now := s.Timestamp()
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		return tx.LastAccessed().CreateJob(ctx, store.ReportJob{ID: id, AccountID: account, Kind: jobOrganizationsAccess,
			EntityARN: in.EntityPath, Status: string(iamwire.JobStatusTypeFailed), Created: now, Completed: now})
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.GenerateOrganizationsAccessReportOutput{JobId: &id}, nil
}
