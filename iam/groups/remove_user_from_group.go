package groups

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// RemoveUserFromGroup takes a user out of a group.
var removeUserFromGroup = memberRow[iamwire.RemoveUserFromGroupInput, iamwire.RemoveUserFromGroupOutput]("RemoveUserFromGroup",
	func(in *iamwire.RemoveUserFromGroupInput) (string, string) { return in.GroupName, in.UserName },
	func(ctx context.Context, tx store.Tx, g, u *identity.Principal, name string) error {
		if err := tx.Groups().RemoveMember(ctx, g.ID, u.ID); errors.Is(err, store.ErrNotFound) {
			return notAMember(name)
		} else if err != nil {
			return err
		}
		return nil
	})

func (s *Groups) RemoveUserFromGroup(ctx context.Context, in *iamwire.RemoveUserFromGroupInput) (*iamwire.RemoveUserFromGroupOutput, error) {
	return removeUserFromGroup.Run(ctx, s, in)
}
