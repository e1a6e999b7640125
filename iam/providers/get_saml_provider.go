package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetSAMLProvider returns a provider's metadata document, dates, UUID, encryption mode, the
// IDs and upload times of its private keys (never the keys) and its tags.
func (s *Providers) GetSAMLProvider(ctx context.Context, in *iamwire.GetSAMLProviderInput) (*iamwire.GetSAMLProviderOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, tags, err := s.findSAML(ctx, account, in.SAMLProviderArn)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:GetSAMLProvider", in.SAMLProviderArn, core.ResourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, noSuchSAML(in.SAMLProviderArn)
	}
	mode := encryptionMode(*p)
	created, validUntil := p.Created, p.ValidUntil
	return &iamwire.GetSAMLProviderOutput{SAMLProviderUUID: &p.UUID, SAMLMetadataDocument: &p.MetadataDocument,
		CreateDate: &created, ValidUntil: &validUntil, Tags: wireTags(tags), AssertionEncryptionMode: &mode,
		PrivateKeyList: wirePrivateKeys(p.PrivateKeys)}, nil
}
