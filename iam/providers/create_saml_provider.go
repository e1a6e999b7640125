package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreateSAMLProvider registers a SAML 2.0 identity provider from its metadata document, which
// must parse as an IdP's EntityDescriptor with a signing certificate. Optionally it sets the
// assertion encryption mode (Allowed by default) and adds a private key for decrypting
// assertions, sealed at rest.
var createSAML = &op.Op[*Providers, iamwire.CreateSAMLProviderInput, iamwire.CreateSAMLProviderOutput, op.None]{
	Name: "CreateSAMLProvider", Action: "iam:CreateSAMLProvider",
	Resolve: op.At[*Providers](func(call *callctx.Call, in *iamwire.CreateSAMLProviderInput) string {
		return arn.IAM(call.Caller.AccountID, "saml-provider/"+in.Name)
	}),
	Keys: []op.KeySource[iamwire.CreateSAMLProviderInput]{core.NewTags(func(in *iamwire.CreateSAMLProviderInput) []iamwire.Tag { return in.Tags })},
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.CreateSAMLProviderInput, op.None]) (*iamwire.CreateSAMLProviderOutput, error) {
		p, err := s.newSAMLProvider(r.In, r.Target.ARN, r.Account())
		if err != nil {
			return nil, err
		}
		tags := core.StoreTags(r.In.Tags)
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			return core.CreateUnique(samlExists(p.Name),
				func() error { _, err := tx.SAMLProviders().Get(ctx, p.ARN); return err },
				func() error {
					if err := tx.SAMLProviders().Create(ctx, p); err != nil || len(tags) == 0 {
						return err
					}
					return tx.Tags().Put(ctx, samlResource(p), tags)
				},
				providerQuota(func() (int, error) { ps, err := tx.SAMLProviders().List(ctx, p.AccountID); return len(ps), err },
					MaxSAMLProvidersPerAccount, "SAMLProvidersPerAccount"))
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.CreateSAMLProviderOutput{SAMLProviderArn: &p.ARN, Tags: core.WireTags(tags)}, nil
	}}

func (s *Providers) CreateSAMLProvider(ctx context.Context, in *iamwire.CreateSAMLProviderInput) (*iamwire.CreateSAMLProviderOutput, error) {
	return createSAML.Run(ctx, s, in)
}

// newSAMLProvider is the provider a CreateSAMLProvider request describes: its metadata parsed,
// its tags checked, its private key (if any) sealed.
func (s *Providers) newSAMLProvider(in *iamwire.CreateSAMLProviderInput, providerARN, account string) (store.SAMLProvider, error) {
	now := s.Timestamp()
	validUntil, err := parseMetadata(in.SAMLMetadataDocument, now)
	if err != nil {
		return store.SAMLProvider{}, err
	}
	if err := checkNewTags(in.Tags, nil); err != nil {
		return store.SAMLProvider{}, err
	}
	uuid, err := randomID(s.Rand, samlUUIDPrefix, samlUUIDRandom)
	if err != nil {
		return store.SAMLProvider{}, err
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
			return store.SAMLProvider{}, err
		}
		p.PrivateKeys = append(p.PrivateKeys, key)
	}
	if encryptionMode(p) == iamwire.AssertionEncryptionModeTypeRequired && len(p.PrivateKeys) == 0 {
		return store.SAMLProvider{}, encryptionNeedsKey()
	}
	return p, nil
}
