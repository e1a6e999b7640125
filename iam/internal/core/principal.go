package core

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// The condition keys of an existing user, group or role (Service Authorization Reference, IAM
// resource types): its tags, under the global and IAM's own prefix, and its current
// permissions boundary for the actions that list iam:PermissionsBoundary.
const (
	IAMResourceTag = "iam:ResourceTag/${TagKey}"
	BoundaryKey    = "iam:PermissionsBoundary"
)

// ResourceTagPrefixes are the prefixes of an IAM entity's (user's or role's) tag condition
// keys; GlobalTagPrefixes those of the other taggable resources (instance profiles, OIDC and
// SAML providers, server certificates, customer managed policies, virtual MFA devices), for
// which the Service Authorization Reference defines aws:ResourceTag alone.
var (
	ResourceTagPrefixes = []string{"aws:ResourceTag", "iam:ResourceTag"}
	GlobalTagPrefixes   = []string{"aws:ResourceTag"}
)

// NoSuchPrincipal is IAM's NoSuchEntity for a user, group or role name that names nothing.
func NoSuchPrincipal(kind store.PrincipalKind, name string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("The %s with name %s cannot be found.", kind, name)
}

// NoSuchUser, NoSuchGroup and NoSuchRole are NoSuchPrincipal of each kind.
func NoSuchUser(name string) *awserr.Error  { return NoSuchPrincipal(store.PrincipalUser, name) }
func NoSuchGroup(name string) *awserr.Error { return NoSuchPrincipal(store.PrincipalGroup, name) }
func NoSuchRole(name string) *awserr.Error  { return NoSuchPrincipal(store.PrincipalRole, name) }

// Boundary says whether an action's condition keys include the principal's current
// permissions boundary (iam:PermissionsBoundary, for the actions whose Service Authorization
// Reference entry lists it).
type Boundary bool

const (
	WithBoundary    Boundary = true
	WithoutBoundary Boundary = false
)

// PrincipalNamed is the resolver of an operation on the user, group or role a request names:
// the target is the principal's ARN (or, when there is none, the path-less ARN the name would
// have, and NoSuchEntity after authorization), with its tags and, for actions that list it,
// its boundary as condition keys.
func PrincipalNamed[S Family, In any](kind store.PrincipalKind, name func(*In) string, b Boundary) op.Resolver[S, In, *identity.Principal] {
	return op.Resolver[S, In, *identity.Principal]{Keys: principalKeys(kind, b),
		Find: func(s S, ctx context.Context, call *callctx.Call, in *In) (op.Target[*identity.Principal], error) {
			return FindPrincipal(ctx, s.Shared().Store, call.Caller.AccountID, kind, name(in), b)
		}}
}

// principalKeys names the condition keys PrincipalNamed's targets may carry.
func principalKeys(kind store.PrincipalKind, b Boundary) []string {
	var keys []string
	if kind != store.PrincipalGroup {
		keys = append(keys, op.ResourceTag, IAMResourceTag)
	}
	if b && kind != store.PrincipalGroup {
		keys = append(keys, BoundaryKey)
	}
	return keys
}

// FindPrincipal is PrincipalNamed's lookup, for resolvers that find more than the principal.
func FindPrincipal(ctx context.Context, st store.Store, account string, kind store.PrincipalKind, name string, b Boundary) (op.Target[*identity.Principal], error) {
	var p *identity.Principal
	err := st.View(ctx, func(tx store.Tx) error {
		var err error
		p, err = identity.Find(ctx, tx, account, kind, name)
		return err
	})
	if IsNotFound(err) {
		return op.Target[*identity.Principal]{ARN: arn.Entity(account, string(kind), "/", name),
			Missing: NoSuchPrincipal(kind, name)}, nil
	}
	if err != nil {
		return op.Target[*identity.Principal]{}, err
	}
	return op.Target[*identity.Principal]{ARN: p.ARN, Keys: PrincipalKeys(p, b), Entity: p}, nil
}

// PrincipalKeys are the condition keys of a request on an existing principal.
func PrincipalKeys(p *identity.Principal, b Boundary) []authz.Key {
	keys := op.ResourceTagKeys(p.Tags, ResourceTagPrefixes...)
	if b && p.Boundary != "" {
		keys = append(keys, authz.StringKey(BoundaryKey, p.Boundary))
	}
	return keys
}

// PrincipalInTx re-reads, inside a write transaction, the principal a request was authorized
// on: it may have gone (or been replaced by another of the same name) since.
func PrincipalInTx(ctx context.Context, tx store.Tx, was *identity.Principal) (*identity.Principal, error) {
	p, err := identity.Record(ctx, tx, was.Account, was.Kind, was.Name)
	if IsNotFound(err) || err == nil && p.ID != was.ID {
		return nil, NoSuchPrincipal(was.Kind, was.Name)
	}
	return p, err
}

// MoveRow is Update{User,Group}: it renames the principal the request names or moves it to
// another path. The caller needs the action on both the principal as it is and as it will be
// ("the requester must have appropriate permissions on both the source object and the target
// object", UpdateUser and UpdateGroup in the IAM API Reference). A name another principal of
// the kind has is the kind's EntityAlreadyExists, with that name. args returns the principal's
// name and the new name and path (nil to keep).
func MoveRow[S Family, In, Out any](kind store.PrincipalKind, name string, args func(*In) (string, *string, *string)) *op.Op[S, In, Out, *identity.Principal] {
	exists := movedExists[kind]
	action := "iam:" + name
	return &op.Op[S, In, Out, *identity.Principal]{Name: name, Action: action, Also: []string{action},
		Resolve: PrincipalNamed[S](kind, func(in *In) string { n, _, _ := args(in); return n }, WithoutBoundary),
		Handle: func(s S, ctx context.Context, r *op.Request[In, *identity.Principal]) (*Out, error) {
			p := r.Entity()
			_, newName, newPath := args(r.In)
			to, path := p.Name, p.Path
			if newName != nil {
				to = *newName
			}
			if newPath != nil {
				path = *newPath
			}
			at := arn.Entity(r.Account(), string(kind), path, to)
			if at != p.ARN {
				if err := r.AuthorizeOther(ctx, authz.Request{Action: action, Resource: at, Keys: r.Target.Keys}); err != nil {
					return nil, err
				}
			}
			err := s.Shared().Store.Update(ctx, func(tx store.Tx) error {
				cur, err := PrincipalInTx(ctx, tx, p)
				if err != nil {
					return err
				}
				if other, err := identity.Record(ctx, tx, r.Account(), kind, to); err == nil && other.ID != cur.ID {
					return exists.Err(to)
				} else if err != nil && !IsNotFound(err) {
					return err
				}
				return Unique(move(ctx, tx, cur, to, path, at), exists.Err(to))
			})
			if err != nil {
				return nil, err
			}
			return new(Out), nil
		}}
}

// movedExists is the EntityAlreadyExists of each kind MoveRow renames.
var movedExists = map[store.PrincipalKind]iamerr.Message{store.PrincipalUser: iamerr.UserExists, store.PrincipalGroup: iamerr.GroupExists}

// move stores the user or group cur under its new name, path and ARN.
func move(ctx context.Context, tx store.Tx, cur *identity.Principal, name, path, arn string) error {
	if cur.User != nil {
		next := *cur.User
		next.Name, next.Path, next.ARN = name, path, arn
		return tx.Users().Update(ctx, next)
	}
	next := *cur.Group
	next.Name, next.Path, next.ARN = name, path, arn
	return tx.Groups().Update(ctx, next)
}
