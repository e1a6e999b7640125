package groups

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreateGroup creates an empty group.
var createGroup = &op.Op[*Groups, iamwire.CreateGroupInput, iamwire.CreateGroupOutput, op.None]{
	Name: "CreateGroup", Action: "iam:CreateGroup",
	Resolve: core.Created[*Groups]("group", func(in *iamwire.CreateGroupInput) *string { return in.Path },
		func(in *iamwire.CreateGroupInput) string { return in.GroupName }),
	Handle: func(s *Groups, ctx context.Context, r *op.Request[iamwire.CreateGroupInput, op.None]) (*iamwire.CreateGroupOutput, error) {
		id, err := arn.NewUniqueID(s.Rand, arn.PrefixGroup)
		if err != nil {
			return nil, err
		}
		g := store.Group{AccountID: r.Account(), ID: id, Name: r.In.GroupName, Path: core.PathOr(r.In.Path), ARN: r.Target.ARN,
			Created: s.Timestamp()}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			return core.CreateUnique(groupExists(g.Name),
				func() error { _, err := tx.Groups().Get(ctx, g.AccountID, g.Name); return err },
				func() error { return tx.Groups().Create(ctx, g) },
				core.Quota(ctx, tx, g.AccountID, func(s store.AccountSummary) int { return s.Groups }, MaxGroupsPerAccount, quotaGroups))
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.CreateGroupOutput{Group: wireGroup(&g)}, nil
	}}

func (s *Groups) CreateGroup(ctx context.Context, in *iamwire.CreateGroupInput) (*iamwire.CreateGroupOutput, error) {
	return createGroup.Run(ctx, s, in)
}
