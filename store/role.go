package store

import (
	"context"
	"time"
)

// Role is an IAM role.
type Role struct {
	AccountID          string
	ID                 string // AROA…
	Name               string
	Path               string
	ARN                string
	TrustPolicy        string // AssumeRolePolicyDocument, as given
	Description        string
	MaxSessionDuration int // seconds
	BoundaryARN        string
	Created            time.Time
	LastUsed           RoleUse
	// ServiceLinked roles were made by CreateServiceLinkedRole for LinkedService
	// (e.g. "elasticbeanstalk.amazonaws.com").
	ServiceLinked bool
	LinkedService string
}

// RoleUse is RoleLastUsed. A zero When means never used.
type RoleUse struct {
	When   time.Time
	Region string
}

// RoleDependents counts what IAM requires removed before DeleteRole succeeds.
type RoleDependents struct {
	InlinePolicies, AttachedPolicies, InstanceProfiles int
}

// Roles stores IAM roles.
type Roles interface {
	Create(ctx context.Context, r Role) error
	// Get finds a role by name, ignoring case.
	Get(ctx context.Context, accountID, name string) (Role, error)
	GetByID(ctx context.Context, id string) (Role, error)
	// Update rewrites everything but AccountID, ID, Created and LastUsed.
	Update(ctx context.Context, r Role) error
	// RecordUse stores RoleLastUsed; it is usage data, not a change.
	RecordUse(ctx context.Context, id string, use RoleUse) error
	// Delete removes the role, its inline policies, attachments, instance-profile
	// memberships and tags.
	Delete(ctx context.Context, id string) error
	List(ctx context.Context, accountID string, o ListOptions) ([]Role, bool, error)
	Dependents(ctx context.Context, id string) (RoleDependents, error)

	// SetTrustPrincipals replaces the users and roles recorded as named by the role's trust
	// policy (see TrustPrincipal); call it whenever the trust policy is written. A missing
	// role is ErrNotFound.
	SetTrustPrincipals(ctx context.Context, roleID string, ps []TrustPrincipal) error
	// TrustPrincipals returns the recorded principals of the given roles, with CurrentARN
	// filled, in one query, ordered by role ID and then as they were set. Pass each role's
	// own to identity.EffectiveTrustPolicy.
	TrustPrincipals(ctx context.Context, roleIDs ...string) ([]TrustPrincipal, error)
}

// InstanceProfile is an IAM instance profile. Roles is filled on reads.
type InstanceProfile struct {
	AccountID string
	ID        string // AIPA…
	Name      string
	Path      string
	ARN       string
	Created   time.Time
	Roles     []Role
}

// InstanceProfiles stores instance profiles and the roles in them.
type InstanceProfiles interface {
	Create(ctx context.Context, p InstanceProfile) error
	// Get finds a profile by name, ignoring case.
	Get(ctx context.Context, accountID, name string) (InstanceProfile, error)
	GetByID(ctx context.Context, id string) (InstanceProfile, error)
	Delete(ctx context.Context, id string) error
	List(ctx context.Context, accountID string, o ListOptions) ([]InstanceProfile, bool, error)
	// ForRole lists the profiles containing a role (ListInstanceProfilesForRole).
	ForRole(ctx context.Context, roleID string, o ListOptions) ([]InstanceProfile, bool, error)
	// AddRole fails with ErrAlreadyExists when the role is already in the profile; the
	// one-role quota is the service's.
	AddRole(ctx context.Context, profileID, roleID string) error
	RemoveRole(ctx context.Context, profileID, roleID string) error
}

// Service-linked role deletion task statuses (GetServiceLinkedRoleDeletionStatus).
const (
	DeletionNotStarted = "NOT_STARTED"
	DeletionInProgress = "IN_PROGRESS"
	DeletionSucceeded  = "SUCCEEDED"
	DeletionFailed     = "FAILED"
)

// SLRDeletion is a service-linked role deletion task.
type SLRDeletion struct {
	ID        string // DeletionTaskId
	AccountID string
	RoleName  string
	RoleARN   string
	Status    string
	Reason    string
	// RoleUsage lists, per region, the resources still using the role when deletion failed.
	RoleUsage []RoleUsage
	Created   time.Time
}

// RoleUsage is one entry of DeletionTaskFailureReason.RoleUsageList.
type RoleUsage struct {
	Region    string
	Resources []string
}

// ServiceLinkedRoleDeletions stores deletion tasks.
type ServiceLinkedRoleDeletions interface {
	Create(ctx context.Context, d SLRDeletion) error
	Get(ctx context.Context, accountID, id string) (SLRDeletion, error)
	// Update rewrites Status, Reason and RoleUsage.
	Update(ctx context.Context, d SLRDeletion) error
}
