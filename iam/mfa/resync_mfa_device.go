package mfa

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ResyncMFADevice realigns a user's device with the server: two consecutive codes found within
// SyncWindow steps of the server's clock give the device's drift, which later code checks
// allow for, and become the last codes accepted.
func (s *MFA) ResyncMFADevice(ctx context.Context, in *iamwire.ResyncMFADeviceInput) (*iamwire.ResyncMFADeviceOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	h := holder{name: in.UserName}
	if h.user, h.tags, err = s.findUser(ctx, account, in.UserName); err != nil {
		return nil, err
	}
	resource, keys := h.resource(account)
	if err := s.Authorize(ctx, call, "iam:ResyncMFADevice", resource, keys...); err != nil {
		return nil, err
	}
	if h.user == nil {
		return nil, noSuchUser(in.UserName)
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		u, err := userInTx(ctx, tx, account, in.UserName)
		if err != nil {
			return err
		}
		d, err := deviceInTx(ctx, tx, account, in.SerialNumber)
		if err != nil {
			return err
		}
		if d.UserID != u.ID {
			return noSuchDevice(in.SerialNumber)
		}
		step, drift, err := s.proveCodes(&d, in.AuthenticationCode1, in.AuthenticationCode2)
		if err != nil {
			return err
		}
		return tx.MFADevices().Resync(ctx, d.SerialNumber, drift, step)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.ResyncMFADeviceOutput{}, nil
}
