package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// TagRole adds tags to a role, replacing the value of any tag whose key matches without
// regard to case.
func (s *Roles) TagRole(ctx context.Context, in *iamwire.TagRoleInput) (*iamwire.TagRoleOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	r, err := s.findRole(ctx, account, in.RoleName)
	if err != nil {
		return nil, err
	}
	keys := append(conditionKeys(r), core.RequestTagKeys(in.Tags)...)
	if err := s.Authorize(ctx, call, "iam:TagRole", resource(account, in.RoleName, r), keys...); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, noSuchRole(in.RoleName)
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := roleInTx(ctx, tx, account, in.RoleName, r.ID)
		if err != nil {
			return err
		}
		res := store.Resource{Kind: store.KindRole, Key: cur.ID}
		existing, err := tx.Tags().List(ctx, res)
		if err != nil {
			return err
		}
		if err := core.CheckNewTags(in.Tags, existing, quotaTagsPerRole); err != nil {
			return err
		}
		return tx.Tags().Put(ctx, res, core.StoreTags(in.Tags))
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.TagRoleOutput{}, nil
}
