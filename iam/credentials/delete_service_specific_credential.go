package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteServiceSpecificCredential removes a user's (without UserName, the calling user's)
// service-specific credential.
var deleteServiceSpecificCredential = &op.Op[*Credentials, iamwire.DeleteServiceSpecificCredentialInput, iamwire.DeleteServiceSpecificCredentialOutput, ownedCred]{
	Name: "DeleteServiceSpecificCredential", Action: "iam:DeleteServiceSpecificCredential",
	Resolve: ownedCredential(func(in *iamwire.DeleteServiceSpecificCredentialInput) (*string, string) {
		return in.UserName, in.ServiceSpecificCredentialId
	}),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.DeleteServiceSpecificCredentialInput, ownedCred]) (*iamwire.DeleteServiceSpecificCredentialOutput, error) {
		id := r.In.ServiceSpecificCredentialId
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			if err := stillOwned(ctx, tx, r.Account(), r.Entity().Owner, id); err != nil {
				return err
			}
			return tx.ServiceCredentials().Delete(ctx, r.Account(), id)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteServiceSpecificCredentialOutput{}, nil
	}}

func (s *Credentials) DeleteServiceSpecificCredential(ctx context.Context, in *iamwire.DeleteServiceSpecificCredentialInput) (*iamwire.DeleteServiceSpecificCredentialOutput, error) {
	return deleteServiceSpecificCredential.Run(ctx, s, in)
}
