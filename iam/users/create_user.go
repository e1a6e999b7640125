package users

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreateUser creates an IAM user, optionally with a permissions boundary and tags.
var createUser = &op.Op[*Users, iamwire.CreateUserInput, iamwire.CreateUserOutput, op.None]{
	Name: "CreateUser", Action: "iam:CreateUser",
	Resolve: core.Created[*Users]("user", func(in *iamwire.CreateUserInput) *string { return in.Path },
		func(in *iamwire.CreateUserInput) string { return in.UserName }),
	Keys: []op.KeySource[iamwire.CreateUserInput]{
		core.NewTags(func(in *iamwire.CreateUserInput) []iamwire.Tag { return in.Tags }),
		core.NewBoundary(func(in *iamwire.CreateUserInput) *string { return in.PermissionsBoundary }),
	},
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.CreateUserInput, op.None]) (*iamwire.CreateUserOutput, error) {
		in := r.In
		if err := core.CheckNewTags(in.Tags, nil, "TagsPerUser"); err != nil {
			return nil, err
		}
		id, err := arn.NewUniqueID(s.Rand, arn.PrefixUser)
		if err != nil {
			return nil, err
		}
		u := store.User{AccountID: r.Account(), ID: id, Name: in.UserName, Path: core.PathOr(in.Path), ARN: r.Target.ARN,
			Created: s.Timestamp(), BoundaryARN: core.Optional(in.PermissionsBoundary)}
		tags := core.StoreTags(in.Tags)
		if err := s.Store.Update(ctx, func(tx store.Tx) error { return createUserInTx(ctx, tx, u, tags) }); err != nil {
			return nil, err
		}
		out := wireUser(&u, tags, true)
		return &iamwire.CreateUserOutput{User: &out}, nil
	}}

func (s *Users) CreateUser(ctx context.Context, in *iamwire.CreateUserInput) (*iamwire.CreateUserOutput, error) {
	return createUser.Run(ctx, s, in)
}

// createUserInTx stores a new user with its tags: its name must be free, its boundary a
// policy that exists, and the account under its quota of users.
func createUserInTx(ctx context.Context, tx store.Tx, u store.User, tags []store.Tag) error {
	return core.CreateUnique(iamerr.UserExists.Err(u.Name),
		func() error { _, err := tx.Users().Get(ctx, u.AccountID, u.Name); return err },
		func() error {
			if err := tx.Users().Create(ctx, u); err != nil || len(tags) == 0 {
				return err
			}
			return tx.Tags().Put(ctx, store.Resource{Kind: store.KindUser, Key: u.ID}, tags)
		},
		core.BoundaryExists(ctx, tx, u.AccountID, u.BoundaryARN),
		core.Quota(ctx, tx, u.AccountID, func(s store.AccountSummary) int { return s.Users }, MaxUsersPerAccount, "UsersPerAccount"))
}
