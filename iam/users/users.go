package users

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Users implements the IAM operations on users, their access keys, tags and inline policies.
type Users struct {
	*core.Base
}

// New returns the users family over the shared service dependencies.
func New(b *core.Base) *Users { return &Users{Base: b} }

// userARN is the ARN of a user: arn:aws:iam::ACCOUNT:user/PATH/NAME.
func userARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":user" + path + name
}

// userResource is the resource a request about a user is authorized against: the user's own
// ARN (with its path) when it exists, else the path-less ARN its name would have.
func userResource(account, name string, u *store.User) string {
	if u != nil {
		return u.ARN
	}
	return userARN(account, "/", name)
}

// findUser reads a user and its tags by name; u is nil when there is no such user.
func (s *Users) findUser(ctx context.Context, account, name string) (u *store.User, tags []store.Tag, err error) {
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

// userKeys are the condition keys of a request about an existing user: its tags and, for the
// actions whose Service Authorization Reference entry lists it, iam:PermissionsBoundary (the
// boundary the user has now), so that a delegated administrator can be limited to users that
// carry a given boundary.
func userKeys(u *store.User, tags []store.Tag) []authz.Key {
	keys := core.ResourceTagKeys(tags)
	if u != nil && u.BoundaryARN != "" {
		keys = append(keys, authz.StringKey("iam:PermissionsBoundary", u.BoundaryARN))
	}
	return keys
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

// wireUser is a user as GetUser and CreateUser return it; ListUsers leaves out the
// boundary and tags, as AWS does.
func wireUser(u *store.User, tags []store.Tag, full bool) iamwire.User {
	out := iamwire.User{Path: u.Path, UserName: u.Name, UserId: u.ID, Arn: u.ARN, CreateDate: u.Created}
	if !u.PasswordLastUsed.IsZero() {
		t := u.PasswordLastUsed
		out.PasswordLastUsed = &t
	}
	if full {
		if u.BoundaryARN != "" {
			typ := iamwire.PermissionsBoundaryAttachmentTypePermissionsBoundaryPolicy
			arn := u.BoundaryARN
			out.PermissionsBoundary = &iamwire.AttachedPermissionsBoundary{PermissionsBoundaryType: &typ, PermissionsBoundaryArn: &arn}
		}
		out.Tags = core.WireTags(tags)
	}
	return out
}
