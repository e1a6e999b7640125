package store

import (
	"context"
	"time"
)

// Group is an IAM group.
type Group struct {
	AccountID string
	ID        string // AGPA…
	Name      string
	Path      string
	ARN       string
	Created   time.Time
}

// GroupDependents counts what IAM requires removed before DeleteGroup succeeds.
type GroupDependents struct {
	Members, InlinePolicies, AttachedPolicies int
}

// Groups stores IAM groups and their memberships.
type Groups interface {
	Create(ctx context.Context, g Group) error
	// Get finds a group by name, ignoring case.
	Get(ctx context.Context, accountID, name string) (Group, error)
	GetByID(ctx context.Context, id string) (Group, error)
	// Update rewrites Name, Path and ARN of the group with g.ID.
	Update(ctx context.Context, g Group) error
	// Delete removes the group, its memberships, inline policies and attachments.
	Delete(ctx context.Context, id string) error
	List(ctx context.Context, accountID string, o ListOptions) ([]Group, bool, error)
	Dependents(ctx context.Context, id string) (GroupDependents, error)

	// AddMember is idempotent, as AddUserToGroup is. A missing user or group is ErrNotFound.
	AddMember(ctx context.Context, groupID, userID string) error
	// RemoveMember fails with ErrNotFound when the user is not a member.
	RemoveMember(ctx context.Context, groupID, userID string) error
	// Members lists a group's users by name (GetGroup); PathPrefix is ignored.
	Members(ctx context.Context, groupID string, o ListOptions) ([]User, bool, error)
	// ForUser lists a user's groups by name (ListGroupsForUser); PathPrefix is ignored.
	ForUser(ctx context.Context, userID string, o ListOptions) ([]Group, bool, error)
	CountForUser(ctx context.Context, userID string) (int, error)
}
