package providers

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreateSAMLProvider registers a SAML 2.0 identity provider from its metadata document, which
// must parse as an IdP's EntityDescriptor with a signing certificate. Optionally it sets the
// assertion encryption mode (Allowed by default) and adds a private key for decrypting
// assertions, sealed at rest.
func (s *Providers) CreateSAMLProvider(ctx context.Context, in *iamwire.CreateSAMLProviderInput) (*iamwire.CreateSAMLProviderOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	providerARN := samlARN(account, in.Name)
	if err := s.Authorize(ctx, call, "iam:CreateSAMLProvider", providerARN, core.RequestTagKeys(in.Tags)...); err != nil {
		return nil, err
	}
	now := s.Timestamp()
	validUntil, err := parseMetadata(in.SAMLMetadataDocument, now)
	if err != nil {
		return nil, err
	}
	if err := checkNewTags(in.Tags, nil); err != nil {
		return nil, err
	}
	uuid, err := randomID(s.Rand, samlUUIDPrefix, samlUUIDRandom)
	if err != nil {
		return nil, err
	}
	p := store.SAMLProvider{ARN: providerARN, AccountID: account, Name: in.Name, UUID: uuid,
		MetadataDocument: in.SAMLMetadataDocument, ValidUntil: validUntil, Created: now,
		AssertionEncryptionMode: string(iamwire.AssertionEncryptionModeTypeAllowed), PrivateKeys: []store.SAMLPrivateKey{}}
	if in.AssertionEncryptionMode != nil {
		p.AssertionEncryptionMode = string(*in.AssertionEncryptionMode)
	}
	if in.AddPrivateKey != nil {
		key, err := s.sealSAMLKey(uuid, *in.AddPrivateKey, now)
		if err != nil {
			return nil, err
		}
		p.PrivateKeys = append(p.PrivateKeys, key)
	}
	if encryptionMode(p) == iamwire.AssertionEncryptionModeTypeRequired && len(p.PrivateKeys) == 0 {
		return nil, encryptionNeedsKey()
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.SAMLProviders().Get(ctx, providerARN); err == nil {
			return samlExists(in.Name)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		existing, err := tx.SAMLProviders().List(ctx, account)
		if err != nil {
			return err
		}
		if len(existing) >= MaxSAMLProvidersPerAccount {
			return core.QuotaExceeded("SAMLProvidersPerAccount", MaxSAMLProvidersPerAccount)
		}
		if err := tx.SAMLProviders().Create(ctx, p); err != nil {
			if errors.Is(err, store.ErrAlreadyExists) {
				return samlExists(in.Name)
			}
			return err
		}
		if len(in.Tags) > 0 {
			return tx.Tags().Put(ctx, samlResource(p), core.StoreTags(in.Tags))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.CreateSAMLProviderOutput{SAMLProviderArn: &providerARN, Tags: core.WireTags(core.StoreTags(in.Tags))}, nil
}
