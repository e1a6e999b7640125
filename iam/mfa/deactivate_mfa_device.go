package mfa

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeactivateMFADevice detaches a device from the user it is enabled for (without UserName, from
// the caller: an IAM user or the root user). A virtual device is kept, unassigned, until
// DeleteVirtualMFADevice, as AWS keeps it.
var deactivateMFADevice = &op.Op[*MFA, iamwire.DeactivateMFADeviceInput, iamwire.DeactivateMFADeviceOutput, core.Owner]{
	Name: "DeactivateMFADevice", Action: "iam:DeactivateMFADevice",
	Resolve: core.OwnerOf[*MFA](func(in *iamwire.DeactivateMFADeviceInput) *string { return in.UserName }, core.SelfUserOrRoot),
	Handle: func(s *MFA, ctx context.Context, r *op.Request[iamwire.DeactivateMFADeviceInput, core.Owner]) (*iamwire.DeactivateMFADeviceOutput, error) {
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			d, err := heldDevice(ctx, tx, r.Account(), r.Entity(), r.In.SerialNumber)
			if err != nil {
				return err
			}
			return tx.MFADevices().Unassign(ctx, d.SerialNumber)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeactivateMFADeviceOutput{}, nil
	}}

func (s *MFA) DeactivateMFADevice(ctx context.Context, in *iamwire.DeactivateMFADeviceInput) (*iamwire.DeactivateMFADeviceOutput, error) {
	return deactivateMFADevice.Run(ctx, s, in)
}
