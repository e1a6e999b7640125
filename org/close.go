package org

import (
	"context"
	"time"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// CloseAccount and CreateGovCloudAccount. A closed member stays in the organization with the
// status AWS shows once the closure completes, SUSPENDED (Gatehouse completes it within the
// request, as CreateAccount does); from the next request every credential of the account is
// refused (authz reads the membership's status with the organization's policies) and nothing
// may be done to its resources. AWS's quota of closures applies.

// closeWindow is the rolling period of the closure quota and closeQuota the quota for an
// organization of n members (CloseAccount: "Within a rolling 30 day period you can close the
// higher of either 250 or 20% of the member accounts in your organization, up to a maximum
// of 1,000").
const closeWindow = 30 * 24 * time.Hour

func closeQuota(members int) int {
	return min(max(250, members/5), 1000)
}

var closeAccount = &op.Op[*Service, orgwire.CloseAccountInput, orgwire.CloseAccountOutput, *orgRef]{
	Name:    "CloseAccount",
	Action:  "organizations:CloseAccount",
	Resolve: accountARN(func(in *orgwire.CloseAccountInput) string { return in.AccountId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.CloseAccountInput, *orgRef]) (*orgwire.CloseAccountOutput, error) {
		o := r.Entity()
		if err := o.manage(); err != nil {
			return nil, err
		}
		if err := allFeatures(o); err != nil {
			return nil, err
		}
		if r.In.AccountId == o.Management {
			return nil, errConstraint(orgwire.ConstraintViolationExceptionReasonCannotCloseManagementAccount,
				"You attempted to close the management account. To close the management account for the organization, you must first either remove or close all member accounts in the organization. Follow standard account closure process using root credentials.")
		}
		err := s.update(ctx, func(_ store.Tx, recs store.Organizations) error { return s.closeMember(ctx, recs, o, r.In.AccountId) })
		if err != nil {
			return nil, err
		}
		return &orgwire.CloseAccountOutput{}, nil
	},
}

// allFeatures refuses an organization that supports only consolidated billing.
func allFeatures(o *orgRef) error {
	if o.Body.FeatureSet != string(orgwire.OrganizationFeatureSetAll) {
		return errConstraint(orgwire.ConstraintViolationExceptionReasonOrganizationNotInAllFeaturesMode,
			"You attempted to perform an operation that requires the organization to be configured to support all features. An organization that supports only consolidated billing features can't perform this operation.")
	}
	return nil
}

// closeMember marks a member closed, within the quota.
func (s *Service) closeMember(ctx context.Context, recs store.Organizations, o *orgRef, id string) error {
	rec, err := getMember(ctx, recs, o, id)
	if err != nil {
		return err
	}
	var m orgdata.Member
	if err := orgdata.Decode(rec, &m); err != nil {
		return err
	}
	if m.Status != string(orgwire.AccountStatusActive) {
		return orgwire.ErrAccountAlreadyClosedException("You attempted to close an account that is already closed.")
	}
	all, err := recs.List(ctx, o.ID, store.OrgMember, store.OrgFilter{})
	if err != nil {
		return err
	}
	now, recent := s.now(), 0
	for _, other := range all {
		var om orgdata.Member
		if err := orgdata.Decode(other, &om); err != nil {
			return err
		}
		if !om.Closed.IsZero() && now.Sub(om.Closed) < closeWindow {
			recent++
		}
	}
	if recent >= closeQuota(len(all)) {
		return errConstraint(orgwire.ConstraintViolationExceptionReasonCloseAccountQuotaExceeded,
			"You have exceeded close account quota for the past 30 days.")
	}
	m.Status, m.Closed = string(orgwire.AccountStatusSuspended), now
	rec.Updated, rec.Body = now, orgdata.Encode(m)
	return recs.Update(ctx, rec)
}

var createGovCloudAccount = &op.Op[*Service, orgwire.CreateGovCloudAccountInput, orgwire.CreateGovCloudAccountOutput, *orgRef]{
	Name:    "CreateGovCloudAccount",
	Action:  "organizations:CreateGovCloudAccount",
	Keys:    []op.KeySource[orgwire.CreateGovCloudAccountInput]{op.RequestTags(func(in *orgwire.CreateGovCloudAccountInput) []orgwire.Tag { return in.Tags })},
	Resolve: inOrg[orgwire.CreateGovCloudAccountInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.CreateGovCloudAccountInput, *orgRef]) (*orgwire.CreateGovCloudAccountOutput, error) {
		if err := r.Entity().manage(); err != nil {
			return nil, err
		}
		// Gatehouse serves one partition: no management account has the paired account in
		// the AWS GovCloud (US) Region this action requires, and AWS answers that with this
		// reason.
		return nil, errConstraint(orgwire.ConstraintViolationExceptionReasonMasterAccountNotGovcloudEnabled,
			"To complete this operation, the management account must have an associated account in the Amazon Web Services GovCloud (US-West) Region. For more information, see Organizations in the Amazon Web Services GovCloud User Guide.")
	},
}
