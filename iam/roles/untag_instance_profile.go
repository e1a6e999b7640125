package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UntagInstanceProfile removes tags from an instance profile by key, ignoring case; keys it
// does not have are ignored.
func (s *Roles) UntagInstanceProfile(ctx context.Context, in *iamwire.UntagInstanceProfileInput) (*iamwire.UntagInstanceProfileOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, err := s.findProfile(ctx, account, in.InstanceProfileName)
	if err != nil {
		return nil, err
	}
	keys := append(profileKeys(p), authz.ListKey("aws:TagKeys", in.TagKeys))
	if err := s.Authorize(ctx, call, "iam:UntagInstanceProfile", profileResource(account, in.InstanceProfileName, p), keys...); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, noSuchInstanceProfile(in.InstanceProfileName)
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := profileInTx(ctx, tx, account, in.InstanceProfileName, p.ID)
		if err != nil {
			return err
		}
		return tx.Tags().Remove(ctx, store.Resource{Kind: store.KindInstanceProfile, Key: cur.ID}, in.TagKeys)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UntagInstanceProfileOutput{}, nil
}
