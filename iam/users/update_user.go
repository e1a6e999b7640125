package users

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateUser renames a user or moves it to another path. The caller needs iam:UpdateUser on
// both the user as it is and as it will be ("the requester must have appropriate permissions
// on both the source object and the target object", UpdateUser in the IAM API Reference).
func (s *Users) UpdateUser(ctx context.Context, in *iamwire.UpdateUserInput) (*iamwire.UpdateUserOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	u, tags, err := s.findUser(ctx, account, in.UserName)
	if err != nil {
		return nil, err
	}
	keys := core.ResourceTagKeys(tags)
	if err := s.Authorize(ctx, call, "iam:UpdateUser", userResource(account, in.UserName, u), keys...); err != nil {
		return nil, err
	}
	if u == nil {
		return nil, noSuchUser(in.UserName)
	}
	next := *u
	if in.NewUserName != nil {
		next.Name = *in.NewUserName
	}
	if in.NewPath != nil {
		next.Path = *in.NewPath
	}
	next.ARN = userARN(account, next.Path, next.Name)
	if next.ARN != u.ARN {
		if err := s.Authorize(ctx, call, "iam:UpdateUser", next.ARN, keys...); err != nil {
			return nil, err
		}
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := userInTx(ctx, tx, account, in.UserName)
		if err != nil {
			return err
		}
		if cur.ID != next.ID {
			return noSuchUser(in.UserName) // deleted and recreated meanwhile
		}
		if other, err := tx.Users().Get(ctx, account, next.Name); err == nil && other.ID != cur.ID {
			return userExists(next.Name)
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		next.BoundaryARN = cur.BoundaryARN
		if err := tx.Users().Update(ctx, next); err != nil {
			if errors.Is(err, store.ErrAlreadyExists) {
				return userExists(next.Name)
			}
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UpdateUserOutput{}, nil
}
