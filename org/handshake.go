package org

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// Handshakes: the agreements between an organization and an account (INVITE) or its members
// (ENABLE_ALL_FEATURES with one APPROVE_ALL_FEATURES per invited member). A handshake is a
// record of its organization (store.OrgHandshake) whose Parent is the party that answers it:
// the invited account's ID, or the lower-case email address of an invitation no account of
// this Gatehouse has, so an account outside the organization finds its invitations through
// store.Organizations.Handshakes. A handshake leaves OPEN once: accepted or declined by its
// party, canceled by its originator (the management account), or expired; it is shown
// EXPIRED from its expiry on, without a write.

const (
	// handshakeLife is how long a handshake stays OPEN: the API reference's examples of
	// InviteAccountToOrganization and EnableAllFeatures both expire 15 days (1,296,000 s)
	// after the request.
	handshakeLife = 15 * 24 * time.Hour
	// handshakeShown is how long a handshake stays listed once it left OPEN ("Handshakes that
	// are ACCEPTED, DECLINED, CANCELED, or EXPIRED appear in the results of this API for
	// only 30 days after changing to that state", ListHandshakesForAccount).
	handshakeShown = 30 * 24 * time.Hour
	// invitesPerDay is the quota of invitations an organization sends a day (Organizations
	// quotas: "Invitations sent: 20 per day").
	invitesPerDay = 20
)

// handshake is a handshake record's body.
type handshake struct {
	Action    string    `json:"action"`
	State     string    `json:"state"`
	Requested time.Time `json:"requested"`
	Expires   time.Time `json:"expires"`
	// Changed is when it left OPEN.
	Changed time.Time `json:"changed,omitzero"`
	// Party is the other party as the request named it (an account ID or email address) and
	// PartyType its HandshakePartyType.
	Party     string `json:"party"`
	PartyType string `json:"partyType"`
	Notes     string `json:"notes,omitempty"`
	// Tags go to the account's membership when it accepts an invitation.
	Tags []orgdata.Tag `json:"tags,omitempty"`
	// Parent is the ENABLE_ALL_FEATURES handshake an APPROVE_ALL_FEATURES one answers.
	Parent string `json:"parent,omitempty"`
	// The organization as the invitation showed it.
	MasterEmail string `json:"masterEmail,omitempty"`
	MasterName  string `json:"masterName,omitempty"`
	FeatureSet  string `json:"featureSet,omitempty"`
	// A TRANSFER_RESPONSIBILITY handshake's transfer (rt-…), its type and start.
	Transfer      string    `json:"transfer,omitempty"`
	TransferType  string    `json:"transferType,omitempty"`
	TransferStart time.Time `json:"transferStart,omitzero"`
}

// state is the handshake's state at now: an OPEN handshake past its expiry is EXPIRED.
func (h *handshake) state(now time.Time) orgwire.HandshakeState {
	if h.State == string(orgwire.HandshakeStateOpen) && !now.Before(h.Expires) {
		return orgwire.HandshakeStateExpired
	}
	return orgwire.HandshakeState(h.State)
}

// shown reports whether a list still shows the handshake at now.
func (h *handshake) shown(now time.Time) bool {
	switch h.state(now) {
	case orgwire.HandshakeStateOpen, orgwire.HandshakeStateRequested:
		return true
	case orgwire.HandshakeStateExpired:
		if h.State == string(orgwire.HandshakeStateOpen) {
			return now.Before(h.Expires.Add(handshakeShown))
		}
	}
	return now.Before(h.Changed.Add(handshakeShown))
}

// hsRef is a handshake as a resolver found it, with its organization seen by the caller.
type hsRef struct {
	Org  *orgRef
	Rec  store.OrgRecord
	Body handshake
	// Email is the caller's account's email address.
	Email string
}

// ARN is the handshake's ARN: …:handshake/o-…/invite/h-….
func (h *hsRef) ARN() string {
	return h.Org.arn("handshake", strings.ToLower(h.Body.Action)+"/"+h.Rec.ID)
}

// Originates reports whether the caller is the handshake's originator (its organization's
// management account) and Answers whether it is the party that accepts or declines it.
func (h *hsRef) Originates() bool { return h.Org.Manages }
func (h *hsRef) Answers() bool {
	return h.Rec.Parent == h.Org.Caller || (h.Email != "" && h.Rec.Parent == strings.ToLower(h.Email))
}

// partyKey is a handshake's Parent for the party an invitation names.
func partyKey(ctx context.Context, tx store.Tx, p orgwire.HandshakeParty) (string, error) {
	if p.Type != orgwire.HandshakePartyTypeEmail {
		return p.Id, nil
	}
	a, err := tx.Accounts().GetByEmail(ctx, p.Id)
	if errors.Is(err, store.ErrNotFound) {
		return strings.ToLower(p.Id), nil
	}
	return a.ID, err
}

// callerHandshakes reads the handshakes whose party is account (by ID or email address),
// each with its organization as account sees it.
func callerHandshakes(ctx context.Context, tx store.Tx, account string) ([]*hsRef, error) {
	byID, email, err := addressedTo(ctx, tx, store.OrgHandshake, account)
	if err != nil {
		return nil, err
	}
	recs := tx.Organizations()
	orgs := map[string]*orgRef{}
	out := make([]*hsRef, 0, len(byID))
	for _, rec := range byID {
		o, ok := orgs[rec.OrgID]
		if !ok {
			if o, err = orgByID(ctx, recs, rec.OrgID, account); err != nil {
				return nil, err
			}
			orgs[rec.OrgID] = o
		}
		h := &hsRef{Org: o, Rec: rec, Email: email}
		if err := orgdata.Decode(rec, &h.Body); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

// addressedTo reads the records of part, of every organization, addressed to account by its
// ID or its email address (returned too).
func addressedTo(ctx context.Context, tx store.Tx, part store.OrgPart, account string) ([]store.OrgRecord, string, error) {
	a, err := tx.Accounts().Get(ctx, account)
	if err != nil {
		return nil, "", err
	}
	recs := tx.Organizations()
	byID, err := recs.Addressed(ctx, part, account)
	if err != nil || a.Email == "" {
		return byID, a.Email, err
	}
	byEmail, err := recs.Addressed(ctx, part, strings.ToLower(a.Email))
	return append(byID, byEmail...), a.Email, err
}

// orgHandshakes reads the handshakes of o that f selects.
func orgHandshakes(ctx context.Context, recs store.Organizations, o *orgRef, f store.OrgFilter) ([]*hsRef, error) {
	list, err := recs.List(ctx, o.ID, store.OrgHandshake, f)
	if err != nil {
		return nil, err
	}
	out := make([]*hsRef, 0, len(list))
	for _, rec := range list {
		h := &hsRef{Org: o, Rec: rec}
		if err := orgdata.Decode(rec, &h.Body); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

// orgByID reads an organization as caller sees it.
func orgByID(ctx context.Context, recs store.Organizations, id, caller string) (*orgRef, error) {
	rec, err := recs.Get(ctx, id, store.OrgItself, id)
	if err != nil {
		return nil, err
	}
	o := &orgRef{ID: id, Management: rec.Name, Caller: caller, Manages: rec.Name == caller}
	return o, orgdata.Decode(rec, &o.Body)
}

// findHandshake reads a handshake the caller originated or answers; nil when there is none.
func findHandshake(ctx context.Context, tx store.Tx, caller, id string) (*hsRef, error) {
	o, err := findOrg(ctx, tx, caller)
	if err != nil {
		return nil, err
	}
	if o != nil {
		rec, err := tx.Organizations().Get(ctx, o.ID, store.OrgHandshake, id)
		if err == nil {
			h := &hsRef{Org: o, Rec: rec}
			if err := orgdata.Decode(rec, &h.Body); err != nil {
				return nil, err
			}
			if h.Originates() || h.Answers() {
				return h, nil
			}
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	mine, err := callerHandshakes(ctx, tx, caller)
	if err != nil {
		return nil, err
	}
	for _, h := range mine {
		if h.Rec.ID == id {
			return h, nil
		}
	}
	return nil, nil
}

// wire is the handshake as the API shows it at now.
func (h *hsRef) wire(now time.Time) orgwire.Handshake {
	b := &h.Body
	org := h.Org.ID
	parties := []orgwire.HandshakeParty{{Id: org, Type: orgwire.HandshakePartyTypeOrganization}}
	orgRes := orgwire.HandshakeResource{Type: new(orgwire.HandshakeResourceTypeOrganization), Value: &org}
	resources := []orgwire.HandshakeResource{orgRes}
	switch orgwire.ActionType(b.Action) {
	case orgwire.ActionTypeInvite:
		orgRes.Resources = []orgwire.HandshakeResource{
			resource(orgwire.HandshakeResourceTypeMasterEmail, b.MasterEmail),
			resource(orgwire.HandshakeResourceTypeMasterName, b.MasterName),
			resource(orgwire.HandshakeResourceTypeOrganizationFeatureSet, b.FeatureSet)}
		resources = []orgwire.HandshakeResource{orgRes, resource(orgwire.HandshakeResourceType(b.PartyType), b.Party)}
	case orgwire.ActionTypeTransferResponsibility:
		resources = b.transferResources(orgRes, h.Org.Management)
	}
	if b.Notes != "" {
		resources = append(resources, resource(orgwire.HandshakeResourceTypeNotes, b.Notes))
	}
	if b.Party != "" {
		parties = append(parties, orgwire.HandshakeParty{Id: b.Party, Type: orgwire.HandshakePartyType(b.PartyType)})
	}
	if b.Parent != "" {
		resources = append(resources, resource(orgwire.HandshakeResourceTypeParentHandshake, b.Parent))
	}
	return orgwire.Handshake{Id: new(h.Rec.ID), Arn: new(h.ARN()), Parties: parties, State: new(b.state(now)),
		RequestedTimestamp: new(b.Requested), ExpirationTimestamp: new(b.Expires),
		Action: new(orgwire.ActionType(b.Action)), Resources: resources}
}

// transferResources are a TRANSFER_RESPONSIBILITY handshake's resources: the inviting
// organization with its management account, the transfer, its type and start, and the
// invited party. The API reference names these resource types without an example of
// their arrangement, so the nesting (like an invitation's) and the start's format (RFC 3339)
// are unconfirmed.
func (b *handshake) transferResources(orgRes orgwire.HandshakeResource, management string) []orgwire.HandshakeResource {
	orgRes.Resources = []orgwire.HandshakeResource{
		resource(orgwire.HandshakeResourceTypeManagementAccount, management),
		resource(orgwire.HandshakeResourceTypeManagementEmail, b.MasterEmail),
		resource(orgwire.HandshakeResourceTypeManagementName, b.MasterName)}
	return []orgwire.HandshakeResource{orgRes,
		resource(orgwire.HandshakeResourceTypeResponsibilityTransfer, b.Transfer),
		resource(orgwire.HandshakeResourceTypeTransferType, b.TransferType),
		resource(orgwire.HandshakeResourceTypeTransferStartTimestamp, b.TransferStart.UTC().Format(time.RFC3339)),
		resource(orgwire.HandshakeResourceType(b.PartyType), b.Party)}
}

func resource(t orgwire.HandshakeResourceType, v string) orgwire.HandshakeResource {
	return orgwire.HandshakeResource{Type: &t, Value: &v}
}

// newHandshake writes an OPEN handshake of o answered by party (a handshake's Parent). It
// expires after handshakeLife, or at b.Expires if that is earlier.
func (s *Service) newHandshake(ctx context.Context, recs store.Organizations, o *orgRef, party string, b handshake) (*hsRef, error) {
	id, err := newID(s.rand, "h-", 32)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if life := now.Add(handshakeLife); b.Expires.IsZero() || b.Expires.After(life) {
		b.Expires = life
	}
	b.State, b.Requested = string(orgwire.HandshakeStateOpen), now
	rec := store.OrgRecord{OrgID: o.ID, Part: store.OrgHandshake, ID: id, Parent: party, Name: b.Action,
		Created: now, Updated: now, Body: orgdata.Encode(b)}
	return &hsRef{Org: o, Rec: rec, Body: b}, recs.Create(ctx, rec)
}

// settle moves an OPEN handshake to state, answering AWS's errors for one that is not.
func (s *Service) settle(ctx context.Context, recs store.Organizations, h *hsRef, state orgwire.HandshakeState) error {
	now := s.now()
	switch cur := h.Body.state(now); cur {
	case state:
		return orgwire.ErrHandshakeAlreadyInStateException("The specified handshake is already in the requested state.")
	case orgwire.HandshakeStateOpen:
	default:
		return orgwire.ErrInvalidHandshakeTransitionException("You can't perform the operation on the handshake in its current state (%s).", cur)
	}
	h.Body.State, h.Body.Changed = string(state), now
	h.Rec.Updated, h.Rec.Body = now, orgdata.Encode(h.Body)
	return recs.Update(ctx, h.Rec)
}

// reread reads h again inside a write transaction (its state may have changed since the
// resolver read it).
func reread(ctx context.Context, recs store.Organizations, h *hsRef) error {
	rec, err := recs.Get(ctx, h.Org.ID, store.OrgHandshake, h.Rec.ID)
	if errors.Is(err, store.ErrNotFound) {
		return errHandshakeNotFound()
	} else if err != nil {
		return err
	}
	h.Rec = rec
	return orgdata.Decode(rec, &h.Body)
}

func errHandshakeNotFound() error {
	return orgwire.ErrHandshakeNotFoundException("We can't find a handshake with the HandshakeId that you specified.")
}
