package groups

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteGroup deletes a group that nothing depends on any more: IAM refuses (DeleteConflict)
// while it has members, inline policies or attached policies.
var deleteGroup = &op.Op[*Groups, iamwire.DeleteGroupInput, iamwire.DeleteGroupOutput, *identity.Principal]{
	Name: "DeleteGroup", Action: "iam:DeleteGroup",
	Resolve: groupNamed(func(in *iamwire.DeleteGroupInput) string { return in.GroupName }),
	Handle: func(s *Groups, ctx context.Context, r *op.Request[iamwire.DeleteGroupInput, *identity.Principal]) (*iamwire.DeleteGroupOutput, error) {
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			cur, err := core.PrincipalInTx(ctx, tx, r.Entity())
			if err != nil {
				return err
			}
			d, err := tx.Groups().Dependents(ctx, cur.ID)
			if err != nil {
				return err
			}
			// AWS's messages; the order in which AWS checks is unconfirmed.
			switch {
			case d.Members > 0:
				return core.DeleteConflict("remove users from group")
			case d.InlinePolicies > 0:
				return core.DeleteConflict("delete policies")
			case d.AttachedPolicies > 0:
				return core.DeleteConflict("detach all policies")
			}
			return tx.Groups().Delete(ctx, cur.ID)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteGroupOutput{}, nil
	}}

func (s *Groups) DeleteGroup(ctx context.Context, in *iamwire.DeleteGroupInput) (*iamwire.DeleteGroupOutput, error) {
	return deleteGroup.Run(ctx, s, in)
}
