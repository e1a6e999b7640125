package mfa

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListVirtualMFADevices lists the account's virtual devices by assignment status (Any when not
// given), ordered by serial number. An assigned device carries its user (as ListUsers shows
// one; the root user as GetUser shows it: its account ID, ARN and creation date) and the date
// it was enabled; as AWS documents, the listing leaves out tags, seeds and QR codes.
func (s *MFA) ListVirtualMFADevices(ctx context.Context, in *iamwire.ListVirtualMFADevicesInput) (*iamwire.ListVirtualMFADevicesOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	// The action has no resource type; AWS names the account's mfa/ in its denials.
	if err := s.Authorize(ctx, call, "iam:ListVirtualMFADevices", "arn:aws:iam::"+account+":mfa/"); err != nil {
		return nil, err
	}
	o, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	filter := store.MFAAny
	if in.AssignmentStatus != nil {
		switch *in.AssignmentStatus {
		case iamwire.AssignmentStatusTypeAssigned:
			filter = store.MFAAssigned
		case iamwire.AssignmentStatusTypeUnassigned:
			filter = store.MFAUnassigned
		}
	}
	var ds []store.MFADevice
	var more bool
	out := &iamwire.ListVirtualMFADevicesOutput{}
	err = s.Store.View(ctx, func(tx store.Tx) error {
		ds, more, err = tx.MFADevices().ListVirtual(ctx, account, filter, o)
		if err != nil {
			return err
		}
		out.VirtualMFADevices = make([]iamwire.VirtualMFADevice, len(ds))
		var acct *store.Account
		for i := range ds {
			d := &ds[i]
			v := iamwire.VirtualMFADevice{SerialNumber: d.SerialNumber}
			switch {
			case d.UserID != "":
				u, err := tx.Users().GetByID(ctx, d.UserID)
				if err != nil {
					return err
				}
				v.User = wireUser(&u)
			case d.RootUser:
				if acct == nil {
					a, err := tx.Accounts().Get(ctx, account)
					if err != nil {
						return err
					}
					acct = &a
				}
				v.User = &iamwire.User{UserId: account, Arn: arn.Root(account), CreateDate: acct.Created}
			}
			if v.User != nil {
				t := d.EnableDate
				v.EnableDate = &t
			}
			out.VirtualMFADevices[i] = v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	last := ""
	if len(ds) > 0 {
		last = ds[len(ds)-1].SerialNumber
	}
	out.Marker, out.IsTruncated = core.NextMarker(more, last)
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
