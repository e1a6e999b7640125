package groups

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// RemoveUserFromGroup takes a user out of a group. AWS reports a missing user before a
// missing group (recorded from AWS). It is authorized on the group.
func (s *Groups) RemoveUserFromGroup(ctx context.Context, in *iamwire.RemoveUserFromGroupInput) (*iamwire.RemoveUserFromGroupOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	g, u, _, err := s.find(ctx, account, in.GroupName, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:RemoveUserFromGroup", groupResource(account, in.GroupName, g)); err != nil {
		return nil, err
	}
	if u == nil {
		return nil, noSuchUser(in.UserName)
	}
	if g == nil {
		return nil, noSuchGroup(in.GroupName)
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := groupInTx(ctx, tx, account, in.GroupName, g.ID)
		if err != nil {
			return err
		}
		user, err := userInTx(ctx, tx, account, in.UserName, u.ID)
		if err != nil {
			return err
		}
		if err := tx.Groups().RemoveMember(ctx, cur.ID, user.ID); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return notAMember(in.UserName)
			}
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.RemoveUserFromGroupOutput{}, nil
}
