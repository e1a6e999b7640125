package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListInstanceProfilesForRole lists the instance profiles that hold a role, ordered by name
// without regard to case.
func (s *Roles) ListInstanceProfilesForRole(ctx context.Context, in *iamwire.ListInstanceProfilesForRoleInput) (*iamwire.ListInstanceProfilesForRoleOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	r, err := s.findRole(ctx, account, in.RoleName)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:ListInstanceProfilesForRole", resource(account, in.RoleName, r), conditionKeys(r)...); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, noSuchRole(in.RoleName)
	}
	o, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	var ps []store.InstanceProfile
	var trust map[string]string
	var more bool
	err = s.Store.View(ctx, func(tx store.Tx) error {
		ps, more, err = tx.InstanceProfiles().ForRole(ctx, r.ID, o)
		if err != nil {
			return err
		}
		trust, err = profilesTrust(ctx, tx, ps)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &iamwire.ListInstanceProfilesForRoleOutput{}
	out.InstanceProfiles, out.Marker, out.IsTruncated = profilePage(ps, trust, more)
	return out, nil
}
