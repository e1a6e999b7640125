package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// TagUser adds tags to a user, replacing the value of any tag whose key matches without regard
// to case.
func (s *Users) TagUser(ctx context.Context, in *iamwire.TagUserInput) (*iamwire.TagUserOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	u, tags, err := s.findUser(ctx, account, in.UserName)
	if err != nil {
		return nil, err
	}
	keys := append(core.ResourceTagKeys(tags), core.RequestTagKeys(in.Tags)...)
	if err := s.Authorize(ctx, call, "iam:TagUser", userResource(account, in.UserName, u), keys...); err != nil {
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
		r := store.Resource{Kind: store.KindUser, Key: cur.ID}
		existing, err := tx.Tags().List(ctx, r)
		if err != nil {
			return err
		}
		if err := core.CheckNewTags(in.Tags, existing, "TagsPerUser"); err != nil {
			return err
		}
		return tx.Tags().Put(ctx, r, core.StoreTags(in.Tags))
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.TagUserOutput{}, nil
}
