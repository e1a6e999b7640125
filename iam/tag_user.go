package iam

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// TagUser adds tags to a user, replacing the value of any tag whose key matches without regard
// to case.
func (s *Service) TagUser(ctx context.Context, in *iamwire.TagUserInput) (*iamwire.TagUserOutput, error) {
	call, err := begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	u, tags, err := s.findUser(ctx, account, in.UserName)
	if err != nil {
		return nil, err
	}
	keys := append(resourceTagKeys(tags), requestTagKeys(in.Tags)...)
	if err := s.authorize(ctx, call, "iam:TagUser", userResource(account, in.UserName, u), keys...); err != nil {
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
		r := store.Resource{Kind: store.KindUser, Key: cur.ID}
		existing, err := tx.Tags().List(ctx, r)
		if err != nil {
			return err
		}
		if err := checkNewTags(in.Tags, existing, "TagsPerUser"); err != nil {
			return err
		}
		return tx.Tags().Put(ctx, r, storeTags(in.Tags))
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.TagUserOutput{}, nil
}
