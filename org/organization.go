package org

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// The organization itself: CreateOrganization, DescribeOrganization, DeleteOrganization,
// ListRoots.

var createOrganization = &op.Op[*Service, orgwire.CreateOrganizationInput, orgwire.CreateOrganizationOutput, op.None]{
	Name:   "CreateOrganization",
	Action: "organizations:CreateOrganization",
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.CreateOrganizationInput, op.None]) (*orgwire.CreateOrganizationOutput, error) {
		fs := orgwire.OrganizationFeatureSetAll
		if r.In.FeatureSet != nil {
			fs = *r.In.FeatureSet
		}
		var o *orgRef
		err := s.update(ctx, func(tx store.Tx, recs store.Organizations) error {
			var err error
			o, err = s.newOrganization(ctx, tx, r.Account(), fs)
			return err
		})
		if err != nil {
			return nil, err
		}
		return s.describe(ctx, o)
	},
}

// newOrganization writes an organization managed by account: the organization, its root and
// the management account's membership.
func (s *Service) newOrganization(ctx context.Context, tx store.Tx, account string, fs orgwire.OrganizationFeatureSet) (*orgRef, error) {
	recs := tx.Organizations()
	if _, err := recs.Membership(ctx, account); err == nil {
		return nil, errAlreadyInOrganization()
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	id, err := newID(s.rand, "o-", 10)
	if err != nil {
		return nil, err
	}
	rootID, err := newID(s.rand, "r-", 4)
	if err != nil {
		return nil, err
	}
	now := s.now()
	o := &orgRef{ID: id, Management: account, Caller: account, Manages: true, Body: orgdata.Org{FeatureSet: string(fs), Root: rootID}}
	for _, rec := range []store.OrgRecord{
		{OrgID: id, Part: store.OrgItself, Name: account, Body: orgdata.Encode(o.Body)},
		{OrgID: id, Part: store.OrgRoot, ID: rootID, Name: "Root", Body: orgdata.Encode(orgdata.Root{Name: "Root"})},
		{OrgID: id, Part: store.OrgMember, ID: account, Parent: rootID, Body: orgdata.Encode(orgdata.Member{
			Method: string(orgwire.AccountJoinedMethodCreated), Joined: now, Status: string(orgwire.AccountStatusActive)})},
	} {
		rec.Created, rec.Updated = now, now
		if err := recs.Create(ctx, rec); err != nil {
			return nil, err
		}
	}
	return o, nil
}

var describeOrganization = &op.Op[*Service, orgwire.DescribeOrganizationInput, orgwire.DescribeOrganizationOutput, *orgRef]{
	Name:    "DescribeOrganization",
	Action:  "organizations:DescribeOrganization",
	Resolve: ownOrg[orgwire.DescribeOrganizationInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DescribeOrganizationInput, *orgRef]) (*orgwire.DescribeOrganizationOutput, error) {
		out, err := s.describe(ctx, r.Entity())
		if err != nil {
			return nil, err
		}
		return &orgwire.DescribeOrganizationOutput{Organization: out.Organization}, nil
	},
}

// describe is the Organization structure of o.
func (s *Service) describe(ctx context.Context, o *orgRef) (*orgwire.CreateOrganizationOutput, error) {
	var mgmt store.Account
	err := s.store.View(ctx, func(tx store.Tx) (err error) {
		mgmt, err = tx.Accounts().Get(ctx, o.Management)
		return err
	})
	if err != nil {
		return nil, err
	}
	fs := orgwire.OrganizationFeatureSet(o.Body.FeatureSet)
	out := &orgwire.Organization{Id: &o.ID, Arn: new(o.ARN()), FeatureSet: &fs,
		MasterAccountArn: new("arn:aws:organizations::" + o.Management + ":account/" + o.ID + "/" + o.Management),
		MasterAccountId:  &o.Management, MasterAccountEmail: new(mgmt.Email),
		AvailablePolicyTypes: []orgwire.PolicyTypeSummary{}}
	if fs == orgwire.OrganizationFeatureSetAll {
		// "Do not use": AWS still answers it, always with SCPs enabled.
		out.AvailablePolicyTypes = append(out.AvailablePolicyTypes, orgwire.PolicyTypeSummary{
			Type: new(orgwire.PolicyTypeServiceControlPolicy), Status: new(orgwire.PolicyTypeStatusEnabled)})
	}
	return &orgwire.CreateOrganizationOutput{Organization: out}, nil
}

var deleteOrganization = &op.Op[*Service, orgwire.DeleteOrganizationInput, orgwire.DeleteOrganizationOutput, *orgRef]{
	Name:    "DeleteOrganization",
	Action:  "organizations:DeleteOrganization",
	Resolve: inOrg[orgwire.DeleteOrganizationInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DeleteOrganizationInput, *orgRef]) (*orgwire.DeleteOrganizationOutput, error) {
		o := r.Entity()
		if err := o.manage(); err != nil {
			return nil, err
		}
		err := s.update(ctx, func(tx store.Tx, recs store.Organizations) error {
			members, err := recs.List(ctx, o.ID, store.OrgMember, store.OrgFilter{})
			if err != nil {
				return err
			}
			if len(members) > 1 {
				return orgwire.ErrOrganizationNotEmptyException("To delete an organization you must first remove all member accounts (except the management account).")
			}
			if busy, err := ongoingTransfers(ctx, tx, o, s.now()); err != nil {
				return err
			} else if busy {
				// The reason's text is the model's; AWS's message is unconfirmed.
				return errConstraint(orgwire.ConstraintViolationExceptionReasonActiveResponsibilityTransferProcess,
					"You cannot delete organization due to an ongoing responsibility transfer process.")
			}
			return recs.Delete(ctx, o.ID, store.OrgItself, o.ID)
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.DeleteOrganizationOutput{}, nil
	},
}

var listRoots = &op.Op[*Service, orgwire.ListRootsInput, orgwire.ListRootsOutput, *orgRef]{
	Name:    "ListRoots",
	Action:  "organizations:ListRoots",
	Resolve: inOrg[orgwire.ListRootsInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.ListRootsInput, *orgRef]) (*orgwire.ListRootsOutput, error) {
		o := r.Entity()
		if err := o.delegated(); err != nil {
			return nil, err
		}
		var root *orgwire.Root
		err := s.view(ctx, func(_ store.Tx, recs store.Organizations) (err error) {
			root, err = rootOf(ctx, recs, o)
			return err
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.ListRootsOutput{Roots: []orgwire.Root{*root}}, nil
	},
}

// rootOf reads the organization's root as the API shows it.
func rootOf(ctx context.Context, recs store.Organizations, o *orgRef) (*orgwire.Root, error) {
	rec, err := recs.Get(ctx, o.ID, store.OrgRoot, o.Body.Root)
	if err != nil {
		return nil, err
	}
	var b orgdata.Root
	if err := orgdata.Decode(rec, &b); err != nil {
		return nil, err
	}
	root := &orgwire.Root{Id: &rec.ID, Arn: new(o.arn("root", rec.ID)), Name: new(b.Name), PolicyTypes: []orgwire.PolicyTypeSummary{}}
	for _, t := range b.PolicyTypes {
		root.PolicyTypes = append(root.PolicyTypes, orgwire.PolicyTypeSummary{Type: new(orgwire.PolicyType(t)),
			Status: new(orgwire.PolicyTypeStatusEnabled)})
	}
	return root, nil
}
