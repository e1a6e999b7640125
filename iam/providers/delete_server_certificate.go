package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteServerCertificate deletes a certificate, its sealed private key and its tags.
var deleteServerCert = &op.Op[*Providers, iamwire.DeleteServerCertificateInput, iamwire.DeleteServerCertificateOutput, core.Found[store.ServerCertificate]]{
	Name: "DeleteServerCertificate", Action: "iam:DeleteServerCertificate",
	Resolve: certNamed(func(in *iamwire.DeleteServerCertificateInput) string { return in.ServerCertificateName }),
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.DeleteServerCertificateInput, core.Found[store.ServerCertificate]]) (*iamwire.DeleteServerCertificateOutput, error) {
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			cur, err := serverCertInTx(ctx, tx, r.Account(), r.In.ServerCertificateName)
			if err != nil {
				return err
			}
			return tx.ServerCertificates().Delete(ctx, cur.ID)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteServerCertificateOutput{}, nil
	}}

func (s *Providers) DeleteServerCertificate(ctx context.Context, in *iamwire.DeleteServerCertificateInput) (*iamwire.DeleteServerCertificateOutput, error) {
	return deleteServerCert.Run(ctx, s, in)
}
