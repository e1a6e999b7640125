package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetRole returns a role with its trust policy (URL-encoded, with the principals it names as
// they are now), description, maximum session duration, permissions boundary, tags and
// RoleLastUsed.
var getRole = &op.Op[*Roles, iamwire.GetRoleInput, iamwire.GetRoleOutput, *role]{
	Name: "GetRole", Action: "iam:GetRole",
	Resolve: op.Resolver[*Roles, iamwire.GetRoleInput, *role]{Keys: roles.Keys,
		Find: func(s *Roles, ctx context.Context, call *callctx.Call, in *iamwire.GetRoleInput) (op.Target[*role], error) {
			// RoleLastUsed is buffered as sessions make requests; make what this process saw visible.
			if err := s.Usage.Flush(ctx); err != nil {
				return op.Target[*role]{}, err
			}
			return roles.Find(ctx, s.Store, call.Caller.AccountID, in.RoleName)
		}},
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.GetRoleInput, *role]) (*iamwire.GetRoleOutput, error) {
		return &iamwire.GetRoleOutput{Role: fullRole(r.Entity())}, nil
	}}

func (s *Roles) GetRole(ctx context.Context, in *iamwire.GetRoleInput) (*iamwire.GetRoleOutput, error) {
	return getRole.Run(ctx, s, in)
}
