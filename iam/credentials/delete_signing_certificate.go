package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteSigningCertificate removes a signing certificate of a user (without UserName, of the
// caller, root included).
func (s *Credentials) DeleteSigningCertificate(ctx context.Context, in *iamwire.DeleteSigningCertificateInput) (*iamwire.DeleteSigningCertificateOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	o, err := s.ownerOf(ctx, call, in.UserName, true)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, call, "iam:DeleteSigningCertificate", o); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if err := ownedCertificate(ctx, tx, account, o, in.CertificateId); err != nil {
			return err
		}
		return tx.SigningCertificates().Delete(ctx, account, in.CertificateId)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.DeleteSigningCertificateOutput{}, nil
}
