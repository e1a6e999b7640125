package mfa

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteVirtualMFADevice deletes a virtual device, with its tags, once it is enabled for no one
// (DeleteConflict while it is).
func (s *MFA) DeleteVirtualMFADevice(ctx context.Context, in *iamwire.DeleteVirtualMFADeviceInput) (*iamwire.DeleteVirtualMFADeviceOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	d, tags, err := s.findDevice(ctx, account, in.SerialNumber)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:DeleteVirtualMFADevice", deviceResource(account, in.SerialNumber), deviceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if d == nil || d.Kind != store.MFAVirtual {
		return nil, noSuchDevice(in.SerialNumber)
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := deviceInTx(ctx, tx, account, in.SerialNumber)
		if err != nil {
			return err
		}
		if assigned(&cur) {
			return deviceStillEnabled()
		}
		return tx.MFADevices().Delete(ctx, cur.SerialNumber)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.DeleteVirtualMFADeviceOutput{}, nil
}
