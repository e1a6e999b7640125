package groups

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateGroup renames a group or moves it to another path; its members and policies stay with
// it. The caller needs iam:UpdateGroup on both the group as it is and as it will be ("the
// requester must have appropriate permissions on both the source object and the target
// object", UpdateGroup in the IAM API Reference).
func (s *Groups) UpdateGroup(ctx context.Context, in *iamwire.UpdateGroupInput) (*iamwire.UpdateGroupOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	g, _, _, err := s.find(ctx, account, in.GroupName, "")
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:UpdateGroup", groupResource(account, in.GroupName, g)); err != nil {
		return nil, err
	}
	if g == nil {
		return nil, noSuchGroup(in.GroupName)
	}
	next := *g
	if in.NewGroupName != nil {
		next.Name = *in.NewGroupName
	}
	if in.NewPath != nil {
		next.Path = *in.NewPath
	}
	next.ARN = groupARN(account, next.Path, next.Name)
	if next.ARN != g.ARN {
		if err := s.Authorize(ctx, call, "iam:UpdateGroup", next.ARN); err != nil {
			return nil, err
		}
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := groupInTx(ctx, tx, account, in.GroupName, g.ID); err != nil {
			return err
		}
		if other, err := tx.Groups().Get(ctx, account, next.Name); err == nil && other.ID != g.ID {
			return groupExists(next.Name)
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := tx.Groups().Update(ctx, next); err != nil {
			if errors.Is(err, store.ErrAlreadyExists) {
				return groupExists(next.Name)
			}
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UpdateGroupOutput{}, nil
}
