package providers

import (
	"context"
	"slices"
	"time"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateSAMLProvider replaces a provider's metadata document, changes its assertion encryption
// mode, or adds or removes one private key. Keys rotate in two requests, as AWS documents:
// add the new key, then remove the old one.
var updateSAML = &op.Op[*Providers, iamwire.UpdateSAMLProviderInput, iamwire.UpdateSAMLProviderOutput, core.Found[store.SAMLProvider]]{
	Name: "UpdateSAMLProvider", Action: "iam:UpdateSAMLProvider",
	Resolve: samlNamed(func(in *iamwire.UpdateSAMLProviderInput) string { return in.SAMLProviderArn }),
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.UpdateSAMLProviderInput, core.Found[store.SAMLProvider]]) (*iamwire.UpdateSAMLProviderOutput, error) {
		in, p := r.In, r.Entity().Item
		if in.AddPrivateKey != nil && in.RemovePrivateKey != nil {
			return nil, addAndRemoveKey()
		}
		now := s.Timestamp()
		var validUntil time.Time
		if in.SAMLMetadataDocument != nil {
			var err error
			if validUntil, err = parseMetadata(*in.SAMLMetadataDocument, now); err != nil {
				return nil, err
			}
		}
		var added *store.SAMLPrivateKey
		if in.AddPrivateKey != nil {
			key, err := s.sealSAMLKey(p.UUID, *in.AddPrivateKey, now)
			if err != nil {
				return nil, err
			}
			added = &key
		}
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			cur, err := samlInTx(ctx, tx, r.Account(), p.ARN)
			if err != nil {
				return err
			}
			if err := changeSAML(in, &cur, validUntil, added); err != nil {
				return err
			}
			return tx.SAMLProviders().Update(ctx, cur)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.UpdateSAMLProviderOutput{SAMLProviderArn: &p.ARN}, nil
	}}

func (s *Providers) UpdateSAMLProvider(ctx context.Context, in *iamwire.UpdateSAMLProviderInput) (*iamwire.UpdateSAMLProviderOutput, error) {
	return updateSAML.Run(ctx, s, in)
}

// changeSAML applies an UpdateSAMLProvider request to the provider as it is: the new metadata
// (valid until validUntil), the encryption mode, and the key added or removed.
func changeSAML(in *iamwire.UpdateSAMLProviderInput, cur *store.SAMLProvider, validUntil time.Time, added *store.SAMLPrivateKey) error {
	if in.SAMLMetadataDocument != nil {
		cur.MetadataDocument, cur.ValidUntil = *in.SAMLMetadataDocument, validUntil
	}
	if in.AssertionEncryptionMode != nil {
		cur.AssertionEncryptionMode = string(*in.AssertionEncryptionMode)
	}
	if added != nil {
		if len(cur.PrivateKeys) >= MaxPrivateKeysPerSAMLProvider {
			return core.QuotaExceeded("PrivateKeysPerSAMLProvider", MaxPrivateKeysPerSAMLProvider)
		}
		cur.PrivateKeys = append(cur.PrivateKeys, *added)
	}
	if in.RemovePrivateKey != nil {
		i := slices.IndexFunc(cur.PrivateKeys, func(k store.SAMLPrivateKey) bool { return k.KeyID == *in.RemovePrivateKey })
		if i < 0 {
			return noSuchSAMLKey(*in.RemovePrivateKey)
		}
		cur.PrivateKeys = slices.Delete(cur.PrivateKeys, i, i+1)
	}
	if encryptionMode(*cur) == iamwire.AssertionEncryptionModeTypeRequired && len(cur.PrivateKeys) == 0 {
		return encryptionNeedsKey()
	}
	if cur.PrivateKeys == nil {
		cur.PrivateKeys = []store.SAMLPrivateKey{}
	}
	return nil
}
