package identity

import (
	"context"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/store"
)

// Principal is a user, group or role as the services act on it: what its record says that
// every kind has, its tags (groups have none) and the record itself (one of User, Group, Role).
type Principal struct {
	Kind    store.PrincipalKind
	Account string
	Name    string
	ID      string
	ARN     string
	Path    string
	// Boundary is the permissions boundary's ARN ("" for none; groups have none).
	Boundary string
	// ServiceLinked is true for a service-linked role, which is AWS's to change.
	ServiceLinked bool
	Tags          []store.Tag

	User  *store.User
	Group *store.Group
	Role  *store.Role
}

// Ref names the principal for the store's policy records.
func (p *Principal) Ref() store.Principal { return store.Principal{Kind: p.Kind, ID: p.ID} }

// TagResource names the principal for the store's tags; a group has none (Kind "").
func (p *Principal) TagResource() store.Resource { return TagResource(p.Kind, p.ID) }

// TagResource names the principal of kind with unique ID id for the store's tags; groups,
// which cannot be tagged, have an empty Kind.
func TagResource(kind store.PrincipalKind, id string) store.Resource {
	switch kind {
	case store.PrincipalUser:
		return store.Resource{Kind: store.KindUser, Key: id}
	case store.PrincipalRole:
		return store.Resource{Kind: store.KindRole, Key: id}
	}
	return store.Resource{}
}

// Find reads the principal of kind named name (IAM names are unique without regard to case)
// in account, with its tags. None is store.ErrNotFound.
func Find(ctx context.Context, tx store.Tx, account string, kind store.PrincipalKind, name string) (*Principal, error) {
	p, err := Record(ctx, tx, account, kind, name)
	if err != nil || kind == store.PrincipalGroup {
		return p, err
	}
	if p.Tags, err = tx.Tags().List(ctx, p.TagResource()); err != nil {
		return nil, err
	}
	return p, nil
}

// Record is Find without the tags, for writes that only need the record.
func Record(ctx context.Context, tx store.Tx, account string, kind store.PrincipalKind, name string) (*Principal, error) {
	p := &Principal{Kind: kind, Account: account}
	switch kind {
	case store.PrincipalUser:
		u, err := tx.Users().Get(ctx, account, name)
		if err != nil {
			return nil, err
		}
		p.User, p.Name, p.ID, p.ARN, p.Path, p.Boundary = &u, u.Name, u.ID, u.ARN, u.Path, u.BoundaryARN
	case store.PrincipalGroup:
		g, err := tx.Groups().Get(ctx, account, name)
		if err != nil {
			return nil, err
		}
		p.Group, p.Name, p.ID, p.ARN, p.Path = &g, g.Name, g.ID, g.ARN, g.Path
	case store.PrincipalRole:
		r, err := tx.Roles().Get(ctx, account, name)
		if err != nil {
			return nil, err
		}
		p.Role, p.Name, p.ID, p.ARN, p.Path, p.Boundary, p.ServiceLinked = &r, r.Name, r.ID, r.ARN, r.Path, r.BoundaryARN, r.ServiceLinked
	default:
		return nil, store.ErrNotFound
	}
	return p, nil
}

// FindByARN reads the user, group or role an IAM ARN names, with its tags. The ARN must be
// the principal's own, path and case included: any other is store.ErrNotFound, as IAM and STS
// match principals by their exact ARN.
func FindByARN(ctx context.Context, tx store.Tx, a arn.ARN) (*Principal, error) {
	typ, rest, ok := strings.Cut(a.Resource, "/")
	kind := store.PrincipalKind(typ)
	if a.Service != "iam" || !ok || rest == "" ||
		(kind != store.PrincipalUser && kind != store.PrincipalGroup && kind != store.PrincipalRole) {
		return nil, store.ErrNotFound
	}
	name := rest[strings.LastIndexByte(rest, '/')+1:]
	p, err := Find(ctx, tx, a.AccountID, kind, name)
	if err != nil {
		return nil, err
	}
	if p.ARN != a.String() {
		return nil, store.ErrNotFound // another path, or another case of the name
	}
	return p, nil
}
