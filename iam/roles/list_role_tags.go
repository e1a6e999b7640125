package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListRoleTags lists a role's tags in the order their keys were first added.
func (s *Roles) ListRoleTags(ctx context.Context, in *iamwire.ListRoleTagsInput) (*iamwire.ListRoleTagsOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	r, err := s.findRole(ctx, account, in.RoleName)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:ListRoleTags", resource(account, in.RoleName, r), conditionKeys(r)...); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, noSuchRole(in.RoleName)
	}
	out := &iamwire.ListRoleTagsOutput{}
	out.Tags, out.Marker, out.IsTruncated, err = tagPage(r.tags, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return out, nil
}
