package groups

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AddUserToGroup makes a user a member of a group; adding a member again changes nothing, as
// in AWS. A user is in at most MaxGroupsPerUser groups (LimitExceeded).
var addUserToGroup = memberRow[iamwire.AddUserToGroupInput, iamwire.AddUserToGroupOutput]("AddUserToGroup",
	func(in *iamwire.AddUserToGroupInput) (string, string) { return in.GroupName, in.UserName },
	func(ctx context.Context, tx store.Tx, g, u *identity.Principal, _ string) error {
		groups, _, err := tx.Groups().ForUser(ctx, u.ID, store.ListOptions{Limit: MaxGroupsPerUser + 1})
		if err != nil {
			return err
		}
		for _, member := range groups {
			if member.ID == g.ID {
				return nil
			}
		}
		if len(groups) >= MaxGroupsPerUser {
			return core.QuotaExceeded(quotaGroupsPerUser, MaxGroupsPerUser)
		}
		return tx.Groups().AddMember(ctx, g.ID, u.ID)
	})

func (s *Groups) AddUserToGroup(ctx context.Context, in *iamwire.AddUserToGroupInput) (*iamwire.AddUserToGroupOutput, error) {
	return addUserToGroup.Run(ctx, s, in)
}
