package mfa

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
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
		return core.Done[iamwire.EnableMFADeviceOutput](s.Store.Update(ctx, func(tx store.Tx) error {
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
		}))
	}}

// DeactivateMFADevice detaches a device from the user it is enabled for (without UserName, from
// the caller: an IAM user or the root user). A virtual device is kept, unassigned, until
// DeleteVirtualMFADevice, as AWS keeps it.
var deactivateMFADevice = &op.Op[*MFA, iamwire.DeactivateMFADeviceInput, iamwire.DeactivateMFADeviceOutput, core.Owner]{
	Name: "DeactivateMFADevice", Action: "iam:DeactivateMFADevice",
	Resolve: core.OwnerOf[*MFA](func(in *iamwire.DeactivateMFADeviceInput) *string { return in.UserName }, core.SelfUserOrRoot),
	Handle: func(s *MFA, ctx context.Context, r *op.Request[iamwire.DeactivateMFADeviceInput, core.Owner]) (*iamwire.DeactivateMFADeviceOutput, error) {
		return core.Done[iamwire.DeactivateMFADeviceOutput](s.Store.Update(ctx, func(tx store.Tx) error {
			d, err := heldDevice(ctx, tx, r.Account(), r.Entity(), r.In.SerialNumber)
			if err != nil {
				return err
			}
			return tx.MFADevices().Unassign(ctx, d.SerialNumber)
		}))
	}}

// ResyncMFADevice realigns a user's device with the server: two consecutive codes found within
// SyncWindow steps of the server's clock give the device's drift, which later code checks
// allow for, and become the last codes accepted.
var resyncMFADevice = &op.Op[*MFA, iamwire.ResyncMFADeviceInput, iamwire.ResyncMFADeviceOutput, core.Owner]{
	Name: "ResyncMFADevice", Action: "iam:ResyncMFADevice",
	Resolve: core.NamedUser[*MFA](func(in *iamwire.ResyncMFADeviceInput) string { return in.UserName }),
	Handle: func(s *MFA, ctx context.Context, r *op.Request[iamwire.ResyncMFADeviceInput, core.Owner]) (*iamwire.ResyncMFADeviceOutput, error) {
		in := r.In
		return core.Done[iamwire.ResyncMFADeviceOutput](s.Store.Update(ctx, func(tx store.Tx) error {
			d, err := heldDevice(ctx, tx, r.Account(), r.Entity(), in.SerialNumber)
			if err != nil {
				return err
			}
			step, drift, err := s.proveCodes(&d, in.AuthenticationCode1, in.AuthenticationCode2)
			if err != nil {
				return err
			}
			return tx.MFADevices().Resync(ctx, d.SerialNumber, drift, step)
		}))
	}}

// GetMFADevice returns a device enabled for a user (without UserName, for the caller): its
// user, serial number and enable date. Certifications describe FIDO security keys only, so a
// virtual device has none.
var getMFADevice = &op.Op[*MFA, iamwire.GetMFADeviceInput, iamwire.GetMFADeviceOutput, core.Owner]{
	Name: "GetMFADevice", Action: "iam:GetMFADevice",
	Resolve: core.OwnerOf[*MFA](func(in *iamwire.GetMFADeviceInput) *string { return in.UserName }, core.SelfUserOrRoot),
	Handle: func(s *MFA, ctx context.Context, r *op.Request[iamwire.GetMFADeviceInput, core.Owner]) (*iamwire.GetMFADeviceOutput, error) {
		d, _, err := s.findDevice(ctx, r.Account(), r.In.SerialNumber)
		if err != nil {
			return nil, err
		}
		if d == nil || !owns(r.Entity(), d) {
			return nil, iamerr.NoSuchMFADevice.Err(r.In.SerialNumber)
		}
		w := wireMFADevice(d)
		return &iamwire.GetMFADeviceOutput{UserName: &w.UserName, SerialNumber: d.SerialNumber, EnableDate: &w.EnableDate}, nil
	}}

// ListMFADevices lists the devices enabled for a user (without UserName, for the caller: an IAM
// user or the root user), ordered by serial number.
var listMFADevices = &op.Op[*MFA, iamwire.ListMFADevicesInput, iamwire.ListMFADevicesOutput, core.Owner]{
	Name: "ListMFADevices", Action: "iam:ListMFADevices",
	Resolve: core.OwnerOf[*MFA](func(in *iamwire.ListMFADevicesInput) *string { return in.UserName }, core.SelfUserOrRoot),
	Handle: func(s *MFA, ctx context.Context, r *op.Request[iamwire.ListMFADevicesInput, core.Owner]) (*iamwire.ListMFADevicesOutput, error) {
		page, err := core.List(ctx, s.Store, r.In.Marker, r.In.MaxItems, nil,
			func(tx store.Tx, o store.ListOptions) ([]store.MFADevice, bool, error) {
				return tx.MFADevices().ForUser(ctx, r.Account(), r.Entity().ID(), o)
			},
			func(d *store.MFADevice) string { return d.SerialNumber }, wireMFADevice)
		if err != nil {
			return nil, err
		}
		return &iamwire.ListMFADevicesOutput{MFADevices: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}
