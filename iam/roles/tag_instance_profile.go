package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// TagInstanceProfile adds tags to an instance profile, replacing the value of any tag whose
// key matches without regard to case.
func (s *Roles) TagInstanceProfile(ctx context.Context, in *iamwire.TagInstanceProfileInput) (*iamwire.TagInstanceProfileOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, err := s.findProfile(ctx, account, in.InstanceProfileName)
	if err != nil {
		return nil, err
	}
	keys := append(profileKeys(p), core.RequestTagKeys(in.Tags)...)
	if err := s.Authorize(ctx, call, "iam:TagInstanceProfile", profileResource(account, in.InstanceProfileName, p), keys...); err != nil {
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
		res := store.Resource{Kind: store.KindInstanceProfile, Key: cur.ID}
		existing, err := tx.Tags().List(ctx, res)
		if err != nil {
			return err
		}
		if err := core.CheckNewTags(in.Tags, existing, quotaTagsPerProfile); err != nil {
			return err
		}
		return tx.Tags().Put(ctx, res, core.StoreTags(in.Tags))
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.TagInstanceProfileOutput{}, nil
}
