package credentials

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateServiceSpecificCredential makes a user's (without UserName, the calling user's)
// service-specific credential Active or Inactive.
var updateServiceSpecificCredential = &op.Op[*Credentials, iamwire.UpdateServiceSpecificCredentialInput, iamwire.UpdateServiceSpecificCredentialOutput, ownedCred]{
	Name: "UpdateServiceSpecificCredential", Action: "iam:UpdateServiceSpecificCredential",
	Resolve: core.Checked(func(in *iamwire.UpdateServiceSpecificCredentialInput) error {
		if in.Status != iamwire.StatusTypeActive && in.Status != iamwire.StatusTypeInactive {
			return iamerr.BadStatus.Err(in.Status)
		}
		return nil
	}, ownedCredential(func(in *iamwire.UpdateServiceSpecificCredentialInput) (*string, string) {
		return in.UserName, in.ServiceSpecificCredentialId
	})),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.UpdateServiceSpecificCredentialInput, ownedCred]) (*iamwire.UpdateServiceSpecificCredentialOutput, error) {
		in := r.In
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			if err := stillOwned(ctx, tx, r.Account(), r.Entity().Owner, in.ServiceSpecificCredentialId); err != nil {
				return err
			}
			return tx.ServiceCredentials().UpdateStatus(ctx, r.Account(), in.ServiceSpecificCredentialId, string(in.Status))
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.UpdateServiceSpecificCredentialOutput{}, nil
	}}

func (s *Credentials) UpdateServiceSpecificCredential(ctx context.Context, in *iamwire.UpdateServiceSpecificCredentialInput) (*iamwire.UpdateServiceSpecificCredentialOutput, error) {
	return updateServiceSpecificCredential.Run(ctx, s, in)
}

// stillOwned re-checks inside a write that the credential still exists and belongs to the
// owner.
func stillOwned(ctx context.Context, tx store.Tx, account string, o core.Owner, id string) error {
	userID, err := o.InTx(ctx, tx)
	if err != nil {
		return err
	}
	c, err := tx.ServiceCredentials().Get(ctx, account, id)
	if core.IsNotFound(err) || (err == nil && c.UserID != userID) {
		return iamerr.NoSuchServiceCredential.Err(id)
	}
	return err
}
