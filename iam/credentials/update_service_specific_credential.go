package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateServiceSpecificCredential makes a user's (without UserName, the calling user's)
// service-specific credential Active or Inactive.
func (s *Credentials) UpdateServiceSpecificCredential(ctx context.Context, in *iamwire.UpdateServiceSpecificCredentialInput) (*iamwire.UpdateServiceSpecificCredentialOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if in.Status != iamwire.StatusTypeActive && in.Status != iamwire.StatusTypeInactive {
		return nil, badStatus(in.Status)
	}
	account := call.Caller.AccountID
	o, _, err := s.ownedCredential(ctx, call, "iam:UpdateServiceSpecificCredential", in.UserName, in.ServiceSpecificCredentialId)
	if err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if err := stillOwned(ctx, tx, account, o, in.ServiceSpecificCredentialId); err != nil {
			return err
		}
		return tx.ServiceCredentials().UpdateStatus(ctx, account, in.ServiceSpecificCredentialId, string(in.Status))
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UpdateServiceSpecificCredentialOutput{}, nil
}

// stillOwned re-checks inside a write that the credential still exists and belongs to the
// owner.
func stillOwned(ctx context.Context, tx store.Tx, account string, o owner, id string) error {
	userID, err := o.userID(ctx, tx, account)
	if err != nil {
		return err
	}
	c, err := tx.ServiceCredentials().Get(ctx, account, id)
	if core.IsNotFound(err) || (err == nil && c.UserID != userID) {
		return noSuchServiceCredential(id)
	}
	return err
}
