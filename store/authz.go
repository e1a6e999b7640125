package store

import "context"

// UserAuthz is everything authorization needs about a user, read in a fixed small number of
// queries.
type UserAuthz struct {
	User     User
	Inline   []InlinePolicy
	Attached []string // managed policy ARNs
	Groups   []GroupAuthz
	// Documents holds the default version of each customer managed policy among the attached
	// ARNs (the user's and its groups') and the boundary, by ARN. AWS managed ARNs are absent.
	Documents map[string]PolicyVersion
}

// GroupAuthz is a group's part of a member's authorization data.
type GroupAuthz struct {
	Group    Group
	Inline   []InlinePolicy
	Attached []string
}

// RoleAuthz is everything authorization needs about a role.
type RoleAuthz struct {
	Role      Role
	Inline    []InlinePolicy
	Attached  []string
	Documents map[string]PolicyVersion
}

// UserDetail is one UserDetailList entry of GetAccountAuthorizationDetails.
type UserDetail struct {
	User     User
	Inline   []InlinePolicy
	Groups   []string // group names
	Attached []AttachedPolicy
	Tags     []Tag
}

// GroupDetail is one GroupDetailList entry.
type GroupDetail struct {
	Group    Group
	Inline   []InlinePolicy
	Attached []AttachedPolicy
}

// RoleDetail is one RoleDetailList entry.
type RoleDetail struct {
	Role             Role
	Inline           []InlinePolicy
	Attached         []AttachedPolicy
	InstanceProfiles []InstanceProfile
	Tags             []Tag
}

// PolicyDetail is one Policies entry: a customer managed policy with all its versions.
type PolicyDetail struct {
	Policy   ManagedPolicy
	Versions []PolicyVersion
}

// Authz reads authorization data in bulk. Every method issues a fixed number of queries,
// however many groups, policies or users are involved.
type Authz interface {
	User(ctx context.Context, userID string) (UserAuthz, error)
	Role(ctx context.Context, roleID string) (RoleAuthz, error)
	// UserDetails, GroupDetails, RoleDetails and PolicyDetails page through an account as
	// GetAccountAuthorizationDetails does, ordered by name.
	UserDetails(ctx context.Context, accountID string, o ListOptions) ([]UserDetail, bool, error)
	GroupDetails(ctx context.Context, accountID string, o ListOptions) ([]GroupDetail, bool, error)
	RoleDetails(ctx context.Context, accountID string, o ListOptions) ([]RoleDetail, bool, error)
	PolicyDetails(ctx context.Context, accountID string, o PolicyListOptions) ([]PolicyDetail, bool, error)
}
