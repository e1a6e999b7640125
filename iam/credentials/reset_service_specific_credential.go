package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ResetServiceSpecificCredential replaces a credential's password (or API key secret) with a
// new generated one, returned this once; the old one stops working at once.
var resetServiceSpecificCredential = &op.Op[*Credentials, iamwire.ResetServiceSpecificCredentialInput, iamwire.ResetServiceSpecificCredentialOutput, ownedCred]{
	Name: "ResetServiceSpecificCredential", Action: "iam:ResetServiceSpecificCredential",
	Resolve: ownedCredential(func(in *iamwire.ResetServiceSpecificCredentialInput) (*string, string) {
		return in.UserName, in.ServiceSpecificCredentialId
	}),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.ResetServiceSpecificCredentialInput, ownedCred]) (*iamwire.ResetServiceSpecificCredentialOutput, error) {
		id, account, c := r.In.ServiceSpecificCredentialId, r.Account(), r.Entity().cred
		secret, err := serviceCredentialSecret(s.Rand, services[c.ServiceName].apiKey)
		if err != nil {
			return nil, err
		}
		sealed, err := s.seal(id, secret)
		if err != nil {
			return nil, err
		}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			if err := stillOwned(ctx, tx, account, r.Entity().Owner, id); err != nil {
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
	}}

func (s *Credentials) ResetServiceSpecificCredential(ctx context.Context, in *iamwire.ResetServiceSpecificCredentialInput) (*iamwire.ResetServiceSpecificCredentialOutput, error) {
	return resetServiceSpecificCredential.Run(ctx, s, in)
}
