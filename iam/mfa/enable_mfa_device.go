package mfa

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// EnableMFADevice enables a device for a user once two consecutive codes from it prove that the
// user holds it. The codes are looked for within SyncWindow steps of the server's clock; the
// device's offset is recorded as its drift, so codes submitted late leave the device out of
// sync, as AWS documents, until ResyncMFADevice realigns it. Checks in AWS's order: the user,
// the device, whether the device is already in use, the user's quota, then the codes.
//
// Without UserName the device is enabled for the caller; for the root user that is how it gets
// a device of its own. AWS's model requires UserName, so the API's decoder still refuses a
// request without one (AWS assigns root's devices in its console, as Gatehouse's console does
// through this operation).
var enableMFADevice = &op.Op[*MFA, iamwire.EnableMFADeviceInput, iamwire.EnableMFADeviceOutput, core.Owner]{
	Name: "EnableMFADevice", Action: "iam:EnableMFADevice",
	Resolve: core.OwnerOf[*MFA](func(in *iamwire.EnableMFADeviceInput) *string {
		if in.UserName == "" {
			return nil
		}
		return &in.UserName
	}, core.SelfUserOrRoot),
	Handle: func(s *MFA, ctx context.Context, r *op.Request[iamwire.EnableMFADeviceInput, core.Owner]) (*iamwire.EnableMFADeviceOutput, error) {
		in, account := r.In, r.Account()
		enabled := s.Timestamp()
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			userID, err := r.Entity().InTx(ctx, tx)
			if err != nil {
				return err
			}
			d, err := deviceInTx(ctx, tx, account, in.SerialNumber)
			if err != nil {
				return err
			}
			if assigned(&d) {
				return iamerr.MFADeviceInUse.Err()
			}
			held, _, err := tx.MFADevices().ForUser(ctx, account, userID, store.ListOptions{Limit: MaxMFADevicesPerUser})
			if err != nil {
				return err
			}
			if len(held) >= MaxMFADevicesPerUser {
				return core.QuotaExceeded("MFADevicesPerUser", MaxMFADevicesPerUser)
			}
			step, drift, err := s.proveCodes(&d, in.AuthenticationCode1, in.AuthenticationCode2)
			if err != nil {
				return err
			}
			if err := tx.MFADevices().Assign(ctx, d.SerialNumber, userID, r.Entity().Root, enabled, step); err != nil {
				return err
			}
			return tx.MFADevices().Resync(ctx, d.SerialNumber, drift, step)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.EnableMFADeviceOutput{}, nil
	}}

func (s *MFA) EnableMFADevice(ctx context.Context, in *iamwire.EnableMFADeviceInput) (*iamwire.EnableMFADeviceOutput, error) {
	return enableMFADevice.Run(ctx, s, in)
}
