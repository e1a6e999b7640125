package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetServerCertificate returns a certificate's metadata, body, chain and tags; never its
// private key.
var getServerCert = &op.Op[*Providers, iamwire.GetServerCertificateInput, iamwire.GetServerCertificateOutput, core.Found[store.ServerCertificate]]{
	Name: "GetServerCertificate", Action: "iam:GetServerCertificate",
	Resolve: certNamed(func(in *iamwire.GetServerCertificateInput) string { return in.ServerCertificateName }),
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.GetServerCertificateInput, core.Found[store.ServerCertificate]]) (*iamwire.GetServerCertificateOutput, error) {
		c := r.Entity().Item
		out := &iamwire.GetServerCertificateOutput{ServerCertificate: iamwire.ServerCertificate{
			ServerCertificateMetadata: wireServerCertMetadata(&c), CertificateBody: c.Body, Tags: wireTags(r.Entity().Tags)}}
		if c.Chain != "" {
			out.ServerCertificate.CertificateChain = &c.Chain
		}
		return out, nil
	}}

func (s *Providers) GetServerCertificate(ctx context.Context, in *iamwire.GetServerCertificateInput) (*iamwire.GetServerCertificateOutput, error) {
	return getServerCert.Run(ctx, s, in)
}
