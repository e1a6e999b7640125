package mfa

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

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

func (s *MFA) ListMFADevices(ctx context.Context, in *iamwire.ListMFADevicesInput) (*iamwire.ListMFADevicesOutput, error) {
	return listMFADevices.Run(ctx, s, in)
}
