package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ResetServiceSpecificCredential replaces a credential's password (or API key secret) with a
// new generated one, returned this once; the old one stops working at once.
func (s *Credentials) ResetServiceSpecificCredential(ctx context.Context, in *iamwire.ResetServiceSpecificCredentialInput) (*iamwire.ResetServiceSpecificCredentialOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	id := in.ServiceSpecificCredentialId
	o, c, err := s.ownedCredential(ctx, call, "iam:ResetServiceSpecificCredential", in.UserName, id)
	if err != nil {
		return nil, err
	}
	secret, err := serviceCredentialSecret(s.Rand, services[c.ServiceName].apiKey)
	if err != nil {
		return nil, err
	}
	sealed, err := s.seal(id, secret)
	if err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if err := stillOwned(ctx, tx, account, o, id); err != nil {
			return err
		}
		if err := tx.ServiceCredentials().ResetPassword(ctx, account, id, sealed); err != nil {
			return err
		}
		c, err = tx.ServiceCredentials().Get(ctx, account, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.ResetServiceSpecificCredentialOutput{ServiceSpecificCredential: wireServiceCredential(c, secret, s.Now())}, nil
}
