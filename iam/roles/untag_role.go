package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UntagRole removes tags from a role by key, ignoring case; keys the role does not have are
// ignored, as AWS ignores them.
func (s *Roles) UntagRole(ctx context.Context, in *iamwire.UntagRoleInput) (*iamwire.UntagRoleOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	r, err := s.findRole(ctx, account, in.RoleName)
	if err != nil {
		return nil, err
	}
	keys := append(conditionKeys(r), authz.ListKey("aws:TagKeys", in.TagKeys))
	if err := s.Authorize(ctx, call, "iam:UntagRole", resource(account, in.RoleName, r), keys...); err != nil {
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
		return tx.Tags().Remove(ctx, store.Resource{Kind: store.KindRole, Key: cur.ID}, in.TagKeys)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UntagRoleOutput{}, nil
}
