package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteSigningCertificate removes a signing certificate of a user (without UserName, of the
// caller, root included).
var deleteSigningCertificate = &op.Op[*Credentials, iamwire.DeleteSigningCertificateInput, iamwire.DeleteSigningCertificateOutput, core.Owner]{
	Name: "DeleteSigningCertificate", Action: "iam:DeleteSigningCertificate",
	Resolve: core.OwnerOf[*Credentials](func(in *iamwire.DeleteSigningCertificateInput) *string { return in.UserName }, core.SelfUserOrRoot),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.DeleteSigningCertificateInput, core.Owner]) (*iamwire.DeleteSigningCertificateOutput, error) {
		o := r.Entity()
		in, account := r.In, r.Account()
		var err error
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
	}}

func (s *Credentials) DeleteSigningCertificate(ctx context.Context, in *iamwire.DeleteSigningCertificateInput) (*iamwire.DeleteSigningCertificateOutput, error) {
	return deleteSigningCertificate.Run(ctx, s, in)
}
