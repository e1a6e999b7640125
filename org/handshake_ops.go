package org

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// The handshake operations: InviteAccountToOrganization, DescribeHandshake,
// ListHandshakesForAccount, ListHandshakesForOrganization, AcceptHandshake, DeclineHandshake,
// CancelHandshake. An invited account that accepts joins the organization under its root with
// the full-access policies of the enabled types attached (SCPs bite from its next request, as
// authz reads the organization on every request); it gets no OrganizationAccountAccessRole
// (AWS creates that role only in accounts it creates).

// handshakeByID finds the handshake the request names among those the caller originated or
// answers; any other is HandshakeNotFoundException, after authorization.
func handshakeByID[In any](id func(*In) string) op.Resolver[*Service, In, *hsRef] {
	return op.Resolver[*Service, In, *hsRef]{Find: func(s *Service, ctx context.Context, call *callctx.Call, in *In) (op.Target[*hsRef], error) {
		var h *hsRef
		err := s.store.View(ctx, func(tx store.Tx) (err error) {
			h, err = findHandshake(ctx, tx, call.Caller.AccountID, id(in))
			return err
		})
		if err != nil {
			return op.Target[*hsRef]{}, err
		}
		if h == nil {
			return op.Target[*hsRef]{Missing: errHandshakeNotFound()}, nil
		}
		return op.Target[*hsRef]{Entity: h, ARN: h.ARN()}, nil
	}}
}

var accountIDPattern = regexp.MustCompile(`^\d{12}$`)

// checkInvitee refuses a target AWS does not invite: an organization, a malformed account ID
// or email address.
func checkInvitee(p orgwire.HandshakeParty) error {
	switch p.Type {
	case orgwire.HandshakePartyTypeAccount:
		if !accountIDPattern.MatchString(p.Id) {
			return errInvalidInput(orgwire.InvalidInputExceptionReasonInvalidPattern, "You provided a value that doesn't match the required pattern.")
		}
	case orgwire.HandshakePartyTypeEmail:
		if at := strings.IndexByte(p.Id, '@'); at <= 0 || at == len(p.Id)-1 || strings.ContainsAny(p.Id, " \t") {
			return errInvalidInput(orgwire.InvalidInputExceptionReasonInvalidEmailAddressTarget, "You specified an invalid email address for the invited account owner.")
		}
	default:
		return errInvalidInput(orgwire.InvalidInputExceptionReasonInvalidPartyTypeTarget, "You specified the wrong type of entity (account, organization, or email) as a party.")
	}
	return nil
}

func errHandshakeConstraint(reason orgwire.HandshakeConstraintViolationExceptionReason, msg string) error {
	return orgwire.ErrHandshakeConstraintViolationExceptionWith(orgwire.HandshakeConstraintViolationExceptionFields{Reason: &reason}, "%s", msg)
}

func errAlreadyMember() error {
	return errHandshakeConstraint(orgwire.HandshakeConstraintViolationExceptionReasonAlreadyInAnOrganization,
		"The handshake request is invalid because the invited account is already a member of an organization.")
}

// canInvite refuses an invitation of party (a handshake's Parent) AWS refuses: a member
// already, one with an open invitation, over the day's quota, or while all features are
// being enabled.
func (s *Service) canInvite(ctx context.Context, recs store.Organizations, o *orgRef, party string) error {
	if m, err := recs.Membership(ctx, party); err == nil && m.OrgID == o.ID {
		return errAlreadyMember()
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	all, err := orgHandshakes(ctx, recs, o, store.OrgFilter{})
	if err != nil {
		return err
	}
	now, today := s.now(), 0
	for _, h := range all {
		b := &h.Body
		open := b.state(now) == orgwire.HandshakeStateOpen
		switch {
		case open && b.Action == string(orgwire.ActionTypeEnableAllFeatures):
			return errHandshakeConstraint(orgwire.HandshakeConstraintViolationExceptionReasonInviteDisabledDuringEnableAllFeatures,
				"You can't issue new invitations to join an organization while it's in the process of enabling all features.")
		case open && b.Action == string(orgwire.ActionTypeInvite) && h.Rec.Parent == party:
			return orgwire.ErrDuplicateHandshakeException("A handshake with the same action and target already exists.")
		}
		if b.Action == string(orgwire.ActionTypeInvite) && now.Sub(b.Requested) < 24*time.Hour {
			today++
		}
	}
	if today >= invitesPerDay {
		return errHandshakeConstraint(orgwire.HandshakeConstraintViolationExceptionReasonHandshakeRateLimitExceeded,
			"You attempted to exceed the number of handshakes that you can send in one day.")
	}
	return nil
}

var inviteAccountToOrganization = &op.Op[*Service, orgwire.InviteAccountToOrganizationInput, orgwire.InviteAccountToOrganizationOutput, *orgRef]{
	Name:    "InviteAccountToOrganization",
	Action:  "organizations:InviteAccountToOrganization",
	Keys:    []op.KeySource[orgwire.InviteAccountToOrganizationInput]{op.RequestTags(func(in *orgwire.InviteAccountToOrganizationInput) []orgwire.Tag { return in.Tags })},
	Resolve: inOrg[orgwire.InviteAccountToOrganizationInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.InviteAccountToOrganizationInput, *orgRef]) (*orgwire.InviteAccountToOrganizationOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.manage(); err != nil {
			return nil, err
		}
		if err := checkInvitee(in.Target); err != nil {
			return nil, err
		}
		tags, err := tagsFrom(in.Tags)
		if err != nil {
			return nil, err
		}
		var h *hsRef
		err = s.update(ctx, func(tx store.Tx, recs store.Organizations) error {
			party, err := partyKey(ctx, tx, in.Target)
			if err != nil {
				return err
			}
			if err := s.canInvite(ctx, recs, o, party); err != nil {
				return err
			}
			mgmt, err := tx.Accounts().Get(ctx, o.Management)
			if err != nil {
				return err
			}
			h, err = s.newHandshake(ctx, recs, o, party, handshake{Action: string(orgwire.ActionTypeInvite),
				Party: in.Target.Id, PartyType: string(in.Target.Type), Notes: deref(in.Notes), Tags: tags,
				MasterEmail: mgmt.Email, MasterName: mgmt.Name, FeatureSet: o.Body.FeatureSet})
			return err
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.InviteAccountToOrganizationOutput{Handshake: new(h.wire(s.now()))}, nil
	},
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

var describeHandshake = &op.Op[*Service, orgwire.DescribeHandshakeInput, orgwire.DescribeHandshakeOutput, *hsRef]{
	Name:    "DescribeHandshake",
	Action:  "organizations:DescribeHandshake",
	Resolve: handshakeByID(func(in *orgwire.DescribeHandshakeInput) string { return in.HandshakeId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DescribeHandshakeInput, *hsRef]) (*orgwire.DescribeHandshakeOutput, error) {
		return &orgwire.DescribeHandshakeOutput{Handshake: new(r.Entity().wire(s.now()))}, nil
	},
}

// listHandshakes pages the handshakes read selects, and a filter, among those still shown.
func (s *Service) listHandshakes(ctx context.Context, read func(tx store.Tx) ([]*hsRef, error), f *orgwire.HandshakeFilter, token *string, max *int32) ([]orgwire.Handshake, *string, error) {
	var all []*hsRef
	err := s.store.View(ctx, func(tx store.Tx) (err error) {
		all, err = read(tx)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	var action, parent string
	if f != nil {
		if f.ActionType != nil && f.ParentHandshakeId != nil {
			return nil, nil, errInvalidInput(orgwire.InvalidInputExceptionReasonMaxLimitExceededFilter, "You can specify only one filter parameter for the operation.")
		}
		action, parent = string(deref((*string)(f.ActionType))), deref(f.ParentHandshakeId)
	}
	now := s.now()
	var out []orgwire.Handshake
	for _, h := range all {
		if (action == "" || h.Body.Action == action) && (parent == "" || h.Body.Parent == parent) && h.Body.shown(now) {
			out = append(out, h.wire(now))
		}
	}
	items, next, err := page(out, func(h orgwire.Handshake) string { return *h.Id }, token, max)
	return orEmpty(items), next, err
}

var listHandshakesForAccount = &op.Op[*Service, orgwire.ListHandshakesForAccountInput, orgwire.ListHandshakesForAccountOutput, op.None]{
	Name:   "ListHandshakesForAccount",
	Action: "organizations:ListHandshakesForAccount",
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.ListHandshakesForAccountInput, op.None]) (*orgwire.ListHandshakesForAccountOutput, error) {
		items, next, err := s.listHandshakes(ctx, func(tx store.Tx) ([]*hsRef, error) { return callerHandshakes(ctx, tx, r.Account()) },
			r.In.Filter, r.In.NextToken, r.In.MaxResults)
		if err != nil {
			return nil, err
		}
		return &orgwire.ListHandshakesForAccountOutput{Handshakes: items, NextToken: next}, nil
	},
}

var listHandshakesForOrganization = &op.Op[*Service, orgwire.ListHandshakesForOrganizationInput, orgwire.ListHandshakesForOrganizationOutput, *orgRef]{
	Name:    "ListHandshakesForOrganization",
	Action:  "organizations:ListHandshakesForOrganization",
	Resolve: inOrg[orgwire.ListHandshakesForOrganizationInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.ListHandshakesForOrganizationInput, *orgRef]) (*orgwire.ListHandshakesForOrganizationOutput, error) {
		// The management account or a delegated administrator (API reference: "This operation can
		// be called only from the organization's management account or by a member account that is
		// a delegated administrator").
		o := r.Entity()
		if err := o.delegated(); err != nil {
			return nil, err
		}
		items, next, err := s.listHandshakes(ctx, func(tx store.Tx) ([]*hsRef, error) {
			return orgHandshakes(ctx, tx.Organizations(), o, store.OrgFilter{})
		}, r.In.Filter, r.In.NextToken, r.In.MaxResults)
		if err != nil {
			return nil, err
		}
		return &orgwire.ListHandshakesForOrganizationOutput{Handshakes: items, NextToken: next}, nil
	},
}

// answer runs fn on the handshake, read again in a write transaction, and returns it as the
// API shows it after.
func (s *Service) answer(ctx context.Context, h *hsRef, fn func(tx store.Tx, recs store.Organizations) error) (*orgwire.Handshake, error) {
	err := s.update(ctx, func(tx store.Tx, recs store.Organizations) error {
		if err := reread(ctx, recs, h); err != nil {
			return err
		}
		return fn(tx, recs)
	})
	if err != nil {
		return nil, err
	}
	return new(h.wire(s.now())), nil
}

var acceptHandshake = &op.Op[*Service, orgwire.AcceptHandshakeInput, orgwire.AcceptHandshakeOutput, *hsRef]{
	Name:    "AcceptHandshake",
	Action:  "organizations:AcceptHandshake",
	Resolve: handshakeByID(func(in *orgwire.AcceptHandshakeInput) string { return in.HandshakeId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.AcceptHandshakeInput, *hsRef]) (*orgwire.AcceptHandshakeOutput, error) {
		h := r.Entity()
		if !h.Answers() {
			// Only the party a handshake was sent to accepts it; AWS's answer to its
			// originator is unconfirmed (the API reference: "only a principal from the member
			// account"; AccessDeniedException is in the operation's error list, its text is
			// AWS's, see errAccessDenied).
			return nil, errAccessDenied()
		}
		out, err := s.answer(ctx, h, func(tx store.Tx, recs store.Organizations) error {
			if err := s.settle(ctx, recs, h, orgwire.HandshakeStateAccepted); err != nil {
				return err
			}
			switch orgwire.ActionType(h.Body.Action) {
			case orgwire.ActionTypeInvite:
				return s.join(ctx, recs, h)
			case orgwire.ActionTypeEnableAllFeatures:
				return s.finishAllFeatures(ctx, recs, h)
			case orgwire.ActionTypeTransferResponsibility:
				return s.answerTransfer(ctx, tx, h, orgwire.ResponsibilityTransferStatusAccepted)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.AcceptHandshakeOutput{Handshake: out}, nil
	},
}

// join makes the account that accepted an invitation a member, under the root, with the
// full-access policies of the enabled types and the invitation's tags.
func (s *Service) join(ctx context.Context, recs store.Organizations, h *hsRef) error {
	account := h.Org.Caller
	if _, err := recs.Membership(ctx, account); err == nil {
		return errAlreadyMember()
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	now := s.now()
	err := recs.Create(ctx, store.OrgRecord{OrgID: h.Org.ID, Part: store.OrgMember, ID: account, Parent: h.Org.Body.Root,
		Created: now, Updated: now, Body: orgdata.Encode(orgdata.Member{Method: string(orgwire.AccountJoinedMethodInvited),
			Joined: now, Status: string(orgwire.AccountStatusActive), Tags: h.Body.Tags})})
	if err != nil {
		return err
	}
	return s.attachFullAccess(ctx, recs, h.Org, account)
}

var declineHandshake = &op.Op[*Service, orgwire.DeclineHandshakeInput, orgwire.DeclineHandshakeOutput, *hsRef]{
	Name:    "DeclineHandshake",
	Action:  "organizations:DeclineHandshake",
	Resolve: handshakeByID(func(in *orgwire.DeclineHandshakeInput) string { return in.HandshakeId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DeclineHandshakeInput, *hsRef]) (*orgwire.DeclineHandshakeOutput, error) {
		h := r.Entity()
		if !h.Answers() || h.Originates() {
			// Only the recipient declines ("This operation can be called only from the
			// account that received the handshake"); the originator cancels. The error AWS
			// answers the originator is unconfirmed (AccessDeniedException is in the
			// operation's error list; looked: API reference, GitHub issues, moto).
			return nil, errAccessDenied()
		}
		out, err := s.answer(ctx, h, func(tx store.Tx, recs store.Organizations) error {
			if err := s.settle(ctx, recs, h, orgwire.HandshakeStateDeclined); err != nil {
				return err
			}
			if h.Body.Action == string(orgwire.ActionTypeTransferResponsibility) {
				return s.answerTransfer(ctx, tx, h, orgwire.ResponsibilityTransferStatusDeclined)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.DeclineHandshakeOutput{Handshake: out}, nil
	},
}

var cancelHandshake = &op.Op[*Service, orgwire.CancelHandshakeInput, orgwire.CancelHandshakeOutput, *hsRef]{
	Name:    "CancelHandshake",
	Action:  "organizations:CancelHandshake",
	Resolve: handshakeByID(func(in *orgwire.CancelHandshakeInput) string { return in.HandshakeId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.CancelHandshakeInput, *hsRef]) (*orgwire.CancelHandshakeOutput, error) {
		h := r.Entity()
		if !h.Originates() {
			// "This operation can be called only from the account that originated the
			// handshake"; the error AWS answers the recipient is unconfirmed (AccessDeniedException
			// is in the operation's error list; looked: API reference, GitHub issues, moto).
			return nil, errAccessDenied()
		}
		out, err := s.answer(ctx, h, func(tx store.Tx, recs store.Organizations) error {
			if err := s.settle(ctx, recs, h, orgwire.HandshakeStateCanceled); err != nil {
				return err
			}
			switch orgwire.ActionType(h.Body.Action) {
			case orgwire.ActionTypeEnableAllFeatures:
				return s.settleChildren(ctx, recs, h, orgwire.HandshakeStateCanceled)
			case orgwire.ActionTypeTransferResponsibility:
				return s.answerTransfer(ctx, tx, h, orgwire.ResponsibilityTransferStatusCanceled)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.CancelHandshakeOutput{Handshake: out}, nil
	},
}
