package mfa

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/totp"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreateVirtualMFADevice creates an unassigned virtual MFA device with a new seed and returns
// the seed twice, as AWS does: Base32StringSeed (the seed in Base32) and QRCodePNG (a QR code
// of otpauth://totp/Amazon%20Web%20Services:NAME@ACCOUNT?secret=…, ACCOUNT being the account
// alias or, without one, the account ID). Neither is returned again: the seed is kept only
// sealed, with the serial number as associated data.
func (s *MFA) CreateVirtualMFADevice(ctx context.Context, in *iamwire.CreateVirtualMFADeviceInput) (*iamwire.CreateVirtualMFADeviceOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	path := "/"
	if in.Path != nil {
		path = *in.Path
	}
	serial := serialARN(account, path, in.VirtualMFADeviceName)
	if err := s.Authorize(ctx, call, "iam:CreateVirtualMFADevice", serial, core.RequestTagKeys(in.Tags)...); err != nil {
		return nil, err
	}
	if err := core.CheckNewTags(in.Tags, nil, "TagsPerMFADevice"); err != nil {
		return nil, err
	}
	seed, err := totp.NewSeed(s.Rand)
	if err != nil {
		return nil, err
	}
	defer clear(seed)
	sealed, err := s.Secrets.Seal(seed, []byte(serial))
	if err != nil {
		return nil, err
	}
	d := store.MFADevice{SerialNumber: serial, AccountID: account, Kind: store.MFAVirtual, Name: in.VirtualMFADeviceName,
		Path: path, SealedSeed: sealed}
	tags := core.StoreTags(in.Tags)
	var label string
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		acct, err := tx.Accounts().Get(ctx, account)
		if err != nil {
			return err
		}
		label = acct.Alias
		if label == "" {
			label = account
		}
		sum, err := tx.Accounts().Summary(ctx, account)
		if err != nil {
			return err
		}
		if sum.MFADevices >= MaxVirtualMFADevicesPerAccount {
			return core.QuotaExceeded("VirtualMFADevicesPerAccount", MaxVirtualMFADevicesPerAccount)
		}
		if err := tx.MFADevices().Create(ctx, d); err != nil {
			if errors.Is(err, store.ErrAlreadyExists) {
				return deviceExists()
			}
			return err
		}
		if len(tags) > 0 {
			return tx.Tags().Put(ctx, store.Resource{Kind: store.KindMFADevice, Key: serial}, tags)
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
		SerialNumber:     serial,
		Base32StringSeed: []byte(totp.EncodeSeed(seed)),
		QRCodePNG:        png,
		Tags:             core.WireTags(tags),
	}}, nil
}
