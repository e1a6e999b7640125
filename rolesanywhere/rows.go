package rolesanywhere

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
)

// Row makers for the operations that differ only in their types: the Get, Enable, Disable and
// Delete of one resource by ID, and the List of a kind.

// effect is what an operation on one resource does to it before answering with it.
type effect func(s *Service, ctx context.Context, account string, r *resource) (*resource, error)

var (
	read effect = func(_ *Service, _ context.Context, _ string, r *resource) (*resource, error) { return r, nil }
	// enable and disable set Enabled.
	enable effect = func(s *Service, ctx context.Context, account string, r *resource) (*resource, error) {
		return s.setEnabled(ctx, account, r, true)
	}
	disable effect = func(s *Service, ctx context.Context, account string, r *resource) (*resource, error) {
		return s.setEnabled(ctx, account, r, false)
	}
	// remove deletes it, answering with what it was.
	remove effect = func(s *Service, ctx context.Context, account string, r *resource) (*resource, error) {
		return r, s.remove(ctx, account, r)
	}
)

// resourceRow is the row of operation name (action rolesanywhere:name) on the resource of kind
// the request names by id: it applies do and answers out of the result.
func resourceRow[In, Out any](name string, kind store.RolesAnywhereKind, id func(*In) string, do effect, out func(*resource) *Out) *op.Op[*Service, In, Out, *resource] {
	return &op.Op[*Service, In, Out, *resource]{
		Name:    name,
		Action:  "rolesanywhere:" + name,
		Resolve: byID(kind, id),
		Handle: func(s *Service, ctx context.Context, r *op.Request[In, *resource]) (*Out, error) {
			res, err := do(s, ctx, r.Account(), r.Entity())
			if err != nil {
				return nil, err
			}
			return out(res), nil
		},
	}
}

// listRow is the row of List operation name over the account's resources of kind, paged by the
// request's nextToken and pageSize.
func listRow[In, Out any](name string, kind store.RolesAnywhereKind, paging func(*In) (token *string, size *int32), out func([]*resource, *string) *Out) *op.Op[*Service, In, Out, op.None] {
	return &op.Op[*Service, In, Out, op.None]{
		Name:   name,
		Action: "rolesanywhere:" + name,
		Handle: func(s *Service, ctx context.Context, r *op.Request[In, op.None]) (*Out, error) {
			token, size := paging(r.In)
			items, next, err := s.list(ctx, r.Account(), kind, token, size)
			if err != nil {
				return nil, err
			}
			return out(items, next), nil
		},
	}
}
