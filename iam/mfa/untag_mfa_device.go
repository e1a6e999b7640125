package mfa

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UntagMFADevice removes tags from a virtual device by key, ignoring case; keys the device does
// not have are ignored, as AWS ignores them.
func (s *MFA) UntagMFADevice(ctx context.Context, in *iamwire.UntagMFADeviceInput) (*iamwire.UntagMFADeviceOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	d, tags, err := s.findDevice(ctx, account, in.SerialNumber)
	if err != nil {
		return nil, err
	}
	keys := append(deviceTagKeys(tags), authz.ListKey("aws:TagKeys", in.TagKeys))
	if err := s.Authorize(ctx, call, "iam:UntagMFADevice", deviceResource(account, in.SerialNumber), keys...); err != nil {
		return nil, err
	}
	if d == nil {
		return nil, noSuchDevice(in.SerialNumber)
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := deviceInTx(ctx, tx, account, in.SerialNumber)
		if err != nil {
			return err
		}
		return tx.Tags().Remove(ctx, store.Resource{Kind: store.KindMFADevice, Key: cur.SerialNumber}, in.TagKeys)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UntagMFADeviceOutput{}, nil
}
