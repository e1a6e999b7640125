package mfa

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// TagMFADevice adds tags to a virtual device, replacing the value of any tag whose key matches
// without regard to case.
func (s *MFA) TagMFADevice(ctx context.Context, in *iamwire.TagMFADeviceInput) (*iamwire.TagMFADeviceOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	d, tags, err := s.findDevice(ctx, account, in.SerialNumber)
	if err != nil {
		return nil, err
	}
	keys := append(deviceTagKeys(tags), core.RequestTagKeys(in.Tags)...)
	if err := s.Authorize(ctx, call, "iam:TagMFADevice", deviceResource(account, in.SerialNumber), keys...); err != nil {
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
		r := store.Resource{Kind: store.KindMFADevice, Key: cur.SerialNumber}
		existing, err := tx.Tags().List(ctx, r)
		if err != nil {
			return err
		}
		if err := core.CheckNewTags(in.Tags, existing, "TagsPerMFADevice"); err != nil {
			return err
		}
		return tx.Tags().Put(ctx, r, core.StoreTags(in.Tags))
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.TagMFADeviceOutput{}, nil
}
