package mfa

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

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

func (s *MFA) ListVirtualMFADevices(ctx context.Context, in *iamwire.ListVirtualMFADevicesInput) (*iamwire.ListVirtualMFADevicesOutput, error) {
	return listVirtualMFADevices.Run(ctx, s, in)
}

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
