package core

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
)

// Owner is whose credentials (access keys, password, SSH keys, signing certificates,
// service-specific credentials, MFA devices) a request acts on: a named user, the calling user
// when the request names none, or the account's root user for the operations that let root
// act on its own.
type Owner struct {
	// Root is true for the account's root user; User is then nil.
	Root bool
	User *identity.Principal
}

// Self says whom a request that names no user acts on.
type Self int

const (
	// SelfUser: the calling IAM user; any other caller must name a user.
	SelfUser Self = iota
	// SelfUserOrRoot: the calling IAM user, or the root user itself.
	SelfUserOrRoot
)

// OwnerOf is the resolver of an operation on a user's credentials: the user the request names
// (name returns nil for none) or, without one, the caller as self allows, else AWS's
// ValidationError for non-user credentials. The target is the user's ARN with its tags as
// condition keys (the path-less ARN and NoSuchEntity after authorization for a user that does
// not exist), or the root user's ARN.
func OwnerOf[S Family, In any](name func(*In) *string, self Self) op.Resolver[S, In, Owner] {
	return op.Resolver[S, In, Owner]{Keys: principalKeys(store.PrincipalUser, WithoutBoundary),
		Find: func(s S, ctx context.Context, call *callctx.Call, in *In) (op.Target[Owner], error) {
			c := call.Caller
			n := name(in)
			if n == nil {
				switch {
				case c.Kind == callctx.KindRoot && self == SelfUserOrRoot:
					return op.Target[Owner]{ARN: arn.Root(c.AccountID), Entity: Owner{Root: true}}, nil
				case c.Kind == callctx.KindUser:
					n = &c.UserName
				default:
					return op.Target[Owner]{}, NonUserCredentials()
				}
			}
			if p, err := cachedSelf(ctx, s.Shared(), c, *n); err != nil {
				return op.Target[Owner]{}, err
			} else if p != nil {
				return op.Target[Owner]{ARN: p.ARN, Keys: PrincipalKeys(p, WithoutBoundary), Entity: Owner{User: p}}, nil
			}
			t, err := FindPrincipal(ctx, s.Shared().Store, c.AccountID, store.PrincipalUser, *n, WithoutBoundary)
			return op.Target[Owner]{ARN: t.ARN, Keys: t.Keys, Missing: t.Missing, Entity: Owner{User: t.Entity}}, err
		}}
}

// NamedUser is OwnerOf for operations whose UserName is required.
func NamedUser[S Family, In any](name func(*In) string) op.Resolver[S, In, Owner] {
	return OwnerOf[S](func(in *In) *string { n := name(in); return &n }, SelfUser)
}

// InTx re-reads the owner inside a write transaction, where the user may have gone (or been
// replaced by another of the same name) since it was authorized, and returns its user ID: ""
// for the root user.
func (o Owner) InTx(ctx context.Context, tx store.Tx) (string, error) {
	if o.Root {
		return "", nil
	}
	p, err := PrincipalInTx(ctx, tx, o.User)
	if err != nil {
		return "", err
	}
	return p.ID, nil
}

// ID is the owner's user ID: "" for the root user.
func (o Owner) ID() string {
	if o.Root {
		return ""
	}
	return o.User.ID
}

// Name is the UserName credential responses carry: the user's current name, or "" for the
// root user.
func (o Owner) Name() string {
	if o.Root {
		return ""
	}
	return o.User.Name
}

// cachedSelf is the calling user, when name is its own, answered from the authorizer's
// principal cache (exact under the change feed): `aws iam get-user` and the other calls on
// oneself, the commonest, read no database when warm. It is nil when the cache cannot answer.
func cachedSelf(ctx context.Context, b *Base, c *callctx.Caller, name string) (*identity.Principal, error) {
	if b.Authz == nil || c.Kind != callctx.KindUser || c.UserID == "" || !strings.EqualFold(name, c.UserName) {
		return nil, nil
	}
	u, tags, err := b.Authz.User(ctx, c.UserID)
	switch {
	case err == nil && u.AccountID == c.AccountID && strings.EqualFold(u.Name, name):
		return &identity.Principal{Kind: store.PrincipalUser, Account: u.AccountID, Name: u.Name, ID: u.ID, ARN: u.ARN,
			Path: u.Path, Boundary: u.BoundaryARN, Tags: tags, User: &u}, nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	return nil, nil
}
