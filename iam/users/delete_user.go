package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteUser deletes a user that nothing depends on any more. IAM refuses (DeleteConflict) while
// the user has a password, access keys, signing certificates, SSH keys, service-specific
// credentials, MFA devices, inline or attached policies, or group memberships; the messages are
// AWS's, checked in this order.
var deleteUser = &op.Op[*Users, iamwire.DeleteUserInput, iamwire.DeleteUserOutput, *identity.Principal]{
	Name: "DeleteUser", Action: "iam:DeleteUser",
	Resolve: core.PrincipalNamed[*Users](store.PrincipalUser, func(in *iamwire.DeleteUserInput) string { return in.UserName }, core.WithoutBoundary),
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.DeleteUserInput, *identity.Principal]) (*iamwire.DeleteUserOutput, error) {
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			cur, err := core.PrincipalInTx(ctx, tx, r.Entity())
			if err != nil {
				return err
			}
			d, err := tx.Users().Dependents(ctx, cur.ID)
			if err != nil {
				return err
			}
			if what := dependentsBlocking(d); what != "" {
				return core.DeleteConflict(what)
			}
			return tx.Users().Delete(ctx, cur.ID)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteUserOutput{}, nil
	}}

func (s *Users) DeleteUser(ctx context.Context, in *iamwire.DeleteUserInput) (*iamwire.DeleteUserOutput, error) {
	return deleteUser.Run(ctx, s, in)
}

// dependentsBlocking names the first thing that must go before a user can be deleted, in the
// words of AWS's DeleteConflict messages; "" when nothing does.
func dependentsBlocking(d store.UserDependents) string {
	switch {
	case d.LoginProfile:
		return "delete login profile"
	case d.AccessKeys > 0:
		return "delete access keys"
	case d.SigningCertificates > 0:
		return "delete signing certificates"
	case d.SSHPublicKeys > 0:
		return "delete SSH public keys"
	case d.ServiceCredentials > 0:
		return "delete service-specific credentials"
	case d.MFADevices > 0:
		return "delete MFA device"
	case d.InlinePolicies > 0:
		return "delete policies"
	case d.AttachedPolicies > 0:
		return "detach all policies"
	case d.Groups > 0:
		return "remove users from group"
	}
	return ""
}
