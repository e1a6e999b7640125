package roles

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AddRoleToInstanceProfile puts a role in an instance profile, which holds at most one
// (LimitExceeded). Besides iam:AddRoleToInstanceProfile on the profile, the caller needs
// iam:PassRole on the role ("The caller of this operation must be granted the PassRole
// permission on the IAM role by a permissions policy", AddRoleToInstanceProfile in the IAM API
// Reference): whoever can launch an instance with the profile acts as the role. Both are
// authorized before the request reveals whether either exists. Service-linked roles belong to
// their service and cannot be added (UnmodifiableEntity).
func (s *Roles) AddRoleToInstanceProfile(ctx context.Context, in *iamwire.AddRoleToInstanceProfileInput) (*iamwire.AddRoleToInstanceProfileOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, r, err := s.profileAndRole(ctx, account, in.InstanceProfileName, in.RoleName)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:AddRoleToInstanceProfile", profileResource(account, in.InstanceProfileName, p), profileKeys(p)...); err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:PassRole", resource(account, in.RoleName, r), conditionKeys(r)...); err != nil {
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
		if len(cur.Roles) >= MaxRolesPerInstanceProfile {
			return core.QuotaExceeded(quotaRolesInProfile, MaxRolesPerInstanceProfile)
		}
		if err := tx.InstanceProfiles().AddRole(ctx, cur.ID, role.ID); err != nil {
			if errors.Is(err, store.ErrAlreadyExists) {
				return core.QuotaExceeded(quotaRolesInProfile, MaxRolesPerInstanceProfile)
			}
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.AddRoleToInstanceProfileOutput{}, nil
}

// profileAndRole reads an instance profile and a role in one snapshot; either is nil when it
// does not exist.
func (s *Roles) profileAndRole(ctx context.Context, account, profileName, roleName string) (*profile, *role, error) {
	var p *profile
	var r *role
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if got, err := tx.InstanceProfiles().Get(ctx, account, profileName); err == nil {
			if p, err = readProfile(ctx, tx, got); err != nil {
				return err
			}
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if got, err := tx.Roles().Get(ctx, account, roleName); err == nil {
			if r, err = readRole(ctx, tx, got); err != nil {
				return err
			}
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return nil
	})
	return p, r, err
}
