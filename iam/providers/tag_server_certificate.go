package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// TagServerCertificate adds tags to a certificate, replacing the value of any tag whose key
// matches without regard to case.
func (s *Providers) TagServerCertificate(ctx context.Context, in *iamwire.TagServerCertificateInput) (*iamwire.TagServerCertificateOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	c, tags, err := s.findServerCert(ctx, account, in.ServerCertificateName)
	if err != nil {
		return nil, err
	}
	keys := append(core.ResourceTagKeys(tags), core.RequestTagKeys(in.Tags)...)
	resource := serverCertResource(account, in.ServerCertificateName, c)
	if err := s.Authorize(ctx, call, "iam:TagServerCertificate", resource, keys...); err != nil {
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
		return putTags(ctx, tx, serverCertTags(cur), in.Tags)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.TagServerCertificateOutput{}, nil
}
