package policies

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
)

// principal is a user, group or role that policies attach to, as an operation on it needs it:
// what to authorize against and what to write. found is false for a name that names nothing,
// whose ARN is then the path-less one the name would have.
type principal struct {
	kind     store.PrincipalKind
	name     string
	id       string
	arn      string
	boundary string
	tags     []store.Tag
	// serviceLinked roles are AWS's to change (UnmodifiableEntity).
	serviceLinked bool
	found         bool
}

func (p *principal) ref() store.Principal { return store.Principal{Kind: p.kind, ID: p.id} }

// keys are the condition keys of a request on the principal: its tags (users and roles have
// aws:ResourceTag and iam:ResourceTag; groups have none) and, when it has one, its current
// permissions boundary (iam:PermissionsBoundary, which AWS sets for the actions that list it).
func (p *principal) keys(withBoundary bool) []authz.Key {
	keys := core.ResourceTagKeys(p.tags)
	if withBoundary && p.boundary != "" {
		keys = append(keys, authz.StringKey("iam:PermissionsBoundary", p.boundary))
	}
	return keys
}

// missing is the error for a principal that does not exist.
func (p *principal) missing() error { return noSuchPrincipal(p.kind, p.name) }

// identityARN is the ARN a principal of kind with this path and name has.
func identityARN(account string, kind store.PrincipalKind, path, name string) string {
	return "arn:aws:iam::" + account + ":" + string(kind) + path + name
}

// findPrincipal reads a principal and its tags by name.
func (s *Policies) findPrincipal(ctx context.Context, account string, kind store.PrincipalKind, name string) (*principal, error) {
	var p *principal
	err := s.Store.View(ctx, func(tx store.Tx) error {
		var err error
		p, err = principalInTx(ctx, tx, account, kind, name)
		if err != nil || !p.found || kind == store.PrincipalGroup {
			return err
		}
		tagKind := store.KindUser
		if kind == store.PrincipalRole {
			tagKind = store.KindRole
		}
		p.tags, err = tx.Tags().List(ctx, store.Resource{Kind: tagKind, Key: p.id})
		return err
	})
	return p, err
}

// principalInTx reads a principal (without its tags) inside a transaction; p.found is false
// when there is none.
func principalInTx(ctx context.Context, tx store.Tx, account string, kind store.PrincipalKind, name string) (*principal, error) {
	p := &principal{kind: kind, name: name, arn: identityARN(account, kind, "/", name)}
	var err error
	switch kind {
	case store.PrincipalUser:
		var u store.User
		if u, err = tx.Users().Get(ctx, account, name); err == nil {
			p.name, p.id, p.arn, p.boundary = u.Name, u.ID, u.ARN, u.BoundaryARN
		}
	case store.PrincipalGroup:
		var g store.Group
		if g, err = tx.Groups().Get(ctx, account, name); err == nil {
			p.name, p.id, p.arn = g.Name, g.ID, g.ARN
		}
	case store.PrincipalRole:
		var r store.Role
		if r, err = tx.Roles().Get(ctx, account, name); err == nil {
			p.name, p.id, p.arn, p.boundary, p.serviceLinked = r.Name, r.ID, r.ARN, r.BoundaryARN, r.ServiceLinked
		}
	}
	if errors.Is(err, store.ErrNotFound) {
		return p, nil
	}
	if err != nil {
		return nil, err
	}
	p.found = true
	return p, nil
}

// mustPrincipalInTx re-reads a principal inside a write transaction, where it may have gone
// since it was authorized.
func mustPrincipalInTx(ctx context.Context, tx store.Tx, account string, kind store.PrincipalKind, name string) (*principal, error) {
	p, err := principalInTx(ctx, tx, account, kind, name)
	if err != nil {
		return nil, err
	}
	if !p.found {
		return nil, p.missing()
	}
	return p, nil
}

// target finds a principal, authorizes action on it (with the boundary key when the action
// supports iam:PermissionsBoundary, and any extra keys), and then reports a missing one: IAM
// authorizes before it reveals whether an entity exists.
func (s *Policies) target(ctx context.Context, call *callctx.Call, action string, kind store.PrincipalKind, name string,
	withBoundary bool, extra ...authz.Key) (*principal, error) {
	p, err := s.findPrincipal(ctx, call.Caller.AccountID, kind, name)
	if err != nil {
		return nil, err
	}
	keys := append(p.keys(withBoundary), extra...)
	if err := s.Authorize(ctx, call, action, p.arn, keys...); err != nil {
		return nil, err
	}
	if !p.found {
		return nil, p.missing()
	}
	return p, nil
}
