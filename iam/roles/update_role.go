package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateRole changes a role's description and maximum session duration; a parameter left out
// keeps its value (recorded from AWS). A service-linked role's description may change, its
// maximum session duration may not.
func (s *Roles) UpdateRole(ctx context.Context, in *iamwire.UpdateRoleInput) (*iamwire.UpdateRoleOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.updateRole(ctx, call, "iam:UpdateRole", in.RoleName, in.Description, in.MaxSessionDuration); err != nil {
		return nil, err
	}
	return &iamwire.UpdateRoleOutput{}, nil
}

// UpdateRoleDescription changes a role's description and returns the role.
func (s *Roles) UpdateRoleDescription(ctx context.Context, in *iamwire.UpdateRoleDescriptionInput) (*iamwire.UpdateRoleDescriptionOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	r, err := s.updateRole(ctx, call, "iam:UpdateRoleDescription", in.RoleName, &in.Description, nil)
	if err != nil {
		return nil, err
	}
	// AWS answers with the role's basic shape and its new description (recorded from AWS).
	out := basicRole(&r.Role, r.trust)
	if r.Description != "" {
		d := r.Description
		out.Description = &d
	}
	return &iamwire.UpdateRoleDescriptionOutput{Role: &out}, nil
}

// updateRole authorizes action on the role and writes the description and session duration
// given (nil keeps the current value); it returns the role as updated.
func (s *Roles) updateRole(ctx context.Context, call *callctx.Call, action, name string, description *string, maxSession *int32) (*role, error) {
	account := call.Caller.AccountID
	r, err := s.findRole(ctx, account, name)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, action, resource(account, name, r), conditionKeys(r)...); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, noSuchRole(name)
	}
	if r.ServiceLinked && maxSession != nil {
		return nil, slrSessionDuration(r.Name)
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := roleInTx(ctx, tx, account, name, r.ID)
		if err != nil {
			return err
		}
		if description != nil {
			cur.Description = *description
		}
		if maxSession != nil {
			cur.MaxSessionDuration = int(*maxSession)
		}
		if err := tx.Roles().Update(ctx, cur); err != nil {
			return err
		}
		r, err = readRole(ctx, tx, cur)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}
