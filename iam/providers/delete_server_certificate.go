package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteServerCertificate deletes a certificate, its sealed private key and its tags.
func (s *Providers) DeleteServerCertificate(ctx context.Context, in *iamwire.DeleteServerCertificateInput) (*iamwire.DeleteServerCertificateOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	c, tags, err := s.findServerCert(ctx, account, in.ServerCertificateName)
	if err != nil {
		return nil, err
	}
	resource := serverCertResource(account, in.ServerCertificateName, c)
	if err := s.Authorize(ctx, call, "iam:DeleteServerCertificate", resource, core.ResourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if c == nil {
		return nil, noSuchServerCert(in.ServerCertificateName)
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := serverCertInTx(ctx, tx, account, in.ServerCertificateName)
		if err != nil {
			return err
		}
		return tx.ServerCertificates().Delete(ctx, cur.ID)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.DeleteServerCertificateOutput{}, nil
}
