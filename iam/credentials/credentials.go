package credentials

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/internal/password"
	"github.com/gatehouse-iam/gatehouse/store"
)

// Credentials implements the credentials family of IAM operations.
type Credentials struct {
	*core.Base
	// hashing are the argon2id parameters of new password hashes.
	hashing password.Params
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Credentials { return &Credentials{Base: b, hashing: password.Default} }

// Implemented lists the operations this family implements (see iam.Implemented).
var Implemented = []string{
	"ChangePassword",
	"CreateLoginProfile",
	"CreateServiceSpecificCredential",
	"DeleteLoginProfile",
	"DeleteSSHPublicKey",
	"DeleteServiceSpecificCredential",
	"DeleteSigningCertificate",
	"GetLoginProfile",
	"GetSSHPublicKey",
	"ListSSHPublicKeys",
	"ListServiceSpecificCredentials",
	"ListSigningCertificates",
	"ResetServiceSpecificCredential",
	"UpdateLoginProfile",
	"UpdateSSHPublicKey",
	"UpdateServiceSpecificCredential",
	"UpdateSigningCertificate",
	"UploadSSHPublicKey",
	"UploadSigningCertificate",
}

// userARN is the ARN of a user: arn:aws:iam::ACCOUNT:user/PATH/NAME.
func userARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":user" + path + name
}

// owner is whose credentials an operation acts on: a named user, the calling user when the
// request names none, or (for signing certificates) the calling root user.
type owner struct {
	root bool
	name string
	user *store.User // nil for root, and for a named user that does not exist
	tags []store.Tag
}

// ownerOf resolves the owner of a request's credentials. Without a user name the caller is the
// owner: an IAM user itself, or root where rootOK (signing certificates); any other caller
// (root elsewhere, a role session) must name a user.
func (s *Credentials) ownerOf(ctx context.Context, call *callctx.Call, userName *string, rootOK bool) (owner, error) {
	c := call.Caller
	name := core.Optional(userName)
	if userName == nil {
		switch {
		case c.Kind == callctx.KindRoot && rootOK:
			return owner{root: true}, nil
		case c.Kind == callctx.KindUser:
			name = c.UserName
		default:
			return owner{}, core.NonUserCredentials()
		}
	}
	return s.findOwner(ctx, c.AccountID, name)
}

// findOwner reads a user and its tags by name; the owner's user is nil when there is no such
// user.
func (s *Credentials) findOwner(ctx context.Context, account, name string) (owner, error) {
	o := owner{name: name}
	err := s.Store.View(ctx, func(tx store.Tx) error {
		u, err := tx.Users().Get(ctx, account, name)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		o.user = &u
		o.tags, err = tx.Tags().List(ctx, store.Resource{Kind: store.KindUser, Key: u.ID})
		return err
	})
	return o, err
}

// resource is the ARN a request about the owner is authorized against: the user's own ARN
// (with its path) when it exists, else the path-less ARN its name would have; root's ARN for
// the root user.
func (o owner) resource(account string) string {
	switch {
	case o.root:
		return arn.Root(account)
	case o.user != nil:
		return o.user.ARN
	}
	return userARN(account, "/", o.name)
}

// authorize authorizes action on the owner (with the user's tags as aws:ResourceTag and
// iam:ResourceTag), then reports a named user that does not exist: an unauthorized caller
// learns nothing about which users exist.
func (s *Credentials) authorize(ctx context.Context, call *callctx.Call, action string, o owner, keys ...authz.Key) error {
	account := call.Caller.AccountID
	if err := s.Authorize(ctx, call, action, o.resource(account), append(core.ResourceTagKeys(o.tags), keys...)...); err != nil {
		return err
	}
	if !o.root && o.user == nil {
		return noSuchUser(o.name)
	}
	return nil
}

// userID re-reads the owner inside a write transaction, where it may have gone (or been
// replaced by another user of the same name) since it was authorized; "" for root.
func (o owner) userID(ctx context.Context, tx store.Tx, account string) (string, error) {
	if o.root {
		return "", nil
	}
	u, err := tx.Users().Get(ctx, account, o.name)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.ID != o.user.ID) {
		return "", noSuchUser(o.name)
	}
	if err != nil {
		return "", err
	}
	return u.ID, nil
}

// userName is the UserName credential responses carry: the user's current name, or "" for
// the root user.
func (o owner) userName() string {
	if o.root {
		return ""
	}
	return o.user.Name
}
