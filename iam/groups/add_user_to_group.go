package groups

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AddUserToGroup makes a user a member of a group; adding a member again changes nothing, as
// in AWS. A user is in at most MaxGroupsPerUser groups (LimitExceeded). It is authorized on the
// group, as the Service Authorization Reference defines it.
func (s *Groups) AddUserToGroup(ctx context.Context, in *iamwire.AddUserToGroupInput) (*iamwire.AddUserToGroupOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	g, u, _, err := s.find(ctx, account, in.GroupName, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:AddUserToGroup", groupResource(account, in.GroupName, g)); err != nil {
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
		groups, _, err := tx.Groups().ForUser(ctx, user.ID, store.ListOptions{Limit: MaxGroupsPerUser + 1})
		if err != nil {
			return err
		}
		for _, member := range groups {
			if member.ID == cur.ID {
				return nil
			}
		}
		if len(groups) >= MaxGroupsPerUser {
			return core.QuotaExceeded(quotaGroupsPerUser, MaxGroupsPerUser)
		}
		return tx.Groups().AddMember(ctx, cur.ID, user.ID)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.AddUserToGroupOutput{}, nil
}
