package mfa

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeactivateMFADevice detaches a device from the user it is enabled for (without UserName, from
// the caller: an IAM user or the root user). A virtual device is kept, unassigned, until
// DeleteVirtualMFADevice, as AWS keeps it.
func (s *MFA) DeactivateMFADevice(ctx context.Context, in *iamwire.DeactivateMFADeviceInput) (*iamwire.DeactivateMFADeviceOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	h, err := s.holderFor(ctx, call, in.UserName)
	if err != nil {
		return nil, err
	}
	resource, keys := h.resource(account)
	if err := s.Authorize(ctx, call, "iam:DeactivateMFADevice", resource, keys...); err != nil {
		return nil, err
	}
	if !h.root && h.user == nil {
		return nil, noSuchUser(h.name)
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if !h.root {
			u, err := userInTx(ctx, tx, account, h.name)
			if err != nil {
				return err
			}
			h.user = &u
		}
		d, err := deviceInTx(ctx, tx, account, in.SerialNumber)
		if err != nil {
			return err
		}
		if !h.owns(&d) {
			return noSuchDevice(in.SerialNumber)
		}
		return tx.MFADevices().Unassign(ctx, d.SerialNumber)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.DeactivateMFADeviceOutput{}, nil
}
