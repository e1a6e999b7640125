package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UntagUser removes tags from a user by key, ignoring case; keys the user does not have are
// ignored, as AWS ignores them.
func (s *Users) UntagUser(ctx context.Context, in *iamwire.UntagUserInput) (*iamwire.UntagUserOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	u, tags, err := s.findUser(ctx, account, in.UserName)
	if err != nil {
		return nil, err
	}
	keys := append(core.ResourceTagKeys(tags), authz.ListKey("aws:TagKeys", in.TagKeys))
	if err := s.Authorize(ctx, call, "iam:UntagUser", userResource(account, in.UserName, u), keys...); err != nil {
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
		return tx.Tags().Remove(ctx, store.Resource{Kind: store.KindUser, Key: cur.ID}, in.TagKeys)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UntagUserOutput{}, nil
}
