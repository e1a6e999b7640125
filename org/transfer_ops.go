package org

import (
	"context"
	"slices"
	"time"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// The responsibility-transfer operations: InviteOrganizationToTransferResponsibility,
// DescribeResponsibilityTransfer, ListInboundResponsibilityTransfers,
// ListOutboundResponsibilityTransfers, TerminateResponsibilityTransfer,
// UpdateResponsibilityTransfer. Only a management account calls them (the API reference: "You
// can only call this operation from the management account"; the Billing guide: "Invitations
// can only be sent between management accounts"); a member account is refused with
// AccessDeniedException after authorization.

// transferTypeKey is the condition key of a transfer's type, which every transfer action
// carries (Service Authorization Reference). Its companion organizations:TransferDirection is
// not set: the reference does not say how its values are spelled.
const transferTypeKey = "organizations:TransferType"

// transferType is the transfer type a request names, as a condition key.
func transferType[In any](typ func(*In) orgwire.ResponsibilityTransferType) op.KeySource[In] {
	return op.StringKeyOf(transferTypeKey, func(in *In) *string { return new(string(typ(in))) })
}

// transferByID finds the transfer the request names among those of the caller's management
// account, inbound or outbound. A caller in no organization is AWSOrganizationsNotInUseException,
// a member account AccessDeniedException, any other transfer ResponsibilityTransferNotFound —
// all after authorization, on the transfer's ARN as the caller sees it.
func transferByID[In any](id func(*In) string) op.Resolver[*Service, In, *trRef] {
	return op.Resolver[*Service, In, *trRef]{Find: func(s *Service, ctx context.Context, call *callctx.Call, in *In) (op.Target[*trRef], error) {
		var o *orgRef
		var t *trRef
		err := s.store.View(ctx, func(tx store.Tx) (err error) {
			if o, err = findOrg(ctx, tx, call.Caller.AccountID); err != nil || o == nil || !o.Manages {
				return err
			}
			t, err = findTransfer(ctx, tx, o, id(in))
			return err
		})
		switch {
		case err != nil:
			return op.Target[*trRef]{}, err
		case o == nil:
			return op.Target[*trRef]{Missing: errNotInUse()}, nil
		case !o.Manages:
			return op.Target[*trRef]{ARN: o.transferARN("BILLING", true, id(in)), Missing: errAccessDenied()}, nil
		case t == nil:
			// Unknown, so is its direction: the ARN is the inbound one (unconfirmed).
			return op.Target[*trRef]{ARN: o.transferARN("BILLING", true, id(in)), Missing: errTransferNotFound()}, nil
		}
		keys := append(t.resourceTags(), authz.StringKey(transferTypeKey, t.Body.Type))
		return op.Target[*trRef]{Entity: t, ARN: t.ARN(), Keys: keys}, nil
	}, Keys: []string{op.ResourceTag, transferTypeKey}}
}

// checkStart refuses a start AWS refuses: a transfer starts at 00:00:00 UTC on the first day
// of a month, and its invitation must be accepted 24 hours before ("Invites must be accepted
// 24 hours before the billing transfer start date", AWS Billing User Guide). The reasons'
// texts are the model's; AWS's messages are unconfirmed.
func checkStart(start, now time.Time) error {
	start = start.UTC()
	switch {
	case !start.Equal(start.Truncate(24 * time.Hour)):
		return errInvalidInput(orgwire.InvalidInputExceptionReasonStartDateNotBeginningOfDay,
			"You provided an invalid start date. The start date must be the beginning of the day (00:00:00.000).")
	case start.Day() != 1:
		return errInvalidInput(orgwire.InvalidInputExceptionReasonStartDateNotBeginningOfMonth,
			"You provided an invalid start date. The start date must be the first day of the month.")
	case !now.Before(start.Add(-24 * time.Hour)):
		return errInvalidInput(orgwire.InvalidInputExceptionReasonStartDateTooEarly,
			"You provided an invalid start date. The start date is too early.")
	}
	return nil
}

// canTransfer refuses an invitation of party (a handshake's Parent) AWS refuses: to the
// organization itself, while one to the same party is open, or while a transfer to it is in
// effect.
func (s *Service) canTransfer(ctx context.Context, recs store.Organizations, o *orgRef, party string) error {
	if party == o.Management {
		return errSameParties()
	}
	if m, err := recs.Membership(ctx, party); err == nil && m.OrgID == o.ID {
		return errSameParties()
	}
	all, err := inboundTransfers(ctx, recs, o)
	if err != nil {
		return err
	}
	now := s.now()
	for _, t := range all {
		if t.Rec.Parent != party && t.Body.SourceAccount != party {
			continue
		}
		if t.Body.status(now) == orgwire.ResponsibilityTransferStatusRequested {
			return orgwire.ErrDuplicateHandshakeException("A handshake with the same action and target already exists.")
		}
		if t.Body.inEffect(now) {
			return errTransferExists()
		}
	}
	return nil
}

// inviteTransfer writes the transfer and its TRANSFER_RESPONSIBILITY handshake.
func (s *Service) inviteTransfer(ctx context.Context, tx store.Tx, o *orgRef, in *orgwire.InviteOrganizationToTransferResponsibilityInput, tags []orgdata.Tag) (*hsRef, error) {
	recs := tx.Organizations()
	party, err := partyKey(ctx, tx, in.Target)
	if err != nil {
		return nil, err
	}
	if err := s.canTransfer(ctx, recs, o, party); err != nil {
		return nil, err
	}
	mgmt, err := tx.Accounts().Get(ctx, o.Management)
	if err != nil {
		return nil, err
	}
	id, err := newID(s.rand, "rt-", 16)
	if err != nil {
		return nil, err
	}
	start := in.StartTimestamp.UTC()
	h, err := s.newHandshake(ctx, recs, o, party, handshake{Action: string(orgwire.ActionTypeTransferResponsibility),
		Party: in.Target.Id, PartyType: string(in.Target.Type), Notes: deref(in.Notes), Expires: start.Add(-24 * time.Hour),
		MasterEmail: mgmt.Email, MasterName: mgmt.Name, Transfer: id, TransferType: string(in.Type), TransferStart: start})
	if err != nil {
		return nil, err
	}
	b := transfer{Name: in.SourceName, Type: string(in.Type), Status: string(orgwire.ResponsibilityTransferStatusRequested),
		Handshake: h.Rec.ID, Expires: h.Body.Expires, Start: start, TargetAccount: o.Management, TargetEmail: mgmt.Email,
		Invited: tags}
	if in.Target.Type == orgwire.HandshakePartyTypeEmail {
		b.SourceEmail = in.Target.Id
	} else {
		b.SourceAccount = in.Target.Id
	}
	now := s.now()
	return h, recs.Create(ctx, store.OrgRecord{OrgID: o.ID, Part: store.OrgTransfer, ID: id, Parent: party, Name: b.Type,
		Created: now, Updated: now, Body: orgdata.Encode(b)})
}

var inviteOrganizationToTransferResponsibility = &op.Op[*Service, orgwire.InviteOrganizationToTransferResponsibilityInput, orgwire.InviteOrganizationToTransferResponsibilityOutput, *orgRef]{
	Name:   "InviteOrganizationToTransferResponsibility",
	Action: "organizations:InviteOrganizationToTransferResponsibility",
	Keys: []op.KeySource[orgwire.InviteOrganizationToTransferResponsibilityInput]{op.RequestTags(
		func(in *orgwire.InviteOrganizationToTransferResponsibilityInput) []orgwire.Tag { return in.Tags }),
		transferType(func(in *orgwire.InviteOrganizationToTransferResponsibilityInput) orgwire.ResponsibilityTransferType {
			return in.Type
		})},
	Resolve: inOrg[orgwire.InviteOrganizationToTransferResponsibilityInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.InviteOrganizationToTransferResponsibilityInput, *orgRef]) (*orgwire.InviteOrganizationToTransferResponsibilityOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.manage(); err != nil {
			return nil, err
		}
		if in.Type != orgwire.ResponsibilityTransferTypeBilling {
			return nil, errInvalidInput(orgwire.InvalidInputExceptionReasonInvalidEnum, "You specified an invalid value.")
		}
		// "Currently, only ACCOUNT and EMAIL are supported" (the request's Target).
		if err := checkInvitee(in.Target); err != nil {
			return nil, err
		}
		if err := checkStart(in.StartTimestamp, s.now()); err != nil {
			return nil, err
		}
		tags, err := tagsFrom(in.Tags)
		if err != nil {
			return nil, err
		}
		var h *hsRef
		err = s.store.Update(ctx, func(tx store.Tx) (err error) {
			h, err = s.inviteTransfer(ctx, tx, o, in, tags)
			return err
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.InviteOrganizationToTransferResponsibilityOutput{Handshake: new(h.wire(s.now()))}, nil
	},
}

var describeResponsibilityTransfer = &op.Op[*Service, orgwire.DescribeResponsibilityTransferInput, orgwire.DescribeResponsibilityTransferOutput, *trRef]{
	Name:    "DescribeResponsibilityTransfer",
	Action:  "organizations:DescribeResponsibilityTransfer",
	Resolve: transferByID(func(in *orgwire.DescribeResponsibilityTransferInput) string { return in.Id }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DescribeResponsibilityTransferInput, *trRef]) (*orgwire.DescribeResponsibilityTransferOutput, error) {
		return &orgwire.DescribeResponsibilityTransferOutput{ResponsibilityTransfer: new(r.Entity().wire(s.now()))}, nil
	},
}

// listTransfers pages the transfers read returns of the type asked for (and, when id is not
// "", that one transfer: ResponsibilityTransferNotFoundException if it is not among them).
func (s *Service) listTransfers(ctx context.Context, o *orgRef, read func(tx store.Tx) ([]*trRef, error), typ orgwire.ResponsibilityTransferType, id, token *string, max *int32) ([]orgwire.ResponsibilityTransfer, *string, error) {
	if err := o.manage(); err != nil {
		return nil, nil, err
	}
	var all []*trRef
	err := s.store.View(ctx, func(tx store.Tx) (err error) {
		all, err = read(tx)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	var out []orgwire.ResponsibilityTransfer
	for _, t := range all {
		if t.Body.Type == string(typ) && (id == nil || *id == t.Rec.ID) {
			out = append(out, t.wire(now))
		}
	}
	if id != nil && len(out) == 0 {
		return nil, nil, errTransferNotFound()
	}
	items, next, err := page(out, func(t orgwire.ResponsibilityTransfer) string { return *t.Id }, token, max)
	return orEmpty(items), next, err
}

var listInboundResponsibilityTransfers = &op.Op[*Service, orgwire.ListInboundResponsibilityTransfersInput, orgwire.ListInboundResponsibilityTransfersOutput, *orgRef]{
	Name:   "ListInboundResponsibilityTransfers",
	Action: "organizations:ListInboundResponsibilityTransfers",
	Keys: []op.KeySource[orgwire.ListInboundResponsibilityTransfersInput]{transferType(
		func(in *orgwire.ListInboundResponsibilityTransfersInput) orgwire.ResponsibilityTransferType {
			return in.Type
		})},
	Resolve: inOrg[orgwire.ListInboundResponsibilityTransfersInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.ListInboundResponsibilityTransfersInput, *orgRef]) (*orgwire.ListInboundResponsibilityTransfersOutput, error) {
		o, in := r.Entity(), r.In
		items, next, err := s.listTransfers(ctx, o, func(tx store.Tx) ([]*trRef, error) {
			return inboundTransfers(ctx, tx.Organizations(), o)
		}, in.Type, in.Id, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &orgwire.ListInboundResponsibilityTransfersOutput{ResponsibilityTransfers: items, NextToken: next}, nil
	},
}

var listOutboundResponsibilityTransfers = &op.Op[*Service, orgwire.ListOutboundResponsibilityTransfersInput, orgwire.ListOutboundResponsibilityTransfersOutput, *orgRef]{
	Name:   "ListOutboundResponsibilityTransfers",
	Action: "organizations:ListOutboundResponsibilityTransfers",
	Keys: []op.KeySource[orgwire.ListOutboundResponsibilityTransfersInput]{transferType(
		func(in *orgwire.ListOutboundResponsibilityTransfersInput) orgwire.ResponsibilityTransferType {
			return in.Type
		})},
	Resolve: inOrg[orgwire.ListOutboundResponsibilityTransfersInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.ListOutboundResponsibilityTransfersInput, *orgRef]) (*orgwire.ListOutboundResponsibilityTransfersOutput, error) {
		o, in := r.Entity(), r.In
		items, next, err := s.listTransfers(ctx, o, func(tx store.Tx) ([]*trRef, error) {
			return outboundTransfers(ctx, tx, o)
		}, in.Type, nil, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &orgwire.ListOutboundResponsibilityTransfersOutput{ResponsibilityTransfers: items, NextToken: next}, nil
	},
}

// endOfMonth is the last instant AWS ends a transfer at in the month of t: 23:59:59.999 UTC
// on its last day.
func endOfMonth(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Millisecond)
}

// endOf is when a transfer withdrawn at now ends: end asked for, which must be the end of a
// month ("the end date is 23:59:59 UTC on the last day of the month specified in the
// withdrawal", AWS Billing User Guide) not before now or the start; without one, the end of
// the month of now or of the start if later (unconfirmed). Any instant in the month's last
// second is taken as its end (the CLI sends whole seconds). The reasons' texts are the
// model's; AWS's messages are unconfirmed.
func endOf(end *time.Time, b *transfer, now time.Time) (time.Time, error) {
	if end == nil {
		if b.Start.After(now) {
			return endOfMonth(b.Start), nil
		}
		return endOfMonth(now), nil
	}
	last := endOfMonth(*end)
	switch {
	case end.UTC().Before(last.Truncate(time.Second)):
		return time.Time{}, errInvalidInput(orgwire.InvalidInputExceptionReasonEndDateNotEndOfMonth,
			"You provided an invalid end date. The end date must be the end of the last day of the month (23.59.59.999).")
	case last.Before(now), last.Before(b.Start):
		return time.Time{}, errInvalidInput(orgwire.InvalidInputExceptionReasonEndDateTooEarly,
			"You provided an invalid end date. The end date is too early.")
	}
	return last, nil
}

var terminateResponsibilityTransfer = &op.Op[*Service, orgwire.TerminateResponsibilityTransferInput, orgwire.TerminateResponsibilityTransferOutput, *trRef]{
	Name:    "TerminateResponsibilityTransfer",
	Action:  "organizations:TerminateResponsibilityTransfer",
	Resolve: transferByID(func(in *orgwire.TerminateResponsibilityTransferInput) string { return in.Id }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.TerminateResponsibilityTransferInput, *trRef]) (*orgwire.TerminateResponsibilityTransferOutput, error) {
		// "Either account involved in a transfer can withdraw the transfer at any time" (AWS
		// Billing User Guide); a transfer not yet accepted is ended through its handshake.
		t, now := r.Entity(), s.now()
		err := s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			return s.rewrite(ctx, recs, t, func(b *transfer) error {
				switch b.status(now) {
				case orgwire.ResponsibilityTransferStatusWithdrawn:
					return orgwire.ErrResponsibilityTransferAlreadyInStatusException("The responsibility transfer is already in the status that you specified.")
				case orgwire.ResponsibilityTransferStatusAccepted:
				default:
					return orgwire.ErrInvalidResponsibilityTransferTransitionException("The responsibility transfer can't transition to the requested state because it's not in a valid state for this operation.")
				}
				end, err := endOf(r.In.EndTimestamp, b, now)
				b.Status, b.End = string(orgwire.ResponsibilityTransferStatusWithdrawn), end
				return err
			})
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.TerminateResponsibilityTransferOutput{ResponsibilityTransfer: new(t.wire(now))}, nil
	},
}

var updateResponsibilityTransfer = &op.Op[*Service, orgwire.UpdateResponsibilityTransferInput, orgwire.UpdateResponsibilityTransferOutput, *trRef]{
	Name:    "UpdateResponsibilityTransfer",
	Action:  "organizations:UpdateResponsibilityTransfer",
	Resolve: transferByID(func(in *orgwire.UpdateResponsibilityTransferInput) string { return in.Id }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.UpdateResponsibilityTransferInput, *trRef]) (*orgwire.UpdateResponsibilityTransferOutput, error) {
		// The name is the inviter's: "you can update the name assigned to transfers that allow
		// you to manage and pay for another organization's consolidated bill … The name is only
		// visible to you" (AWS Billing User Guide, Updating transfers). AWS's answer to the
		// source is unconfirmed.
		t := r.Entity()
		if !t.Inbound {
			return nil, errInvalidInput(orgwire.InvalidInputExceptionReasonUnsupportedActionInResponsibilityTransfer,
				"You provided a value that is not supported by this operation.")
		}
		err := s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			return s.rewrite(ctx, recs, t, func(b *transfer) error {
				b.Name = r.In.Name
				return nil
			})
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.UpdateResponsibilityTransferOutput{ResponsibilityTransfer: new(t.wire(s.now()))}, nil
	},
}

// answerTransfer moves the transfer of a TRANSFER_RESPONSIBILITY handshake its recipient
// accepted or declined, or its sender canceled, to status. Accepting takes the recipient's
// management account: only it accepts ("Only the management account can accept …
// TRANSFER_RESPONSIBILITY", AcceptHandshake), of another organization than the sender's,
// whose organization no other transfer designates at the time.
func (s *Service) answerTransfer(ctx context.Context, tx store.Tx, h *hsRef, status orgwire.ResponsibilityTransferStatus) error {
	recs := tx.Organizations()
	t := &trRef{Viewer: h.Org, Rec: store.OrgRecord{OrgID: h.Org.ID, ID: h.Body.Transfer}, Inbound: true}
	var source *orgRef
	if status == orgwire.ResponsibilityTransferStatusAccepted {
		var err error
		if source, err = s.transferSource(ctx, tx, h); err != nil {
			return err
		}
	}
	return s.rewrite(ctx, recs, t, func(b *transfer) error {
		b.Status = string(status)
		if source != nil {
			t.Rec.Parent, b.SourceAccount, b.SourceEmail = source.Management, source.Management, h.Email
			for _, tag := range b.Invited {
				b.Tags = append(slices.DeleteFunc(b.Tags, func(x orgdata.Tag) bool { return x.Key == tag.Key }), tag)
			}
		}
		return nil
	})
}

// transferSource is the organization of the account accepting a transfer's handshake, which
// must be its management account, of another organization, with no transfer in effect.
func (s *Service) transferSource(ctx context.Context, tx store.Tx, h *hsRef) (*orgRef, error) {
	o, err := findOrg(ctx, tx, h.Org.Caller)
	switch {
	case err != nil:
		return nil, err
	case o == nil:
		return nil, errNotInUse()
	case !o.Manages:
		return nil, errAccessDenied() // AWS's answer to a member account is unconfirmed
	case o.ID == h.Org.ID:
		return nil, errSameParties()
	}
	out, err := outboundTransfers(ctx, tx, o)
	if err != nil {
		return nil, err
	}
	now := s.now()
	for _, t := range out {
		if t.Body.inEffect(now) {
			return nil, errTransferExists()
		}
	}
	return o, nil
}

// ongoingTransfers reports whether o is the target or the source of a pending or effective
// transfer, which keeps it from being deleted.
func ongoingTransfers(ctx context.Context, tx store.Tx, o *orgRef, now time.Time) (bool, error) {
	in, err := inboundTransfers(ctx, tx.Organizations(), o)
	if err != nil {
		return false, err
	}
	out, err := outboundTransfers(ctx, tx, o)
	if err != nil {
		return false, err
	}
	for _, t := range append(in, out...) {
		if t.Body.ongoing(now) {
			return true, nil
		}
	}
	return false, nil
}
