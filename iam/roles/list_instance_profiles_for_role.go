package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListInstanceProfilesForRole lists the instance profiles that hold a role, ordered by name
// without regard to case.
var listInstanceProfilesForRole = &op.Op[*Roles, iamwire.ListInstanceProfilesForRoleInput, iamwire.ListInstanceProfilesForRoleOutput, *role]{
	Name: "ListInstanceProfilesForRole", Action: "iam:ListInstanceProfilesForRole",
	Resolve: core.ByName[*Roles](rolesNoBoundary, func(in *iamwire.ListInstanceProfilesForRoleInput) string { return in.RoleName }),
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.ListInstanceProfilesForRoleInput, *role]) (*iamwire.ListInstanceProfilesForRoleOutput, error) {
		page, err := profilePage(ctx, s, r.In.Marker, r.In.MaxItems, nil, func(tx store.Tx, o store.ListOptions) ([]store.InstanceProfile, bool, error) {
			return tx.InstanceProfiles().ForRole(ctx, r.Entity().ID, o)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.ListInstanceProfilesForRoleOutput{InstanceProfiles: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

func (s *Roles) ListInstanceProfilesForRole(ctx context.Context, in *iamwire.ListInstanceProfilesForRoleInput) (*iamwire.ListInstanceProfilesForRoleOutput, error) {
	return listInstanceProfilesForRole.Run(ctx, s, in)
}
