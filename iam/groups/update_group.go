package groups

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateGroup renames a group or moves it to another path (core.MoveRow); its members and
// policies stay with it.
var updateGroup = core.MoveRow[*Groups, iamwire.UpdateGroupInput, iamwire.UpdateGroupOutput](store.PrincipalGroup, "UpdateGroup",
	func(in *iamwire.UpdateGroupInput) (string, *string, *string) {
		return in.GroupName, in.NewGroupName, in.NewPath
	},
	groupExists, func(ctx context.Context, tx store.Tx, cur *identity.Principal, name, path, arn string) error {
		next := *cur.Group
		next.Name, next.Path, next.ARN = name, path, arn
		return tx.Groups().Update(ctx, next)
	})

func (s *Groups) UpdateGroup(ctx context.Context, in *iamwire.UpdateGroupInput) (*iamwire.UpdateGroupOutput, error) {
	return updateGroup.Run(ctx, s, in)
}
