package mfa

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetMFADevice returns a device enabled for a user (without UserName, for the caller): its
// user, serial number and enable date. Certifications describe FIDO security keys only, so a
// virtual device has none.
func (s *MFA) GetMFADevice(ctx context.Context, in *iamwire.GetMFADeviceInput) (*iamwire.GetMFADeviceOutput, error) {
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
	if err := s.Authorize(ctx, call, "iam:GetMFADevice", resource, keys...); err != nil {
		return nil, err
	}
	if !h.root && h.user == nil {
		return nil, noSuchUser(h.name)
	}
	d, _, err := s.findDevice(ctx, account, in.SerialNumber)
	if err != nil {
		return nil, err
	}
	if d == nil || !h.owns(d) {
		return nil, noSuchDevice(in.SerialNumber)
	}
	w := wireMFADevice(d)
	return &iamwire.GetMFADeviceOutput{UserName: &w.UserName, SerialNumber: d.SerialNumber, EnableDate: &w.EnableDate}, nil
}
