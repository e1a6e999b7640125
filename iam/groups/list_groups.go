package groups

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListGroups lists the account's groups whose path starts with PathPrefix, ordered by name
// without regard to case.
var listGroups = &op.Op[*Groups, iamwire.ListGroupsInput, iamwire.ListGroupsOutput, op.None]{
	Name: "ListGroups", Action: "iam:ListGroups",
	Resolve: core.PathScoped[*Groups]("group", func(in *iamwire.ListGroupsInput) *string { return in.PathPrefix }),
	Handle: func(s *Groups, ctx context.Context, r *op.Request[iamwire.ListGroupsInput, op.None]) (*iamwire.ListGroupsOutput, error) {
		prefix := core.PathOr(r.In.PathPrefix)
		page, err := groupPage(ctx, s, r.In.Marker, r.In.MaxItems, &prefix, func(tx store.Tx, o store.ListOptions) ([]store.Group, bool, error) {
			return tx.Groups().List(ctx, r.Account(), o)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.ListGroupsOutput{Groups: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

func (s *Groups) ListGroups(ctx context.Context, in *iamwire.ListGroupsInput) (*iamwire.ListGroupsOutput, error) {
	return listGroups.Run(ctx, s, in)
}
