package org

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// EnableAllFeatures moves an organization created with the CONSOLIDATED_BILLING feature set
// to ALL, as AWS does it: an ENABLE_ALL_FEATURES handshake for the management account and one
// APPROVE_ALL_FEATURES handshake, its child, for every invited member (accounts the
// organization created approve implicitly). When every child is accepted, the management
// account accepts the parent and the organization has all features: SCPs and RCPs can then
// be enabled. While it is open the organization sends no invitations; canceling it cancels
// the open children.

var enableAllFeatures = &op.Op[*Service, orgwire.EnableAllFeaturesInput, orgwire.EnableAllFeaturesOutput, *orgRef]{
	Name:    "EnableAllFeatures",
	Action:  "organizations:EnableAllFeatures",
	Resolve: inOrg[orgwire.EnableAllFeaturesInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.EnableAllFeaturesInput, *orgRef]) (*orgwire.EnableAllFeaturesOutput, error) {
		o := r.Entity()
		if err := o.manage(); err != nil {
			return nil, err
		}
		if o.Body.FeatureSet == string(orgwire.OrganizationFeatureSetAll) {
			return nil, errHandshakeConstraint(orgwire.HandshakeConstraintViolationExceptionReasonOrganizationAlreadyHasAllFeatures,
				"This organization has already enabled all features.")
		}
		var h *hsRef
		err := s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			var err error
			h, err = s.startAllFeatures(ctx, recs, o)
			return err
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.EnableAllFeaturesOutput{Handshake: new(h.wire(s.now()))}, nil
	},
}

// startAllFeatures writes the ENABLE_ALL_FEATURES handshake and its children.
func (s *Service) startAllFeatures(ctx context.Context, recs store.Organizations, o *orgRef) (*hsRef, error) {
	open, err := s.handshakes(ctx, recs, o, orgwire.ActionTypeEnableAllFeatures, "")
	if err != nil {
		return nil, err
	}
	if len(open) > 0 {
		return nil, errHandshakeConstraint(orgwire.HandshakeConstraintViolationExceptionReasonOrganizationIsAlreadyPendingAllFeaturesMigration,
			"This organization is already in the process of enabling all features.")
	}
	parent, err := s.newHandshake(ctx, recs, o, o.Management, handshake{Action: string(orgwire.ActionTypeEnableAllFeatures)})
	if err != nil {
		return nil, err
	}
	members, err := recs.List(ctx, o.ID, store.OrgMember, store.OrgFilter{})
	if err != nil {
		return nil, err
	}
	for _, rec := range members {
		var m orgdata.Member
		if err := orgdata.Decode(rec, &m); err != nil {
			return nil, err
		}
		if rec.ID == o.Management || m.Method != string(orgwire.AccountJoinedMethodInvited) {
			continue
		}
		if _, err := s.newHandshake(ctx, recs, o, rec.ID, handshake{Action: string(orgwire.ActionTypeApproveAllFeatures),
			Party: rec.ID, PartyType: string(orgwire.HandshakePartyTypeAccount), Parent: parent.Rec.ID}); err != nil {
			return nil, err
		}
	}
	return parent, nil
}

// handshakes reads the OPEN handshakes of o of one action, the children of parent when given.
func (s *Service) handshakes(ctx context.Context, recs store.Organizations, o *orgRef, action orgwire.ActionType, parent string) ([]*hsRef, error) {
	all, err := orgHandshakes(ctx, recs, o, store.OrgFilter{Name: string(action)})
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []*hsRef
	for _, h := range all {
		if h.Body.state(now) == orgwire.HandshakeStateOpen && (parent == "" || h.Body.Parent == parent) {
			out = append(out, h)
		}
	}
	return out, nil
}

// finishAllFeatures completes an accepted ENABLE_ALL_FEATURES handshake: every member
// invited must have approved.
func (s *Service) finishAllFeatures(ctx context.Context, recs store.Organizations, h *hsRef) error {
	waiting, err := s.unapproved(ctx, recs, h)
	if err != nil {
		return err
	}
	if waiting > 0 {
		// AWS's error for finalizing before every member approved is unconfirmed (looked: the
		// API reference of AcceptHandshake and EnableAllFeatures, the model's
		// HandshakeConstraintViolationException reasons, none of which names this case).
		return orgwire.ErrHandshakeConstraintViolationException("%d invited member accounts have not yet approved enabling all features.", waiting)
	}
	rec, err := recs.Get(ctx, h.Org.ID, store.OrgItself, h.Org.ID)
	if err != nil {
		return err
	}
	h.Org.Body.FeatureSet = string(orgwire.OrganizationFeatureSetAll)
	rec.Updated, rec.Body = s.now(), orgdata.Encode(h.Org.Body)
	return recs.Update(ctx, rec)
}

// unapproved counts the members whose APPROVE_ALL_FEATURES child of h is not accepted (open,
// declined or expired): a member that declined must leave before the change can finish.
func (s *Service) unapproved(ctx context.Context, recs store.Organizations, h *hsRef) (int, error) {
	kids, err := orgHandshakes(ctx, recs, h.Org, store.OrgFilter{Name: string(orgwire.ActionTypeApproveAllFeatures)})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range kids {
		if c.Body.Parent != h.Rec.ID || c.Body.State == string(orgwire.HandshakeStateAccepted) {
			continue
		}
		if _, err := recs.Get(ctx, h.Org.ID, store.OrgMember, c.Rec.Parent); err == nil {
			n++
		} else if !errors.Is(err, store.ErrNotFound) {
			return 0, err
		}
	}
	return n, nil
}

// settleChildren moves the open children of an ENABLE_ALL_FEATURES handshake to state.
func (s *Service) settleChildren(ctx context.Context, recs store.Organizations, h *hsRef, state orgwire.HandshakeState) error {
	open, err := s.handshakes(ctx, recs, h.Org, orgwire.ActionTypeApproveAllFeatures, h.Rec.ID)
	if err != nil {
		return err
	}
	for _, c := range open {
		if err := s.settle(ctx, recs, c, state); err != nil {
			return err
		}
	}
	return nil
}
