package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetServerCertificate returns a certificate's metadata, body, chain and tags; never its
// private key.
func (s *Providers) GetServerCertificate(ctx context.Context, in *iamwire.GetServerCertificateInput) (*iamwire.GetServerCertificateOutput, error) {
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
	if err := s.Authorize(ctx, call, "iam:GetServerCertificate", resource, core.ResourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if c == nil {
		return nil, noSuchServerCert(in.ServerCertificateName)
	}
	out := &iamwire.GetServerCertificateOutput{ServerCertificate: iamwire.ServerCertificate{
		ServerCertificateMetadata: wireServerCertMetadata(c), CertificateBody: c.Body, Tags: wireTags(tags)}}
	if c.Chain != "" {
		out.ServerCertificate.CertificateChain = &c.Chain
	}
	return out, nil
}
