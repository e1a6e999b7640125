package users

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreateUser creates an IAM user, optionally with a permissions boundary and tags.
func (s *Users) CreateUser(ctx context.Context, in *iamwire.CreateUserInput) (*iamwire.CreateUserOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	path := "/"
	if in.Path != nil {
		path = *in.Path
	}
	keys := core.RequestTagKeys(in.Tags)
	boundary := core.Optional(in.PermissionsBoundary)
	if boundary != "" {
		keys = append(keys, authz.StringKey("iam:PermissionsBoundary", boundary))
	}
	if err := s.Authorize(ctx, call, "iam:CreateUser", userARN(account, path, in.UserName), keys...); err != nil {
		return nil, err
	}
	if err := core.CheckNewTags(in.Tags, nil, "TagsPerUser"); err != nil {
		return nil, err
	}
	id, err := arn.NewUniqueID(s.Rand, arn.PrefixUser)
	if err != nil {
		return nil, err
	}
	u := store.User{AccountID: account, ID: id, Name: in.UserName, Path: path, ARN: userARN(account, path, in.UserName),
		Created: s.Timestamp(), BoundaryARN: boundary}
	tags := core.StoreTags(in.Tags)
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.Users().Get(ctx, account, in.UserName); err == nil {
			return userExists(in.UserName)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if boundary != "" {
			if err := core.CheckBoundary(ctx, tx, account, boundary); err != nil {
				return err
			}
		}
		sum, err := tx.Accounts().Summary(ctx, account)
		if err != nil {
			return err
		}
		if sum.Users >= MaxUsersPerAccount {
			return core.QuotaExceeded("UsersPerAccount", MaxUsersPerAccount)
		}
		if err := tx.Users().Create(ctx, u); err != nil {
			if errors.Is(err, store.ErrAlreadyExists) {
				return userExists(in.UserName)
			}
			return err
		}
		if len(tags) > 0 {
			return tx.Tags().Put(ctx, store.Resource{Kind: store.KindUser, Key: u.ID}, tags)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := wireUser(&u, tags, true)
	return &iamwire.CreateUserOutput{User: &out}, nil
}
