package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetRole returns a role with its trust policy (URL-encoded, with the principals it names as
// they are now), description, maximum session duration, permissions boundary, tags and
// RoleLastUsed.
func (s *Roles) GetRole(ctx context.Context, in *iamwire.GetRoleInput) (*iamwire.GetRoleOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	// RoleLastUsed is buffered as sessions make requests; make what this process saw visible.
	if err := s.Usage.Flush(ctx); err != nil {
		return nil, err
	}
	r, err := s.findRole(ctx, account, in.RoleName)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:GetRole", resource(account, in.RoleName, r), conditionKeys(r)...); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, noSuchRole(in.RoleName)
	}
	return &iamwire.GetRoleOutput{Role: fullRole(r)}, nil
}
