package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// boundaryRow is Put{User,Role}PermissionsBoundary (set is true: the request's
// PermissionsBoundary is set or replaces the current one) and Delete…PermissionsBoundary.
// Setting is authorized with iam:PermissionsBoundary naming the new boundary, removing with it
// naming the current one, so that a policy can let a delegated administrator set only one
// boundary and deny removing it. The boundary must be a managed policy that exists
// (core.CheckBoundary) and not a service-role policy (PolicyNotAttachable); a service-linked
// role is AWS's to change. The boundary caps the principal's very next request. args returns
// the principal's name and the new boundary ("" to remove).
func boundaryRow[In, Out any](kind store.PrincipalKind, name string, set bool, args func(*In) (string, string)) *op.Op[*Policies, In, Out, *identity.Principal] {
	row := &op.Op[*Policies, In, Out, *identity.Principal]{Name: name, Action: "iam:" + name,
		Resolve: core.PrincipalNamed[*Policies](kind, func(in *In) string { n, _ := args(in); return n }, core.Boundary(!set)),
		Handle: func(s *Policies, ctx context.Context, r *op.Request[In, *identity.Principal]) (*Out, error) {
			_, boundaryARN := args(r.In)
			if err := s.setBoundary(ctx, r.Account(), r.Entity(), boundaryARN); err != nil {
				return nil, err
			}
			return new(Out), nil
		}}
	if set {
		row.Keys = []op.KeySource[In]{core.NewBoundary(func(in *In) *string { _, b := args(in); return &b })}
	}
	return row
}

// setBoundary sets (boundaryARN != "") or removes the permissions boundary of p.
func (s *Policies) setBoundary(ctx context.Context, account string, p *identity.Principal, boundaryARN string) error {
	kind, name := p.Kind, p.Name
	if p.ServiceLinked {
		return core.ProtectedRole(p.Name)
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
				return core.NoSuchUser(name)
			}
			if err != nil || u.BoundaryARN == boundaryARN {
				return err
			}
			u.BoundaryARN = boundaryARN
			return tx.Users().Update(ctx, u)
		default:
			r, err := tx.Roles().Get(ctx, account, name)
			if core.IsNotFound(err) {
				return core.NoSuchRole(name)
			}
			if err != nil || r.BoundaryARN == boundaryARN {
				return err
			}
			if r.ServiceLinked {
				return core.ProtectedRole(r.Name)
			}
			r.BoundaryARN = boundaryARN
			return tx.Roles().Update(ctx, r)
		}
	})
}

var putUserPermissionsBoundary = boundaryRow[iamwire.PutUserPermissionsBoundaryInput, iamwire.PutUserPermissionsBoundaryOutput](store.PrincipalUser, "PutUserPermissionsBoundary", true,
	func(in *iamwire.PutUserPermissionsBoundaryInput) (string, string) {
		return in.UserName, in.PermissionsBoundary
	})

var putRolePermissionsBoundary = boundaryRow[iamwire.PutRolePermissionsBoundaryInput, iamwire.PutRolePermissionsBoundaryOutput](store.PrincipalRole, "PutRolePermissionsBoundary", true,
	func(in *iamwire.PutRolePermissionsBoundaryInput) (string, string) {
		return in.RoleName, in.PermissionsBoundary
	})

var deleteUserPermissionsBoundary = boundaryRow[iamwire.DeleteUserPermissionsBoundaryInput, iamwire.DeleteUserPermissionsBoundaryOutput](store.PrincipalUser, "DeleteUserPermissionsBoundary", false,
	func(in *iamwire.DeleteUserPermissionsBoundaryInput) (string, string) { return in.UserName, "" })

var deleteRolePermissionsBoundary = boundaryRow[iamwire.DeleteRolePermissionsBoundaryInput, iamwire.DeleteRolePermissionsBoundaryOutput](store.PrincipalRole, "DeleteRolePermissionsBoundary", false,
	func(in *iamwire.DeleteRolePermissionsBoundaryInput) (string, string) { return in.RoleName, "" })

func (s *Policies) PutUserPermissionsBoundary(ctx context.Context, in *iamwire.PutUserPermissionsBoundaryInput) (*iamwire.PutUserPermissionsBoundaryOutput, error) {
	return putUserPermissionsBoundary.Run(ctx, s, in)
}

func (s *Policies) PutRolePermissionsBoundary(ctx context.Context, in *iamwire.PutRolePermissionsBoundaryInput) (*iamwire.PutRolePermissionsBoundaryOutput, error) {
	return putRolePermissionsBoundary.Run(ctx, s, in)
}

func (s *Policies) DeleteUserPermissionsBoundary(ctx context.Context, in *iamwire.DeleteUserPermissionsBoundaryInput) (*iamwire.DeleteUserPermissionsBoundaryOutput, error) {
	return deleteUserPermissionsBoundary.Run(ctx, s, in)
}

func (s *Policies) DeleteRolePermissionsBoundary(ctx context.Context, in *iamwire.DeleteRolePermissionsBoundaryInput) (*iamwire.DeleteRolePermissionsBoundaryOutput, error) {
	return deleteRolePermissionsBoundary.Run(ctx, s, in)
}
