package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteRole deletes a role that nothing depends on any more: IAM refuses (DeleteConflict)
// while it has attached or inline policies or is in an instance profile, with AWS's messages
// in AWS's order. A service-linked role is deleted only through DeleteServiceLinkedRole
// (UnmodifiableEntity).
var deleteRole = &op.Op[*Roles, iamwire.DeleteRoleInput, iamwire.DeleteRoleOutput, *role]{
	Name: "DeleteRole", Action: "iam:DeleteRole",
	Resolve: roleNamed(func(in *iamwire.DeleteRoleInput) string { return in.RoleName }),
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.DeleteRoleInput, *role]) (*iamwire.DeleteRoleOutput, error) {
		if err := core.CheckRoleModifiable(&r.Entity().Role); err != nil {
			return nil, err
		}
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			cur, err := roleInTx(ctx, tx, r.Entity())
			if err != nil {
				return err
			}
			d, err := tx.Roles().Dependents(ctx, cur.ID)
			if err != nil {
				return err
			}
			switch {
			case d.AttachedPolicies > 0:
				return core.DeleteConflict("detach all policies")
			case d.InlinePolicies > 0:
				return core.DeleteConflict("delete policies")
			case d.InstanceProfiles > 0:
				return core.DeleteConflict("remove roles from instance profile")
			}
			return tx.Roles().Delete(ctx, cur.ID)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteRoleOutput{}, nil
	}}

func (s *Roles) DeleteRole(ctx context.Context, in *iamwire.DeleteRoleInput) (*iamwire.DeleteRoleOutput, error) {
	return deleteRole.Run(ctx, s, in)
}
