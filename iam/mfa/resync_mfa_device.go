package mfa

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ResyncMFADevice realigns a user's device with the server: two consecutive codes found within
// SyncWindow steps of the server's clock give the device's drift, which later code checks
// allow for, and become the last codes accepted.
var resyncMFADevice = &op.Op[*MFA, iamwire.ResyncMFADeviceInput, iamwire.ResyncMFADeviceOutput, core.Owner]{
	Name: "ResyncMFADevice", Action: "iam:ResyncMFADevice",
	Resolve: core.NamedUser[*MFA](func(in *iamwire.ResyncMFADeviceInput) string { return in.UserName }),
	Handle: func(s *MFA, ctx context.Context, r *op.Request[iamwire.ResyncMFADeviceInput, core.Owner]) (*iamwire.ResyncMFADeviceOutput, error) {
		in := r.In
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			d, err := heldDevice(ctx, tx, r.Account(), r.Entity(), in.SerialNumber)
			if err != nil {
				return err
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
	}}

func (s *MFA) ResyncMFADevice(ctx context.Context, in *iamwire.ResyncMFADeviceInput) (*iamwire.ResyncMFADeviceOutput, error) {
	return resyncMFADevice.Run(ctx, s, in)
}
