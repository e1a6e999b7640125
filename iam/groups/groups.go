package groups

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Groups implements the groups family of IAM operations.
type Groups struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Groups { return &Groups{Base: b} }

// Operations is the groups family's table: one row per operation (package op).
var Operations = op.Table{
	createGroup, getGroup, updateGroup, deleteGroup, listGroups, listGroupsForUser,
	addUserToGroup, removeUserFromGroup,
}

// Implemented lists the operations this family implements (see iam.Implemented), from
// Operations.
var Implemented = Operations.Names()

// groupNamed is the resolver of an operation on the group a request names. IAM groups carry no
// tags, so there are no resource condition keys.
func groupNamed[In any](name func(*In) string) op.Resolver[*Groups, In, *identity.Principal] {
	return core.PrincipalNamed[*Groups](store.PrincipalGroup, name, core.WithoutBoundary)
}

func wireGroup(g *store.Group) iamwire.Group {
	return iamwire.Group{Path: g.Path, GroupName: g.Name, GroupId: g.ID, Arn: g.ARN, CreateDate: g.Created}
}

// wireUser is a member as GetGroup lists it: the user without boundary and tags, as
// ListUsers shows users.
func wireUser(u *store.User) iamwire.User {
	out := iamwire.User{Path: u.Path, UserName: u.Name, UserId: u.ID, Arn: u.ARN, CreateDate: u.Created}
	if !u.PasswordLastUsed.IsZero() {
		t := u.PasswordLastUsed
		out.PasswordLastUsed = &t
	}
	return out
}

// groupPage is a page of groups read by read, in their wire shape.
func groupPage(ctx context.Context, s *Groups, marker *string, maxItems *int32, pathPrefix *string,
	read func(tx store.Tx, o store.ListOptions) ([]store.Group, bool, error)) (core.Listing[iamwire.Group], error) {
	return core.List(ctx, s.Store, marker, maxItems, pathPrefix, read, func(g *store.Group) string { return g.Name }, wireGroup)
}
