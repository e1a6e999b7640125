package roles

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// RemoveRoleFromInstanceProfile takes a role out of an instance profile. A service-linked
// role belongs to its service (UnmodifiableEntity).
var removeRoleFromInstanceProfile = profileRoleRow[iamwire.RemoveRoleFromInstanceProfileInput, iamwire.RemoveRoleFromInstanceProfileOutput]("RemoveRoleFromInstanceProfile",
	func(in *iamwire.RemoveRoleFromInstanceProfileInput) (string, string) {
		return in.InstanceProfileName, in.RoleName
	}, false,
	func(ctx context.Context, tx store.Tx, p store.InstanceProfile, r store.Role) error {
		if err := tx.InstanceProfiles().RemoveRole(ctx, p.ID, r.ID); errors.Is(err, store.ErrNotFound) {
			return roleNotInProfile(r.Name, p.Name)
		} else if err != nil {
			return err
		}
		return nil
	})

func (s *Roles) RemoveRoleFromInstanceProfile(ctx context.Context, in *iamwire.RemoveRoleFromInstanceProfileInput) (*iamwire.RemoveRoleFromInstanceProfileOutput, error) {
	return removeRoleFromInstanceProfile.Run(ctx, s, in)
}
