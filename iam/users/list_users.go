package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListUsers lists the account's users whose path starts with PathPrefix, ordered by name
// without regard to case. As in AWS, the listing leaves out each user's boundary and tags.
var listUsers = &op.Op[*Users, iamwire.ListUsersInput, iamwire.ListUsersOutput, op.None]{
	Name: "ListUsers", Action: "iam:ListUsers",
	Resolve: core.PathScoped[*Users]("user", func(in *iamwire.ListUsersInput) *string { return in.PathPrefix }),
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.ListUsersInput, op.None]) (*iamwire.ListUsersOutput, error) {
		prefix := core.PathOr(r.In.PathPrefix)
		page, err := core.List(ctx, s.Store, r.In.Marker, r.In.MaxItems, &prefix,
			func(tx store.Tx, o store.ListOptions) ([]store.User, bool, error) {
				return tx.Users().List(ctx, r.Account(), o)
			},
			func(u *store.User) string { return u.Name }, func(u *store.User) iamwire.User { return wireUser(u, nil, false) })
		if err != nil {
			return nil, err
		}
		return &iamwire.ListUsersOutput{Users: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

func (s *Users) ListUsers(ctx context.Context, in *iamwire.ListUsersInput) (*iamwire.ListUsersOutput, error) {
	return listUsers.Run(ctx, s, in)
}
