package mfa

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/totp"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// MFA is the mfa family's service value: the rows of Operations run with it (iam.New binds them
// to the iamwire.Handlers).
type MFA struct {
	*core.Base
}

// Operations is the MFA family's table: one row per operation (package op).
var Operations = op.Table{
	createVirtualMFADevice, deleteVirtualMFADevice, listVirtualMFADevices,
	enableMFADevice, deactivateMFADevice, resyncMFADevice, getMFADevice, listMFADevices,
	tagMFADevice, untagMFADevice, listMFADeviceTags,
}

// Implemented lists the operations this family implements (see iam.Implemented), from
// Operations.
var Implemented = Operations.Names()

// deviceResource is the resource a request about a device is authorized against: the serial
// number of a virtual device is its ARN; any other serial is named under the account's mfa/.
func deviceResource(account, serial string) string {
	if strings.HasPrefix(serial, "arn:") {
		return serial
	}
	return arn.IAM(account, "mfa/"+serial)
}

// devices is the MFA device as a kind of named entity, named by its serial number, with its
// tags as condition keys; another account's device is one the caller's account does not have.
var devices = core.TaggedKind(func(ctx context.Context, tx store.Tx, account, serial string) (store.MFADevice, string, store.Resource, error) {
	d, err := tx.MFADevices().Get(ctx, serial)
	if err == nil && d.AccountID != account {
		err = store.ErrNotFound
	}
	return d, deviceResource(account, serial), store.Resource{Kind: store.KindMFADevice, Key: d.SerialNumber}, err
}, func(account, serial string) (string, *awserr.Error) {
	return deviceResource(account, serial), iamerr.NoSuchMFADevice.Err(serial)
})

// findDevice reads a device of the account and its tags; d is nil when the account has no
// device with that serial number.
func (s *MFA) findDevice(ctx context.Context, account, serial string) (d *store.MFADevice, tags []store.Tag, err error) {
	err = s.Store.View(ctx, func(tx store.Tx) error {
		got, err := tx.MFADevices().Get(ctx, serial)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if got.AccountID != account {
			return nil
		}
		d = &got
		tags, err = tx.Tags().List(ctx, store.Resource{Kind: store.KindMFADevice, Key: got.SerialNumber})
		return err
	})
	return d, tags, err
}

// deviceInTx re-reads a device of the account inside a write transaction.
func deviceInTx(ctx context.Context, tx store.Tx, account, serial string) (store.MFADevice, error) {
	d, err := tx.MFADevices().Get(ctx, serial)
	if errors.Is(err, store.ErrNotFound) || (err == nil && d.AccountID != account) {
		return d, iamerr.NoSuchMFADevice.Err(serial)
	}
	return d, err
}

// assigned reports whether a device is enabled for someone.
func assigned(d *store.MFADevice) bool { return d.UserID != "" || d.RootUser }

// owns reports whether d is enabled for o (a user, or the root user).
func owns(o core.Owner, d *store.MFADevice) bool {
	if o.Root {
		return d.RootUser
	}
	return o.User != nil && d.UserID == o.User.ID
}

// heldDevice re-reads, in a write transaction, the holder (a user may have gone since the
// request was authorized) and a device of the account enabled for it.
func heldDevice(ctx context.Context, tx store.Tx, account string, o core.Owner, serial string) (store.MFADevice, error) {
	userID, err := o.InTx(ctx, tx)
	if err != nil {
		return store.MFADevice{}, err
	}
	d, err := deviceInTx(ctx, tx, account, serial)
	if err != nil {
		return d, err
	}
	if o.Root && !d.RootUser || !o.Root && d.UserID != userID {
		return d, iamerr.NoSuchMFADevice.Err(serial)
	}
	return d, nil
}

// proveCodes checks EnableMFADevice's and ResyncMFADevice's two codes against a device: two
// consecutive codes within SyncWindow steps of the server's clock, not the step accepted
// last (which would be the same codes again). It returns the step of the second code and the
// device's drift: the offset of that step from the server's, or 0 when the offset is within
// the tolerance every check allows anyway (totp.Skew), so a device in sync stays centred.
func (s *MFA) proveCodes(d *store.MFADevice, code1, code2 string) (step, drift int64, err error) {
	if len(d.SealedSeed) == 0 {
		return 0, 0, iamerr.InvalidAuthenticationCode.Err()
	}
	seed, err := s.Authn.OpenMFASeed(d)
	if err != nil {
		return 0, 0, err
	}
	now := totp.Step(s.Now())
	step, ok := totp.MatchConsecutive(seed, code1, code2, now, SyncWindow)
	clear(seed)
	if !ok || step == d.LastTimeStep || step-1 == d.LastTimeStep {
		return 0, 0, iamerr.InvalidAuthenticationCode.Err()
	}
	if off := step - now; off > totp.Skew || off < -totp.Skew {
		drift = off
	}
	return step, drift, nil
}

// wireMFADevice is a device as ListMFADevices returns it. A root user's device carries the
// account ID as its user name (unconfirmed: AWS's form for root is not documented).
func wireMFADevice(d *store.MFADevice) iamwire.MFADevice {
	name := d.UserName
	if d.RootUser {
		name = d.AccountID
	}
	return iamwire.MFADevice{UserName: name, SerialNumber: d.SerialNumber, EnableDate: d.EnableDate}
}
