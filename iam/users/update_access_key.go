package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateAccessKey makes a key Active or Inactive. An Inactive key stops authenticating at once:
// the write reaches the key cache before this returns.
func (s *Users) UpdateAccessKey(ctx context.Context, in *iamwire.UpdateAccessKeyInput) (*iamwire.UpdateAccessKeyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if in.Status != iamwire.StatusTypeActive && in.Status != iamwire.StatusTypeInactive {
		// The model's statusType also lists Expired, which only service-specific credentials use.
		return nil, awserr.ValidationError("1 validation error detected: Value '%s' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]", in.Status)
	}
	account := call.Caller.AccountID
	o, err := s.keyOwner(ctx, call, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeOwner(ctx, call, "iam:UpdateAccessKey", o); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		owner, err := o.ownerID(ctx, tx, account)
		if err != nil {
			return err
		}
		if _, err := ownedKey(ctx, tx, account, owner, in.AccessKeyId); err != nil {
			return err
		}
		return tx.AccessKeys().UpdateStatus(ctx, in.AccessKeyId, string(in.Status))
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UpdateAccessKeyOutput{}, nil
}
