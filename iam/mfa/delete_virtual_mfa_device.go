package mfa

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteVirtualMFADevice deletes a virtual device, with its tags, once it is enabled for no one
// (DeleteConflict while it is).
var deleteVirtualMFADevice = &op.Op[*MFA, iamwire.DeleteVirtualMFADeviceInput, iamwire.DeleteVirtualMFADeviceOutput, core.Found[store.MFADevice]]{
	Name: "DeleteVirtualMFADevice", Action: "iam:DeleteVirtualMFADevice",
	Resolve: core.ByName[*MFA](devices, func(in *iamwire.DeleteVirtualMFADeviceInput) string { return in.SerialNumber }),
	Handle: func(s *MFA, ctx context.Context, r *op.Request[iamwire.DeleteVirtualMFADeviceInput, core.Found[store.MFADevice]]) (*iamwire.DeleteVirtualMFADeviceOutput, error) {
		if r.Entity().Item.Kind != store.MFAVirtual {
			return nil, iamerr.NoSuchMFADevice.Err(r.In.SerialNumber)
		}
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			cur, err := deviceInTx(ctx, tx, r.Account(), r.In.SerialNumber)
			if err != nil {
				return err
			}
			if assigned(&cur) {
				return core.DeleteConflict("deactivate MFA device") // unconfirmed wording, in the form of IAM's other DeleteConflict messages
			}
			return tx.MFADevices().Delete(ctx, cur.SerialNumber)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteVirtualMFADeviceOutput{}, nil
	}}

func (s *MFA) DeleteVirtualMFADevice(ctx context.Context, in *iamwire.DeleteVirtualMFADeviceInput) (*iamwire.DeleteVirtualMFADeviceOutput, error) {
	return deleteVirtualMFADevice.Run(ctx, s, in)
}
