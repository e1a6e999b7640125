package mfa

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListMFADevices lists the devices enabled for a user (without UserName, for the caller: an IAM
// user or the root user), ordered by serial number.
func (s *MFA) ListMFADevices(ctx context.Context, in *iamwire.ListMFADevicesInput) (*iamwire.ListMFADevicesOutput, error) {
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
	if err := s.Authorize(ctx, call, "iam:ListMFADevices", resource, keys...); err != nil {
		return nil, err
	}
	if !h.root && h.user == nil {
		return nil, noSuchUser(h.name)
	}
	o, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	userID := ""
	if !h.root {
		userID = h.user.ID
	}
	var ds []store.MFADevice
	var more bool
	err = s.Store.View(ctx, func(tx store.Tx) error {
		ds, more, err = tx.MFADevices().ForUser(ctx, account, userID, o)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &iamwire.ListMFADevicesOutput{MFADevices: make([]iamwire.MFADevice, len(ds))}
	for i := range ds {
		out.MFADevices[i] = wireMFADevice(&ds[i])
	}
	last := ""
	if len(ds) > 0 {
		last = ds[len(ds)-1].SerialNumber
	}
	out.Marker, out.IsTruncated = core.NextMarker(more, last)
	return out, nil
}
