package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteInstanceProfile deletes an instance profile that holds no role (DeleteConflict while
// it does).
var deleteInstanceProfile = &op.Op[*Roles, iamwire.DeleteInstanceProfileInput, iamwire.DeleteInstanceProfileOutput, *profile]{
	Name: "DeleteInstanceProfile", Action: "iam:DeleteInstanceProfile",
	Resolve: profileNamed(func(in *iamwire.DeleteInstanceProfileInput) string { return in.InstanceProfileName }),
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.DeleteInstanceProfileInput, *profile]) (*iamwire.DeleteInstanceProfileOutput, error) {
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			cur, err := profileInTx(ctx, tx, r.Entity())
			if err != nil {
				return err
			}
			if len(cur.Roles) > 0 {
				return core.DeleteConflict("remove roles from instance profile")
			}
			return tx.InstanceProfiles().Delete(ctx, cur.ID)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteInstanceProfileOutput{}, nil
	}}

func (s *Roles) DeleteInstanceProfile(ctx context.Context, in *iamwire.DeleteInstanceProfileInput) (*iamwire.DeleteInstanceProfileOutput, error) {
	return deleteInstanceProfile.Run(ctx, s, in)
}
