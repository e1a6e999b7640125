package users

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetUser returns a user. Without UserName it returns the caller: an IAM user itself, or for
// the root user the account's root identity (UserId the account ID, Arn …:root, CreateDate
// the account's creation, no UserName or Path), as AWS does.
var getUser = &op.Op[*Users, iamwire.GetUserInput, iamwire.GetUserOutput, core.Owner]{
	Name: "GetUser", Action: "iam:GetUser",
	Resolve: core.OwnerOf[*Users](func(in *iamwire.GetUserInput) *string { return in.UserName }, core.SelfUserOrRoot),
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.GetUserInput, core.Owner]) (*iamwire.GetUserOutput, error) {
		if o := r.Entity(); !o.Root {
			return &iamwire.GetUserOutput{User: wireUser(o.User.User, o.User.Tags, true)}, nil
		}
		c := r.Call.Caller
		var acct store.Account
		err := s.Store.View(ctx, func(tx store.Tx) error {
			var err error
			acct, err = tx.Accounts().Get(ctx, c.AccountID)
			return err
		})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		return &iamwire.GetUserOutput{User: iamwire.User{UserId: c.AccountID, Arn: c.ARN, CreateDate: acct.Created}}, nil
	}}

func (s *Users) GetUser(ctx context.Context, in *iamwire.GetUserInput) (*iamwire.GetUserOutput, error) {
	return getUser.Run(ctx, s, in)
}
