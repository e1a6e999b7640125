package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListInstanceProfiles lists the account's instance profiles whose path starts with
// PathPrefix, ordered by name without regard to case, each with its role.
var listInstanceProfiles = &op.Op[*Roles, iamwire.ListInstanceProfilesInput, iamwire.ListInstanceProfilesOutput, op.None]{
	Name: "ListInstanceProfiles", Action: "iam:ListInstanceProfiles",
	Resolve: core.PathScoped[*Roles]("instance-profile", func(in *iamwire.ListInstanceProfilesInput) *string { return in.PathPrefix }),
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.ListInstanceProfilesInput, op.None]) (*iamwire.ListInstanceProfilesOutput, error) {
		prefix := core.PathOr(r.In.PathPrefix)
		page, err := profilePage(ctx, s, r.In.Marker, r.In.MaxItems, &prefix, func(tx store.Tx, o store.ListOptions) ([]store.InstanceProfile, bool, error) {
			return tx.InstanceProfiles().List(ctx, r.Account(), o)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.ListInstanceProfilesOutput{InstanceProfiles: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

func (s *Roles) ListInstanceProfiles(ctx context.Context, in *iamwire.ListInstanceProfilesInput) (*iamwire.ListInstanceProfilesOutput, error) {
	return listInstanceProfiles.Run(ctx, s, in)
}
