package groups

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetGroup returns a group and a page of its users, ordered by name without regard to case.
var getGroup = &op.Op[*Groups, iamwire.GetGroupInput, iamwire.GetGroupOutput, *identity.Principal]{
	Name: "GetGroup", Action: "iam:GetGroup",
	Resolve: groupNamed(func(in *iamwire.GetGroupInput) string { return in.GroupName }),
	Handle: func(s *Groups, ctx context.Context, r *op.Request[iamwire.GetGroupInput, *identity.Principal]) (*iamwire.GetGroupOutput, error) {
		g := r.Entity().Group
		page, err := core.List(ctx, s.Store, r.In.Marker, r.In.MaxItems, nil,
			func(tx store.Tx, o store.ListOptions) ([]store.User, bool, error) {
				cur, err := core.PrincipalInTx(ctx, tx, r.Entity())
				if err != nil {
					return nil, false, err
				}
				g = cur.Group
				return tx.Groups().Members(ctx, cur.ID, o)
			},
			func(u *store.User) string { return u.Name }, wireUser)
		if err != nil {
			return nil, err
		}
		return &iamwire.GetGroupOutput{Group: wireGroup(g), Users: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

func (s *Groups) GetGroup(ctx context.Context, in *iamwire.GetGroupInput) (*iamwire.GetGroupOutput, error) {
	return getGroup.Run(ctx, s, in)
}
