package groups

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListGroupsForUser lists the groups a user is in, ordered by name without regard to case.
// It is authorized on the user, as the Service Authorization Reference defines it.
var listGroupsForUser = &op.Op[*Groups, iamwire.ListGroupsForUserInput, iamwire.ListGroupsForUserOutput, *identity.Principal]{
	Name: "ListGroupsForUser", Action: "iam:ListGroupsForUser",
	Resolve: core.PrincipalNamed[*Groups](store.PrincipalUser, func(in *iamwire.ListGroupsForUserInput) string { return in.UserName }, core.WithoutBoundary),
	Handle: func(s *Groups, ctx context.Context, r *op.Request[iamwire.ListGroupsForUserInput, *identity.Principal]) (*iamwire.ListGroupsForUserOutput, error) {
		page, err := groupPage(ctx, s, r.In.Marker, r.In.MaxItems, nil, func(tx store.Tx, o store.ListOptions) ([]store.Group, bool, error) {
			return tx.Groups().ForUser(ctx, r.Entity().ID, o)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.ListGroupsForUserOutput{Groups: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

func (s *Groups) ListGroupsForUser(ctx context.Context, in *iamwire.ListGroupsForUserInput) (*iamwire.ListGroupsForUserOutput, error) {
	return listGroupsForUser.Run(ctx, s, in)
}
