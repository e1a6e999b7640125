package users

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateUser renames a user or moves it to another path (core.MoveRow).
var updateUser = core.MoveRow[*Users, iamwire.UpdateUserInput, iamwire.UpdateUserOutput](store.PrincipalUser, "UpdateUser",
	func(in *iamwire.UpdateUserInput) (string, *string, *string) {
		return in.UserName, in.NewUserName, in.NewPath
	},
	func(name string) *awserr.Error { return iamerr.UserExists.Err(name) }, func(ctx context.Context, tx store.Tx, cur *identity.Principal, name, path, arn string) error {
		next := *cur.User
		next.Name, next.Path, next.ARN = name, path, arn
		return tx.Users().Update(ctx, next)
	})

func (s *Users) UpdateUser(ctx context.Context, in *iamwire.UpdateUserInput) (*iamwire.UpdateUserOutput, error) {
	return updateUser.Run(ctx, s, in)
}
