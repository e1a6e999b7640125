package store

import (
	"context"
	"time"
)

// ManagedPolicy is a customer managed policy. AWS managed policies are not stored: they are
// referred to by ARN (arn:aws:iam::aws:policy/…) in attachments and boundaries.
type ManagedPolicy struct {
	AccountID        string
	ID               string // ANPA…
	Name             string
	Path             string
	ARN              string
	Description      string
	DefaultVersionID string // "v1", …; set by the store
	IsAttachable     bool
	Created          time.Time
	Updated          time.Time
	// Usage is filled on reads.
	Usage PolicyUsage
}

// PolicyUsage counts, within one account, the uses of a policy ARN.
type PolicyUsage struct {
	Attachments int // AttachmentCount: users, groups and roles it is attached to
	Boundaries  int // PermissionsBoundaryUsageCount: users and roles it bounds
}

// PolicyVersion is one version of a managed policy.
type PolicyVersion struct {
	VersionID string // "v1", "v2", …: a number is never reused within a policy
	Document  string
	IsDefault bool
	Created   time.Time
}

// PolicyListOptions selects a page of ListPolicies.
type PolicyListOptions struct {
	ListOptions
	// OnlyAttached keeps policies in use: attached to a user, group or role, or bounding a
	// user or role, as Usage says.
	OnlyAttached bool
	// Usage narrows OnlyAttached to uses as a permissions policy (UsagePermissions) or as a
	// boundary (UsageBoundary); "" counts both. Without OnlyAttached it filters nothing.
	Usage PolicyUsageFilter
}

// PolicyUsageFilter is ListPolicies' and ListEntitiesForPolicy's PolicyUsageFilter.
type PolicyUsageFilter string

const (
	UsageAny         PolicyUsageFilter = ""
	UsagePermissions PolicyUsageFilter = "PermissionsPolicy"
	UsageBoundary    PolicyUsageFilter = "PermissionsBoundary"
)

// PolicyDependents counts what IAM requires removed before DeletePolicy succeeds.
type PolicyDependents struct {
	Usage              PolicyUsage
	NonDefaultVersions int
}

// Policies stores customer managed policies and their versions.
type Policies interface {
	// Create stores the policy with document as its default version v1 created at p.Created.
	Create(ctx context.Context, p ManagedPolicy, document string) error
	// Get finds a policy by name, ignoring case.
	Get(ctx context.Context, accountID, name string) (ManagedPolicy, error)
	GetByARN(ctx context.Context, arn string) (ManagedPolicy, error)
	// Update rewrites Description and Updated.
	Update(ctx context.Context, p ManagedPolicy) error
	// Delete removes the policy, its versions, attachments and tags.
	Delete(ctx context.Context, id string) error
	List(ctx context.Context, accountID string, o PolicyListOptions) ([]ManagedPolicy, bool, error)
	// ListByID is List ordered by policy ID, the order of IAM's ListPolicies; After is an ID.
	ListByID(ctx context.Context, accountID string, o PolicyListOptions) ([]ManagedPolicy, bool, error)
	Dependents(ctx context.Context, id string) (PolicyDependents, error)

	// CreateVersion adds the next version; when setDefault it becomes the default and the
	// policy's Updated time becomes created.
	CreateVersion(ctx context.Context, policyID, document string, created time.Time, setDefault bool) (PolicyVersion, error)
	GetVersion(ctx context.Context, policyID, versionID string) (PolicyVersion, error)
	// Versions lists all versions, newest first.
	Versions(ctx context.Context, policyID string) ([]PolicyVersion, error)
	// SetDefaultVersion makes versionID the default and sets the policy's Updated time.
	SetDefaultVersion(ctx context.Context, policyID, versionID string, updated time.Time) error
	// DeleteVersion fails with ErrConflict for the default version.
	DeleteVersion(ctx context.Context, policyID, versionID string) error
	// DefaultVersion returns the default version of the customer managed policy arn in an
	// account, or ErrNotFound (also for AWS managed ARNs, which are not stored).
	DefaultVersion(ctx context.Context, accountID, arn string) (PolicyVersion, error)
}

// PrincipalKind is the kind of an IAM identity that policies attach to.
type PrincipalKind string

const (
	PrincipalUser  PrincipalKind = "user"
	PrincipalGroup PrincipalKind = "group"
	PrincipalRole  PrincipalKind = "role"
)

// Principal names a user, group or role by its unique ID.
type Principal struct {
	Kind PrincipalKind
	ID   string
}

// AttachedPolicy is a managed policy attached to a principal. Name and Path are the policy's,
// given by the service (for AWS managed policies they come from the ARN).
type AttachedPolicy struct {
	ARN  string
	Name string
	Path string
}

// PolicyEntity is a principal a policy is attached to or bounds (ListEntitiesForPolicy).
type PolicyEntity struct {
	Kind PrincipalKind
	ID   string
	Name string
	Path string
}

// EntityListOptions selects a page of ListEntitiesForPolicy. The listing is ordered by kind
// (group, role, user) and then name; After is the last entity of the previous page.
type EntityListOptions struct {
	Kind       PrincipalKind // "" for all kinds
	PathPrefix string
	Usage      PolicyUsageFilter
	After      *PolicyEntity
	Limit      int
}

// Attachments stores managed policy attachments, customer or AWS managed, by ARN.
type Attachments interface {
	// Attach is idempotent, as AttachUserPolicy is. A missing principal is ErrNotFound.
	Attach(ctx context.Context, p Principal, pol AttachedPolicy) error
	// Detach fails with ErrNotFound when the policy is not attached.
	Detach(ctx context.Context, p Principal, policyARN string) error
	// List lists a principal's attached policies ordered by ARN; After is an ARN and
	// PathPrefix filters on the policy's path.
	List(ctx context.Context, p Principal, o ListOptions) ([]AttachedPolicy, bool, error)
	Count(ctx context.Context, p Principal) (int, error)
	// Usage counts the uses of one policy ARN in an account.
	Usage(ctx context.Context, accountID, policyARN string) (PolicyUsage, error)
	// UsageByARN counts the uses of every policy ARN used in an account, AWS managed ones
	// included (ListPolicies with Scope=AWS).
	UsageByARN(ctx context.Context, accountID string) (map[string]PolicyUsage, error)
	// Entities lists the principals a policy is attached to or bounds.
	Entities(ctx context.Context, accountID, policyARN string, o EntityListOptions) ([]PolicyEntity, bool, error)
}

// InlinePolicy is a policy embedded in a user, group or role. Names are matched exactly.
type InlinePolicy struct {
	Name     string
	Document string
}

// InlinePolicies stores inline policies.
type InlinePolicies interface {
	// Put adds or replaces a policy. A missing principal is ErrNotFound.
	Put(ctx context.Context, p Principal, pol InlinePolicy) error
	Get(ctx context.Context, p Principal, name string) (InlinePolicy, error)
	Delete(ctx context.Context, p Principal, name string) error
	// List lists a principal's policies ordered by name; After is a name.
	List(ctx context.Context, p Principal, o ListOptions) ([]InlinePolicy, bool, error)
	Count(ctx context.Context, p Principal) (int, error)
}
