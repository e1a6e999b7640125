package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UntagServerCertificate removes tags from a certificate by key, ignoring case; keys it does
// not have are ignored.
func (s *Providers) UntagServerCertificate(ctx context.Context, in *iamwire.UntagServerCertificateInput) (*iamwire.UntagServerCertificateOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	c, tags, err := s.findServerCert(ctx, account, in.ServerCertificateName)
	if err != nil {
		return nil, err
	}
	keys := append(core.ResourceTagKeys(tags), authz.ListKey("aws:TagKeys", in.TagKeys))
	resource := serverCertResource(account, in.ServerCertificateName, c)
	if err := s.Authorize(ctx, call, "iam:UntagServerCertificate", resource, keys...); err != nil {
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
		return tx.Tags().Remove(ctx, serverCertTags(cur), in.TagKeys)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UntagServerCertificateOutput{}, nil
}
