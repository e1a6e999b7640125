package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteAccessKey deletes a key of a user (or, without UserName, of the caller). The key stops
// authenticating at once.
var deleteAccessKey = &op.Op[*Users, iamwire.DeleteAccessKeyInput, iamwire.DeleteAccessKeyOutput, core.Owner]{
	Name: "DeleteAccessKey", Action: "iam:DeleteAccessKey",
	Resolve: keyOwner(func(in *iamwire.DeleteAccessKeyInput) *string { return in.UserName }),
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.DeleteAccessKeyInput, core.Owner]) (*iamwire.DeleteAccessKeyOutput, error) {
		err := s.changeKey(ctx, r.Entity(), r.Account(), r.In.AccessKeyId, func(tx store.Tx) error {
			return tx.AccessKeys().Delete(ctx, r.In.AccessKeyId)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteAccessKeyOutput{}, nil
	}}

func (s *Users) DeleteAccessKey(ctx context.Context, in *iamwire.DeleteAccessKeyInput) (*iamwire.DeleteAccessKeyOutput, error) {
	return deleteAccessKey.Run(ctx, s, in)
}
