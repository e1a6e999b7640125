package mfa

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
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
			if err := core.Unique(tx.MFADevices().Create(ctx, d), iamerr.MFADeviceExists.Err()); err != nil {
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

// DeleteVirtualMFADevice deletes a virtual device, with its tags, once it is enabled for no one
// (DeleteConflict while it is).
var deleteVirtualMFADevice = &op.Op[*MFA, iamwire.DeleteVirtualMFADeviceInput, iamwire.DeleteVirtualMFADeviceOutput, core.Found[store.MFADevice]]{
	Name: "DeleteVirtualMFADevice", Action: "iam:DeleteVirtualMFADevice",
	Resolve: core.ByName[*MFA](devices, func(in *iamwire.DeleteVirtualMFADeviceInput) string { return in.SerialNumber }),
	Handle: func(s *MFA, ctx context.Context, r *op.Request[iamwire.DeleteVirtualMFADeviceInput, core.Found[store.MFADevice]]) (*iamwire.DeleteVirtualMFADeviceOutput, error) {
		if r.Entity().Item.Kind != store.MFAVirtual {
			return nil, iamerr.NoSuchMFADevice.Err(r.In.SerialNumber)
		}
		return core.Done[iamwire.DeleteVirtualMFADeviceOutput](s.Store.Update(ctx, func(tx store.Tx) error {
			cur, err := deviceInTx(ctx, tx, r.Account(), r.In.SerialNumber)
			if err != nil {
				return err
			}
			if assigned(&cur) {
				return core.DeleteConflict("deactivate MFA device") // unconfirmed wording, in the form of IAM's other DeleteConflict messages
			}
			return tx.MFADevices().Delete(ctx, cur.SerialNumber)
		}))
	}}

// ListVirtualMFADevices lists the account's virtual devices by assignment status (Any when not
// given), ordered by serial number. An assigned device carries its user (as ListUsers shows
// one; the root user as GetUser shows it: its account ID, ARN and creation date) and the date
// it was enabled; as AWS documents, the listing leaves out tags, seeds and QR codes.
var listVirtualMFADevices = &op.Op[*MFA, iamwire.ListVirtualMFADevicesInput, iamwire.ListVirtualMFADevicesOutput, op.None]{
	Name: "ListVirtualMFADevices", Action: "iam:ListVirtualMFADevices",
	// The action has no resource type; AWS names the account's mfa/ in its denials.
	Resolve: core.PathScoped[*MFA]("mfa", func(*iamwire.ListVirtualMFADevicesInput) *string { return nil }),
	Handle: func(s *MFA, ctx context.Context, r *op.Request[iamwire.ListVirtualMFADevicesInput, op.None]) (*iamwire.ListVirtualMFADevicesOutput, error) {
		filter := store.MFAAny
		if st := r.In.AssignmentStatus; st != nil {
			switch *st {
			case iamwire.AssignmentStatusTypeAssigned:
				filter = store.MFAAssigned
			case iamwire.AssignmentStatusTypeUnassigned:
				filter = store.MFAUnassigned
			}
		}
		var holders map[string]*iamwire.User
		l, err := core.ListPage(ctx, s.Store, r.In.Marker, r.In.MaxItems, nil,
			func(tx store.Tx, o store.ListOptions) ([]store.MFADevice, bool, error) {
				ds, more, err := tx.MFADevices().ListVirtual(ctx, r.Account(), filter, o)
				if err != nil {
					return nil, false, err
				}
				holders, err = deviceHolders(ctx, tx, r.Account(), ds)
				return ds, more, err
			},
			func(d *store.MFADevice) string { return d.SerialNumber })
		if err != nil {
			return nil, err
		}
		page := core.Convert(l, func(d *store.MFADevice) iamwire.VirtualMFADevice {
			v := iamwire.VirtualMFADevice{SerialNumber: d.SerialNumber, User: holders[d.SerialNumber]}
			if v.User != nil {
				t := d.EnableDate
				v.EnableDate = &t
			}
			return v
		})
		return &iamwire.ListVirtualMFADevicesOutput{VirtualMFADevices: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

// deviceHolders are the users the devices are enabled for, by serial number: an IAM user as
// ListUsers shows one, the root user as GetUser shows it (its account ID, ARN and creation
// date).
func deviceHolders(ctx context.Context, tx store.Tx, account string, ds []store.MFADevice) (map[string]*iamwire.User, error) {
	out := map[string]*iamwire.User{}
	var acct *store.Account
	for i := range ds {
		d := &ds[i]
		switch {
		case d.UserID != "":
			u, err := tx.Users().GetByID(ctx, d.UserID)
			if err != nil {
				return nil, err
			}
			out[d.SerialNumber] = wireUser(&u)
		case d.RootUser:
			if acct == nil {
				a, err := tx.Accounts().Get(ctx, account)
				if err != nil {
					return nil, err
				}
				acct = &a
			}
			out[d.SerialNumber] = &iamwire.User{UserId: account, Arn: arn.Root(account), CreateDate: acct.Created}
		}
	}
	return out, nil
}

// wireUser is a user as listings show one: no boundary, no tags.
func wireUser(u *store.User) *iamwire.User {
	out := &iamwire.User{Path: u.Path, UserName: u.Name, UserId: u.ID, Arn: u.ARN, CreateDate: u.Created}
	if !u.PasswordLastUsed.IsZero() {
		t := u.PasswordLastUsed
		out.PasswordLastUsed = &t
	}
	return out
}
