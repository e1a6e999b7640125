package groups

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreateGroup creates an empty group.
func (s *Groups) CreateGroup(ctx context.Context, in *iamwire.CreateGroupInput) (*iamwire.CreateGroupOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	path := "/"
	if in.Path != nil {
		path = *in.Path
	}
	arnOf := groupARN(account, path, in.GroupName)
	if err := s.Authorize(ctx, call, "iam:CreateGroup", arnOf); err != nil {
		return nil, err
	}
	id, err := arn.NewUniqueID(s.Rand, arn.PrefixGroup)
	if err != nil {
		return nil, err
	}
	g := store.Group{AccountID: account, ID: id, Name: in.GroupName, Path: path, ARN: arnOf, Created: s.Timestamp()}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.Groups().Get(ctx, account, in.GroupName); err == nil {
			return groupExists(in.GroupName)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		sum, err := tx.Accounts().Summary(ctx, account)
		if err != nil {
			return err
		}
		if sum.Groups >= MaxGroupsPerAccount {
			return core.QuotaExceeded(quotaGroups, MaxGroupsPerAccount)
		}
		if err := tx.Groups().Create(ctx, g); err != nil {
			if errors.Is(err, store.ErrAlreadyExists) {
				return groupExists(in.GroupName)
			}
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.CreateGroupOutput{Group: wireGroup(&g)}, nil
}
