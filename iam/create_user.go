package iam

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreateUser creates an IAM user, optionally with a permissions boundary and tags.
func (s *Service) CreateUser(ctx context.Context, in *iamwire.CreateUserInput) (*iamwire.CreateUserOutput, error) {
	call, err := begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	path := "/"
	if in.Path != nil {
		path = *in.Path
	}
	keys := requestTagKeys(in.Tags)
	boundary := optional(in.PermissionsBoundary)
	if boundary != "" {
		keys = append(keys, authz.StringKey("iam:PermissionsBoundary", boundary))
	}
	if err := s.authorize(ctx, call, "iam:CreateUser", userARN(account, path, in.UserName), keys...); err != nil {
		return nil, err
	}
	if err := checkNewTags(in.Tags, nil, "TagsPerUser"); err != nil {
		return nil, err
	}
	id, err := arn.NewUniqueID(s.rand, arn.PrefixUser)
	if err != nil {
		return nil, err
	}
	u := store.User{AccountID: account, ID: id, Name: in.UserName, Path: path, ARN: userARN(account, path, in.UserName),
		Created: s.timestamp(), BoundaryARN: boundary}
	tags := storeTags(in.Tags)
	err = s.store.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.Users().Get(ctx, account, in.UserName); err == nil {
			return userExists(in.UserName)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if boundary != "" {
			if err := checkBoundary(ctx, tx, account, boundary); err != nil {
				return err
			}
		}
		sum, err := tx.Accounts().Summary(ctx, account)
		if err != nil {
			return err
		}
		if sum.Users >= MaxUsersPerAccount {
			return quotaExceeded("UsersPerAccount", MaxUsersPerAccount)
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

// checkBoundary checks that a permissions boundary names a managed policy that exists: an AWS
// managed one from the catalog, or a customer managed one of the account.
func checkBoundary(ctx context.Context, tx store.Tx, account, policyARN string) error {
	a, err := arn.Parse(policyARN)
	if err != nil || a.Service != "iam" || !strings.HasPrefix(a.Resource, "policy/") {
		return invalidBoundaryARN(policyARN)
	}
	if a.AccountID == "aws" {
		if _, ok := managed.Lookup(policyARN); !ok {
			return noSuchBoundary(policyARN)
		}
		return nil
	}
	if a.AccountID != account {
		return noSuchBoundary(policyARN)
	}
	if _, err := tx.Policies().GetByARN(ctx, policyARN); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return noSuchBoundary(policyARN)
		}
		return err
	}
	return nil
}
