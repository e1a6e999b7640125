package iam

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteUserPolicy deletes an inline policy of a user.
func (s *Service) DeleteUserPolicy(ctx context.Context, in *iamwire.DeleteUserPolicyInput) (*iamwire.DeleteUserPolicyOutput, error) {
	call, err := begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	u, tags, err := s.findUser(ctx, account, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, call, "iam:DeleteUserPolicy", userResource(account, in.UserName, u), resourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if u == nil {
		return nil, noSuchUser(in.UserName)
	}
	err = s.store.Update(ctx, func(tx store.Tx) error {
		cur, err := userInTx(ctx, tx, account, in.UserName)
		if err != nil {
			return err
		}
		err = tx.InlinePolicies().Delete(ctx, store.Principal{Kind: store.PrincipalUser, ID: cur.ID}, in.PolicyName)
		if isNotFound(err) {
			return noSuchUserPolicy(in.PolicyName)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.DeleteUserPolicyOutput{}, nil
}
