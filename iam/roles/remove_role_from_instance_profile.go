package roles

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// RemoveRoleFromInstanceProfile takes a role out of an instance profile. A service-linked
// role belongs to its service (UnmodifiableEntity).
func (s *Roles) RemoveRoleFromInstanceProfile(ctx context.Context, in *iamwire.RemoveRoleFromInstanceProfileInput) (*iamwire.RemoveRoleFromInstanceProfileOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, r, err := s.profileAndRole(ctx, account, in.InstanceProfileName, in.RoleName)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:RemoveRoleFromInstanceProfile", profileResource(account, in.InstanceProfileName, p), profileKeys(p)...); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, noSuchInstanceProfile(in.InstanceProfileName)
	}
	if r == nil {
		return nil, noSuchRole(in.RoleName)
	}
	if err := core.CheckRoleModifiable(&r.Role); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := profileInTx(ctx, tx, account, in.InstanceProfileName, p.ID)
		if err != nil {
			return err
		}
		role, err := roleInTx(ctx, tx, account, in.RoleName, r.ID)
		if err != nil {
			return err
		}
		if err := tx.InstanceProfiles().RemoveRole(ctx, cur.ID, role.ID); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return roleNotInProfile(in.RoleName, in.InstanceProfileName)
			}
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.RemoveRoleFromInstanceProfileOutput{}, nil
}
