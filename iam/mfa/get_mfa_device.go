package mfa

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

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

func (s *MFA) GetMFADevice(ctx context.Context, in *iamwire.GetMFADeviceInput) (*iamwire.GetMFADeviceOutput, error) {
	return getMFADevice.Run(ctx, s, in)
}
