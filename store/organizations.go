package store

import (
	"context"
	"time"
)

// KindOrganization is an AWS Organizations organization in the change feed: every write to
// any of its records (its roots, OUs, members, policies, attachments, …) is a change of
// this kind keyed by the organization ID (o-…), with AccountID the management account.
const KindOrganization Kind = "organization"

// OrgPart says what an organization record is. The store keeps the keys below and Body, the
// Organizations service's own encoding of everything else; it knows nothing of
// Organizations' rules.
type OrgPart uint8

// The parts of an organization. For each, what ID, Parent and Name hold.
const (
	// OrgItself is the organization: ID o-…, Name its management account ID.
	OrgItself OrgPart = iota
	// OrgRoot is a root: ID r-….
	OrgRoot
	// OrgUnit is an organizational unit: ID ou-…, Parent its root or OU, Name its name.
	OrgUnit
	// OrgMember is an account's membership: ID the account ID, Parent its root or OU. An
	// account is a member of at most one organization.
	OrgMember
	// OrgPolicy is a policy: ID p-…, Parent its type (SERVICE_CONTROL_POLICY, …), Name its name.
	OrgPolicy
	// OrgAttachment is a policy attached to a target: ID "policy|target", Parent the target
	// (root, OU or account ID), Name the policy ID.
	OrgAttachment
	// OrgHandshake is a handshake: ID h-…, Parent the party that answers it (the invited
	// account's ID, or its lower-case email address when no account has it), Name its action.
	OrgHandshake
	// OrgDelegatedAdmin is a delegated administrator: ID "account|service principal",
	// Parent the account ID, Name the service principal.
	OrgDelegatedAdmin
	// OrgTrustedService is a service with trusted access: ID its service principal.
	OrgTrustedService
	// OrgCreateStatus is a CreateAccount request's status: ID car-…, Parent the account ID
	// once created.
	OrgCreateStatus
	// OrgResourcePolicy is the organization's resource-based delegation policy (at most one):
	// ID rp-….
	OrgResourcePolicy
	// OrgTransfer is a responsibility transfer, a record of the organization that invited
	// another to transfer a responsibility to it (the transfer's target): ID rt-…, Parent the
	// invited party (the other management account's ID, or its lower-case email address when
	// no account has it), Name its type (BILLING).
	OrgTransfer
)

// OrgRecord is one record of an organization.
type OrgRecord struct {
	OrgID   string
	Part    OrgPart
	ID      string
	Parent  string
	Name    string
	Created time.Time
	Updated time.Time
	Body    []byte
}

// OrgFilter selects records of one part; empty fields select all.
type OrgFilter struct {
	Parent string
	Name   string
}

// Organizations stores AWS Organizations (migration 0007). IDs are unique per organization
// and part, case-sensitively; a membership (OrgMember) is unique across organizations.
// Deleting an organization deletes all its records; deleting an account deletes its
// membership. Every write is a KindOrganization change.
type Organizations interface {
	// Create adds a record: ErrAlreadyExists if its ID is taken (for a membership, if the
	// account is in any organization), ErrNotFound if the organization (for records other
	// than OrgItself) or, for a membership, the account does not exist.
	Create(ctx context.Context, r OrgRecord) error
	// Get reads one record; ErrNotFound if missing.
	Get(ctx context.Context, orgID string, part OrgPart, id string) (OrgRecord, error)
	// Update rewrites Parent, Name, Updated and Body; ErrNotFound if missing.
	Update(ctx context.Context, r OrgRecord) error
	// Delete removes a record (an organization with all its records); ErrNotFound if missing.
	Delete(ctx context.Context, orgID string, part OrgPart, id string) error
	// List returns the records of one part matching f, ordered by ID.
	List(ctx context.Context, orgID string, part OrgPart, f OrgFilter) ([]OrgRecord, error)
	// Membership returns the OrgMember record of an account, whatever its organization;
	// ErrNotFound if the account is in none.
	Membership(ctx context.Context, accountID string) (OrgRecord, error)
	// Addressed returns the records of one part, of every organization, whose Parent is party
	// (an invited account's ID or email address), ordered by organization and ID: what an
	// account outside the organization sees of its invitations (OrgHandshake) and of the
	// transfers it is the source of (OrgTransfer). Migration 0013 indexes it.
	Addressed(ctx context.Context, part OrgPart, party string) ([]OrgRecord, error)
}
