package mfa

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/totp"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// MFA implements the mfa family of IAM operations.
type MFA struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *MFA { return &MFA{Base: b} }

// Implemented lists the operations this family implements (see iam.Implemented).
var Implemented = []string{
	"CreateVirtualMFADevice",
	"DeactivateMFADevice",
	"DeleteVirtualMFADevice",
	"EnableMFADevice",
	"GetMFADevice",
	"ListMFADeviceTags",
	"ListMFADevices",
	"ListVirtualMFADevices",
	"ResyncMFADevice",
	"TagMFADevice",
	"UntagMFADevice",
}

// serialARN is the serial number (and ARN) of a virtual MFA device:
// arn:aws:iam::ACCOUNT:mfa/PATH/NAME.
func serialARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":mfa" + path + name
}

// deviceResource is the resource a request about a device is authorized against: the serial
// number of a virtual device is its ARN; any other serial is named under the account's mfa/.
func deviceResource(account, serial string) string {
	if strings.HasPrefix(serial, "arn:") {
		return serial
	}
	return "arn:aws:iam::" + account + ":mfa/" + serial
}

// deviceTagKeys are the condition keys of a device's tags. The Service Authorization Reference
// gives the mfa resource type aws:ResourceTag/… only (no iam:ResourceTag/…).
func deviceTagKeys(tags []store.Tag) []authz.Key {
	keys := make([]authz.Key, len(tags))
	for i, t := range tags {
		keys[i] = authz.StringKey("aws:ResourceTag/"+t.Key, t.Value)
	}
	return keys
}

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
		return d, noSuchDevice(serial)
	}
	return d, err
}

// assigned reports whether a device is enabled for someone.
func assigned(d *store.MFADevice) bool { return d.UserID != "" || d.RootUser }

// holder is whose devices an operation is about: an IAM user, or the account's root user.
type holder struct {
	root bool
	// name is the user name asked for; user is that user (nil when there is none) and tags
	// its tags.
	name string
	user *store.User
	tags []store.Tag
}

// holderFor resolves an operation's optional UserName: the named user, or without one the
// caller itself — an IAM user, or the root user — as AWS does ("If you do not specify a user
// name, IAM determines the user name implicitly based on the AWS access key ID signing the
// request"). Other callers must name a user.
func (s *MFA) holderFor(ctx context.Context, call *callctx.Call, name *string) (holder, error) {
	c := call.Caller
	if name == nil {
		switch c.Kind {
		case callctx.KindRoot:
			return holder{root: true}, nil
		case callctx.KindUser:
			name = &c.UserName
		default:
			return holder{}, core.NonUserCredentials()
		}
	}
	u, tags, err := s.findUser(ctx, c.AccountID, *name)
	return holder{name: *name, user: u, tags: tags}, err
}

// resource is the ARN a request about the holder's devices is authorized against, with the
// condition keys of the holder's tags: the user's ARN (or the path-less ARN its name would
// have), or the root user's.
func (h *holder) resource(account string) (string, []authz.Key) {
	switch {
	case h.root:
		return arn.Root(account), nil
	case h.user != nil:
		return h.user.ARN, core.ResourceTagKeys(h.tags)
	}
	return userARN(account, "/", h.name), nil
}

// owns reports whether d is enabled for the holder.
func (h *holder) owns(d *store.MFADevice) bool {
	if h.root {
		return d.RootUser
	}
	return h.user != nil && d.UserID == h.user.ID
}

// userARN is the ARN of a user: arn:aws:iam::ACCOUNT:user/PATH/NAME.
func userARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":user" + path + name
}

// findUser reads a user and its tags by name; u is nil when there is no such user.
func (s *MFA) findUser(ctx context.Context, account, name string) (u *store.User, tags []store.Tag, err error) {
	err = s.Store.View(ctx, func(tx store.Tx) error {
		got, err := tx.Users().Get(ctx, account, name)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		u = &got
		tags, err = tx.Tags().List(ctx, store.Resource{Kind: store.KindUser, Key: got.ID})
		return err
	})
	return u, tags, err
}

// userInTx re-reads a user inside a write transaction, where it may have gone since it was
// authorized.
func userInTx(ctx context.Context, tx store.Tx, account, name string) (store.User, error) {
	u, err := tx.Users().Get(ctx, account, name)
	if errors.Is(err, store.ErrNotFound) {
		return u, noSuchUser(name)
	}
	return u, err
}

// proveCodes checks EnableMFADevice's and ResyncMFADevice's two codes against a device: two
// consecutive codes within SyncWindow steps of the server's clock, not the step accepted
// last (which would be the same codes again). It returns the step of the second code and the
// device's drift: the offset of that step from the server's, or 0 when the offset is within
// the tolerance every check allows anyway (totp.Skew), so a device in sync stays centred.
func (s *MFA) proveCodes(d *store.MFADevice, code1, code2 string) (step, drift int64, err error) {
	if len(d.SealedSeed) == 0 {
		return 0, 0, invalidCode()
	}
	seed, err := s.Authn.OpenMFASeed(d)
	if err != nil {
		return 0, 0, err
	}
	now := totp.Step(s.Now())
	step, ok := totp.MatchConsecutive(seed, code1, code2, now, SyncWindow)
	clear(seed)
	if !ok || step == d.LastTimeStep || step-1 == d.LastTimeStep {
		return 0, 0, invalidCode()
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
