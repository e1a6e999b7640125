package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteUserPolicy deletes an inline policy of a user.
func (s *Users) DeleteUserPolicy(ctx context.Context, in *iamwire.DeleteUserPolicyInput) (*iamwire.DeleteUserPolicyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	u, tags, err := s.findUser(ctx, account, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:DeleteUserPolicy", userResource(account, in.UserName, u), userKeys(u, tags)...); err != nil {
		return nil, err
	}
	if u == nil {
		return nil, noSuchUser(in.UserName)
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := userInTx(ctx, tx, account, in.UserName)
		if err != nil {
			return err
		}
		err = tx.InlinePolicies().Delete(ctx, store.Principal{Kind: store.PrincipalUser, ID: cur.ID}, in.PolicyName)
		if core.IsNotFound(err) {
			return noSuchUserPolicy(in.PolicyName)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.DeleteUserPolicyOutput{}, nil
}
