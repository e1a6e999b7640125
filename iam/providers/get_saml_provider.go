package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetSAMLProvider returns a provider's metadata document, dates, UUID, encryption mode, the
// IDs and upload times of its private keys (never the keys) and its tags.
var getSAML = &op.Op[*Providers, iamwire.GetSAMLProviderInput, iamwire.GetSAMLProviderOutput, core.Found[store.SAMLProvider]]{
	Name: "GetSAMLProvider", Action: "iam:GetSAMLProvider",
	Resolve: samlNamed(func(in *iamwire.GetSAMLProviderInput) string { return in.SAMLProviderArn }),
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.GetSAMLProviderInput, core.Found[store.SAMLProvider]]) (*iamwire.GetSAMLProviderOutput, error) {
		p := r.Entity().Item
		mode := encryptionMode(p)
		created, validUntil := p.Created, p.ValidUntil
		return &iamwire.GetSAMLProviderOutput{SAMLProviderUUID: &p.UUID, SAMLMetadataDocument: &p.MetadataDocument,
			CreateDate: &created, ValidUntil: &validUntil, Tags: wireTags(r.Entity().Tags), AssertionEncryptionMode: &mode,
			PrivateKeyList: wirePrivateKeys(p.PrivateKeys)}, nil
	}}

func (s *Providers) GetSAMLProvider(ctx context.Context, in *iamwire.GetSAMLProviderInput) (*iamwire.GetSAMLProviderOutput, error) {
	return getSAML.Run(ctx, s, in)
}
