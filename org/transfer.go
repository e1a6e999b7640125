package org

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// Responsibility transfers (billing transfer in AWS's Billing console): one organization's
// management account (the transfer's target, its "inbound" side) invites another
// organization's management account (the source, "outbound") to designate it with a
// responsibility — BILLING, the model's only type — for the source's organization. The
// invitation is a TRANSFER_RESPONSIBILITY handshake answered through AcceptHandshake,
// DeclineHandshake and CancelHandshake; the transfer is a record of the target's
// organization (store.OrgTransfer) whose Parent is the invited party, so the source finds it
// through store.Organizations.Addressed as an invited account finds its handshakes.
//
// Gatehouse keeps no bills: the record, its status and its dates are exact, and nothing is
// invoiced or paid.

// transfer is a responsibility transfer record's body.
type transfer struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Status string `json:"status"`
	// Handshake is the invitation's ID and Expires its expiry: a REQUESTED transfer whose
	// handshake expired shows EXPIRED, as the handshake does, without a write.
	Handshake string    `json:"handshake"`
	Expires   time.Time `json:"expires"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end,omitzero"`
	// The management accounts: the target (the inviter) and the source (the invited party as
	// the invitation named it, by ID or email address, then the account that accepted).
	TargetAccount string `json:"targetAccount"`
	TargetEmail   string `json:"targetEmail,omitempty"`
	SourceAccount string `json:"sourceAccount,omitempty"`
	SourceEmail   string `json:"sourceEmail,omitempty"`
	// Invited are the invitation's tags, attached to the transfer (Tags, TagResource's
	// "tags") when it is accepted, as the API reference says.
	Invited []orgdata.Tag `json:"invited,omitempty"`
	Tags    []orgdata.Tag `json:"tags,omitempty"`
}

// status is the transfer's status at now.
func (b *transfer) status(now time.Time) orgwire.ResponsibilityTransferStatus {
	if b.Status == string(orgwire.ResponsibilityTransferStatusRequested) && !now.Before(b.Expires) {
		return orgwire.ResponsibilityTransferStatusExpired
	}
	return orgwire.ResponsibilityTransferStatus(b.Status)
}

// inEffect reports whether the transfer designates its target at now or will: accepted,
// or withdrawn with an end still to come.
func (b *transfer) inEffect(now time.Time) bool {
	switch orgwire.ResponsibilityTransferStatus(b.Status) {
	case orgwire.ResponsibilityTransferStatusAccepted:
		return true
	case orgwire.ResponsibilityTransferStatusWithdrawn:
		return now.Before(b.End)
	}
	return false
}

// ongoing reports whether the transfer keeps its organizations from being deleted: a pending
// invitation or a transfer in effect (ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS).
func (b *transfer) ongoing(now time.Time) bool {
	return b.status(now) == orgwire.ResponsibilityTransferStatusRequested || b.inEffect(now)
}

// trRef is a transfer as the caller's organization sees it: Inbound when the caller is its
// target, outbound when it is the source.
type trRef struct {
	Viewer  *orgRef
	Rec     store.OrgRecord
	Body    transfer
	Inbound bool
}

// ARN is the transfer's ARN as its viewer sees it:
// arn:aws:organizations::MANAGEMENT:transfer/o-…/billing/inbound|outbound/rt-….
func (t *trRef) ARN() string {
	return t.Viewer.transferARN(t.Body.Type, t.Inbound, t.Rec.ID)
}

func (o *orgRef) transferARN(typ string, inbound bool, id string) string {
	dir := "outbound"
	if inbound {
		dir = "inbound"
	}
	return o.arn("transfer", strings.ToLower(typ)+"/"+dir+"/"+id)
}

// resourceTags are the transfer's aws:ResourceTag keys. Its tags are its target's (the
// organization that keeps the record, and tags it with TagResource); the source's view of it
// carries none.
func (t *trRef) resourceTags() []authz.Key {
	if !t.Inbound {
		return nil
	}
	tags := make([]op.Tag, len(t.Body.Tags))
	for i, x := range t.Body.Tags {
		tags[i] = op.Tag{Key: x.Key, Value: x.Value}
	}
	return op.ResourceTagKeys(tags, "aws:ResourceTag")
}

// wire is the transfer as the API shows it at now.
func (t *trRef) wire(now time.Time) orgwire.ResponsibilityTransfer {
	b := &t.Body
	out := orgwire.ResponsibilityTransfer{Arn: new(t.ARN()), Id: new(t.Rec.ID),
		Type: new(orgwire.ResponsibilityTransferType(b.Type)), Status: new(b.status(now)),
		Source: participant(b.SourceAccount, b.SourceEmail), Target: participant(b.TargetAccount, b.TargetEmail),
		StartTimestamp: new(b.Start), ActiveHandshakeId: new(b.Handshake)}
	if !b.End.IsZero() {
		out.EndTimestamp = new(b.End)
	}
	if t.Inbound {
		// The name is the inviter's, "only visible to you" (AWS Billing User Guide); what the
		// source is shown instead is unconfirmed, so it is shown none.
		out.Name = new(b.Name)
	}
	return out
}

func participant(account, email string) *orgwire.TransferParticipant {
	p := &orgwire.TransferParticipant{}
	if account != "" {
		p.ManagementAccountId = new(account)
	}
	if email != "" {
		p.ManagementAccountEmail = new(email)
	}
	return p
}

// decodeTransfer reads a transfer record as viewer sees it.
func decodeTransfer(viewer *orgRef, rec store.OrgRecord) (*trRef, error) {
	t := &trRef{Viewer: viewer, Rec: rec, Inbound: rec.OrgID == viewer.ID}
	return t, orgdata.Decode(rec, &t.Body)
}

// inboundTransfers reads the transfers o is the target of.
func inboundTransfers(ctx context.Context, recs store.Organizations, o *orgRef) ([]*trRef, error) {
	list, err := recs.List(ctx, o.ID, store.OrgTransfer, store.OrgFilter{})
	if err != nil {
		return nil, err
	}
	return decodeTransfers(o, list)
}

// outboundTransfers reads the transfers o's management account is (or was invited to be)
// the source of, by its ID or email address.
func outboundTransfers(ctx context.Context, tx store.Tx, o *orgRef) ([]*trRef, error) {
	list, _, err := addressedTo(ctx, tx, store.OrgTransfer, o.Management)
	if err != nil {
		return nil, err
	}
	return decodeTransfers(o, list)
}

func decodeTransfers(viewer *orgRef, list []store.OrgRecord) ([]*trRef, error) {
	out := make([]*trRef, 0, len(list))
	for _, rec := range list {
		t, err := decodeTransfer(viewer, rec)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// findTransfer reads a transfer of o's management account, inbound or outbound; nil when
// there is none.
func findTransfer(ctx context.Context, tx store.Tx, o *orgRef, id string) (*trRef, error) {
	rec, err := tx.Organizations().Get(ctx, o.ID, store.OrgTransfer, id)
	if err == nil {
		return decodeTransfer(o, rec)
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	out, err := outboundTransfers(ctx, tx, o)
	if err != nil {
		return nil, err
	}
	for _, t := range out {
		if t.Rec.ID == id {
			return t, nil
		}
	}
	return nil, nil
}

// rewrite reads the transfer again inside a write transaction, applies fn to its body and
// writes it back.
func (s *Service) rewrite(ctx context.Context, recs store.Organizations, t *trRef, fn func(b *transfer) error) error {
	rec, err := recs.Get(ctx, t.Rec.OrgID, store.OrgTransfer, t.Rec.ID)
	if errors.Is(err, store.ErrNotFound) {
		return errTransferNotFound()
	} else if err != nil {
		return err
	}
	t.Rec = rec
	if err := orgdata.Decode(rec, &t.Body); err != nil {
		return err
	}
	if err := fn(&t.Body); err != nil {
		return err
	}
	t.Rec.Updated, t.Rec.Body = s.now(), orgdata.Encode(t.Body)
	return recs.Update(ctx, t.Rec)
}

func errTransferNotFound() error {
	// The model's documentation of the exception; AWS's message is unconfirmed.
	return orgwire.ErrResponsibilityTransferNotFoundException("We can't find a transfer that you specified.")
}

// The reasons' texts are the model's documentation of HandshakeConstraintViolationException;
// AWS's messages are unconfirmed.

func errTransferExists() error {
	return errHandshakeConstraint(orgwire.HandshakeConstraintViolationExceptionReasonResponsibilityTransferAlreadyExists,
		"You cannot perform this operation with the current transfer.")
}

func errSameParties() error {
	return errHandshakeConstraint(orgwire.HandshakeConstraintViolationExceptionReasonSourceAndTargetCannotMatch,
		"An account can't accept a transfer invitation if it is both the sender and recipient of the invitation.")
}
