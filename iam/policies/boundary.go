package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
)

// setBoundary sets (boundaryARN != "") or removes the permissions boundary of a user or role.
// Setting is authorized with iam:PermissionsBoundary naming the new boundary, removing with it
// naming the current one, so that a policy can let a delegated administrator set only one
// boundary and deny removing it. The boundary must be a managed policy that exists
// (core.CheckBoundary) and not a service-role policy (PolicyNotAttachable); a service-linked
// role is AWS's to change. The boundary caps the principal's very next request.
func (s *Policies) setBoundary(ctx context.Context, action string, kind store.PrincipalKind, name, boundaryARN string) error {
	call, err := core.Begin(ctx)
	if err != nil {
		return err
	}
	account := call.Caller.AccountID
	var p *principal
	if boundaryARN != "" {
		p, err = s.target(ctx, call, action, kind, name, false, authz.StringKey("iam:PermissionsBoundary", boundaryARN))
	} else {
		p, err = s.target(ctx, call, action, kind, name, true)
	}
	if err != nil {
		return err
	}
	if p.serviceLinked {
		return protectedRole(p.name)
	}
	if mp, ok := managed.Lookup(boundaryARN); ok && mp.ServiceLinked() {
		return serviceRolePolicy()
	}
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if boundaryARN != "" {
			if err := core.CheckBoundary(ctx, tx, account, boundaryARN); err != nil {
				return err
			}
		}
		switch kind {
		case store.PrincipalUser:
			u, err := tx.Users().Get(ctx, account, name)
			if core.IsNotFound(err) {
				return noSuchUser(name)
			}
			if err != nil || u.BoundaryARN == boundaryARN {
				return err
			}
			u.BoundaryARN = boundaryARN
			return tx.Users().Update(ctx, u)
		default:
			r, err := tx.Roles().Get(ctx, account, name)
			if core.IsNotFound(err) {
				return noSuchRole(name)
			}
			if err != nil || r.BoundaryARN == boundaryARN {
				return err
			}
			if r.ServiceLinked {
				return protectedRole(r.Name)
			}
			r.BoundaryARN = boundaryARN
			return tx.Roles().Update(ctx, r)
		}
	})
}
