package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListRoles lists the account's roles whose path starts with PathPrefix, ordered by name
// without regard to case. As in AWS, the listing leaves out each role's boundary, tags and
// RoleLastUsed.
var listRoles = &op.Op[*Roles, iamwire.ListRolesInput, iamwire.ListRolesOutput, op.None]{
	Name: "ListRoles", Action: "iam:ListRoles",
	Resolve: core.PathScoped[*Roles]("role", func(in *iamwire.ListRolesInput) *string { return in.PathPrefix }),
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.ListRolesInput, op.None]) (*iamwire.ListRolesOutput, error) {
		prefix := core.PathOr(r.In.PathPrefix)
		var trust map[string]string
		l, err := core.ListPage(ctx, s.Store, r.In.Marker, r.In.MaxItems, &prefix, func(tx store.Tx, o store.ListOptions) ([]store.Role, bool, error) {
			rs, more, err := tx.Roles().List(ctx, r.Account(), o)
			if err != nil {
				return nil, false, err
			}
			trust, err = core.EffectiveTrust(ctx, tx, rs)
			return rs, more, err
		}, func(r *store.Role) string { return r.Name })
		if err != nil {
			return nil, err
		}
		page := core.Convert(l, func(r *store.Role) iamwire.Role { return listedRole(r, trust[r.ID]) })
		return &iamwire.ListRolesOutput{Roles: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

func (s *Roles) ListRoles(ctx context.Context, in *iamwire.ListRolesInput) (*iamwire.ListRolesOutput, error) {
	return listRoles.Run(ctx, s, in)
}
