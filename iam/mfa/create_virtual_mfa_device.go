package mfa

import (
	"context"
	"errors"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/totp"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreateVirtualMFADevice creates an unassigned virtual MFA device with a new seed and returns
// the seed twice, as AWS does: Base32StringSeed (the seed in Base32) and QRCodePNG (a QR code
// of otpauth://totp/Amazon%20Web%20Services:NAME@ACCOUNT?secret=…, ACCOUNT being the account
// alias or, without one, the account ID). Neither is returned again: the seed is kept only
// sealed, with the serial number as associated data.
var createVirtualMFADevice = &op.Op[*MFA, iamwire.CreateVirtualMFADeviceInput, iamwire.CreateVirtualMFADeviceOutput, op.None]{
	Name: "CreateVirtualMFADevice", Action: "iam:CreateVirtualMFADevice",
	Resolve: core.Created[*MFA]("mfa", func(in *iamwire.CreateVirtualMFADeviceInput) *string { return in.Path },
		func(in *iamwire.CreateVirtualMFADeviceInput) string { return in.VirtualMFADeviceName }),
	Keys: []op.KeySource[iamwire.CreateVirtualMFADeviceInput]{core.NewTags(func(in *iamwire.CreateVirtualMFADeviceInput) []iamwire.Tag { return in.Tags })},
	Handle: func(s *MFA, ctx context.Context, r *op.Request[iamwire.CreateVirtualMFADeviceInput, op.None]) (*iamwire.CreateVirtualMFADeviceOutput, error) {
		in := r.In
		if err := core.CheckNewTags(in.Tags, nil, "TagsPerMFADevice"); err != nil {
			return nil, err
		}
		seed, err := totp.NewSeed(s.Rand)
		if err != nil {
			return nil, err
		}
		defer clear(seed)
		sealed, err := s.Secrets.Seal(seed, []byte(r.Target.ARN))
		if err != nil {
			return nil, err
		}
		d := store.MFADevice{SerialNumber: r.Target.ARN, AccountID: r.Account(), Kind: store.MFAVirtual, Name: in.VirtualMFADeviceName,
			Path: core.PathOr(in.Path), SealedSeed: sealed}
		tags := core.StoreTags(in.Tags)
		var label string
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			acct, err := tx.Accounts().Get(ctx, r.Account())
			if err != nil {
				return err
			}
			label = acct.Alias
			if label == "" {
				label = r.Account()
			}
			sum, err := tx.Accounts().Summary(ctx, r.Account())
			if err != nil {
				return err
			}
			if sum.MFADevices >= MaxVirtualMFADevicesPerAccount {
				return core.QuotaExceeded("VirtualMFADevicesPerAccount", MaxVirtualMFADevicesPerAccount)
			}
			if err := tx.MFADevices().Create(ctx, d); err != nil {
				if errors.Is(err, store.ErrAlreadyExists) {
					return iamerr.MFADeviceExists.Err()
				}
				return err
			}
			if len(tags) > 0 {
				return tx.Tags().Put(ctx, store.Resource{Kind: store.KindMFADevice, Key: r.Target.ARN}, tags)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		png, err := qrPNG(totp.URI(qrIssuer, in.VirtualMFADeviceName+"@"+label, seed))
		if err != nil {
			return nil, err
		}
		return &iamwire.CreateVirtualMFADeviceOutput{VirtualMFADevice: iamwire.VirtualMFADevice{
			SerialNumber:     r.Target.ARN,
			Base32StringSeed: []byte(totp.EncodeSeed(seed)),
			QRCodePNG:        png,
			Tags:             core.WireTags(tags),
		}}, nil
	}}

func (s *MFA) CreateVirtualMFADevice(ctx context.Context, in *iamwire.CreateVirtualMFADeviceInput) (*iamwire.CreateVirtualMFADeviceOutput, error) {
	return createVirtualMFADevice.Run(ctx, s, in)
}
