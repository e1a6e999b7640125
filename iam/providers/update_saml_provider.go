package providers

import (
	"context"
	"slices"
	"time"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateSAMLProvider replaces a provider's metadata document, changes its assertion encryption
// mode, or adds or removes one private key. Keys rotate in two requests, as AWS documents:
// add the new key, then remove the old one.
func (s *Providers) UpdateSAMLProvider(ctx context.Context, in *iamwire.UpdateSAMLProviderInput) (*iamwire.UpdateSAMLProviderOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, tags, err := s.findSAML(ctx, account, in.SAMLProviderArn)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:UpdateSAMLProvider", in.SAMLProviderArn, core.ResourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, noSuchSAML(in.SAMLProviderArn)
	}
	if in.AddPrivateKey != nil && in.RemovePrivateKey != nil {
		return nil, addAndRemoveKey()
	}
	now := s.Timestamp()
	var validUntil time.Time
	if in.SAMLMetadataDocument != nil {
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
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := samlInTx(ctx, tx, account, p.ARN)
		if err != nil {
			return err
		}
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
		if encryptionMode(cur) == iamwire.AssertionEncryptionModeTypeRequired && len(cur.PrivateKeys) == 0 {
			return encryptionNeedsKey()
		}
		if cur.PrivateKeys == nil {
			cur.PrivateKeys = []store.SAMLPrivateKey{}
		}
		return tx.SAMLProviders().Update(ctx, cur)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UpdateSAMLProviderOutput{SAMLProviderArn: &p.ARN}, nil
}
