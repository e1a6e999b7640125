package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteServiceSpecificCredential removes a user's (without UserName, the calling user's)
// service-specific credential.
func (s *Credentials) DeleteServiceSpecificCredential(ctx context.Context, in *iamwire.DeleteServiceSpecificCredentialInput) (*iamwire.DeleteServiceSpecificCredentialOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	id := in.ServiceSpecificCredentialId
	o, _, err := s.ownedCredential(ctx, call, "iam:DeleteServiceSpecificCredential", in.UserName, id)
	if err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if err := stillOwned(ctx, tx, account, o, id); err != nil {
			return err
		}
		return tx.ServiceCredentials().Delete(ctx, account, id)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.DeleteServiceSpecificCredentialOutput{}, nil
}
