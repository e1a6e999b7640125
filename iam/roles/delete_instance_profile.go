package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteInstanceProfile deletes an instance profile that holds no role (DeleteConflict while
// it does).
func (s *Roles) DeleteInstanceProfile(ctx context.Context, in *iamwire.DeleteInstanceProfileInput) (*iamwire.DeleteInstanceProfileOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, err := s.findProfile(ctx, account, in.InstanceProfileName)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:DeleteInstanceProfile", profileResource(account, in.InstanceProfileName, p), profileKeys(p)...); err != nil {
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
		if len(cur.Roles) > 0 {
			return core.DeleteConflict("remove roles from instance profile")
		}
		return tx.InstanceProfiles().Delete(ctx, cur.ID)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.DeleteInstanceProfileOutput{}, nil
}
