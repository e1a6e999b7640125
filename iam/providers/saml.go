package providers

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/iam/providers/samlmeta"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Formats of the IDs of SAML providers and their private keys. AWS's SAMLProviderUUID starts
// "SAMLSP"; key IDs follow the model's privateKeyIdType (22 to 64 of [A-Z0-9]).
const (
	samlUUIDPrefix  = "SAMLSP"
	samlUUIDRandom  = 20
	samlKeyIDLength = 26
)

// samls is the SAML provider as a kind of named entity, named by its ARN (as oidcs).
var samls = core.TaggedKind(readSAML, missingSAML)

// readSAML reads the SAML provider an ARN names (samls).
var readSAML = byARN("saml-provider/", func(ctx context.Context, tx store.Tx, a string) (store.SAMLProvider, error) {
	return tx.SAMLProviders().Get(ctx, a)
}, func(p store.SAMLProvider) string { return p.AccountID }, samlResource)

func missingSAML(_, a string) (string, *awserr.Error) { return a, iamerr.NoSuchSAML.Err(a) }

// samlNamed is the resolver of an operation on the SAML provider a request names.
func samlNamed[In any](providerARN func(*In) string) op.Resolver[*Providers, In, core.Found[store.SAMLProvider]] {
	return core.ByName[*Providers](samls, providerARN)
}

// samlInTx re-reads a provider inside a write transaction.
func samlInTx(ctx context.Context, tx store.Tx, account, providerARN string) (store.SAMLProvider, error) {
	p, err := tx.SAMLProviders().Get(ctx, providerARN)
	if errors.Is(err, store.ErrNotFound) || err == nil && p.AccountID != account {
		return p, iamerr.NoSuchSAML.Err(providerARN)
	}
	return p, err
}

func samlResource(p store.SAMLProvider) store.Resource {
	return store.Resource{Kind: store.KindSAMLProvider, Key: p.ARN}
}

// parseMetadata checks a metadata document and returns when the provider stops being valid:
// the document's validUntil, or SAMLDefaultValidityYears after uploaded when it has none.
func parseMetadata(doc string, uploaded time.Time) (time.Time, error) {
	md, err := samlmeta.Parse([]byte(doc))
	if err != nil {
		return time.Time{}, iamerr.InvalidMetadata.Err()
	}
	if md.ValidUntil.IsZero() {
		return uploaded.AddDate(SAMLDefaultValidityYears, 0, 0), nil
	}
	return md.ValidUntil.UTC().Truncate(time.Second), nil
}

// sealSAMLKey checks an assertion-decryption private key and seals it for the provider with
// UUID owner. The associated data is owner + "/" + key ID, so a sealed key copied to another
// provider or key slot does not open.
func (s *Providers) sealSAMLKey(owner, pemKey string, now time.Time) (store.SAMLPrivateKey, error) {
	if _, err := parsePrivateKey(pemKey); err != nil {
		return store.SAMLPrivateKey{}, iamerr.InvalidSAMLPrivateKey.Err()
	}
	id, err := randomID(s.Rand, "", samlKeyIDLength)
	if err != nil {
		return store.SAMLPrivateKey{}, err
	}
	sealed, err := s.Secrets.Seal([]byte(pemKey), samlKeyAD(owner, id))
	if err != nil {
		return store.SAMLPrivateKey{}, err
	}
	return store.SAMLPrivateKey{KeyID: id, Timestamp: now, Sealed: sealed}, nil
}

// samlKeyAD is the associated data a SAML provider's private key is sealed with.
func samlKeyAD(providerUUID, keyID string) []byte { return []byte(providerUUID + "/" + keyID) }

// encryptionMode is a provider's AssertionEncryptionMode as AWS reports it: Allowed unless
// set to Required.
func encryptionMode(p store.SAMLProvider) iamwire.AssertionEncryptionModeType {
	if p.AssertionEncryptionMode == "" {
		return iamwire.AssertionEncryptionModeTypeAllowed
	}
	return iamwire.AssertionEncryptionModeType(p.AssertionEncryptionMode)
}

func wirePrivateKeys(keys []store.SAMLPrivateKey) []iamwire.SAMLPrivateKey {
	out := make([]iamwire.SAMLPrivateKey, len(keys))
	for i := range keys {
		id, ts := keys[i].KeyID, keys[i].Timestamp
		out[i] = iamwire.SAMLPrivateKey{KeyId: &id, Timestamp: &ts}
	}
	return out
}

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
			return core.CreateUnique(iamerr.SAMLExists.Err(p.Name),
				func() error { _, err := tx.SAMLProviders().Get(ctx, p.ARN); return err },
				core.CreateTagged(ctx, tx, samlResource(p), tags, func() error { return tx.SAMLProviders().Create(ctx, p) }),
				providerQuota(func() (int, error) { ps, err := tx.SAMLProviders().List(ctx, p.AccountID); return len(ps), err },
					MaxSAMLProvidersPerAccount, "SAMLProvidersPerAccount"))
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.CreateSAMLProviderOutput{SAMLProviderArn: &p.ARN, Tags: core.WireTags(tags)}, nil
	}}

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
		return store.SAMLProvider{}, iamerr.EncryptionNeedsKey.Err()
	}
	return p, nil
}

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

// ListSAMLProviders lists the account's SAML providers (ARN, ValidUntil, CreateDate), ordered
// by ARN, without paging (at most 100). The action has no resource type in the Service
// Authorization Reference, so it is authorized on "*".
var listSAMLs = &op.Op[*Providers, iamwire.ListSAMLProvidersInput, iamwire.ListSAMLProvidersOutput, op.None]{
	Name: "ListSAMLProviders", Action: "iam:ListSAMLProviders",
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.ListSAMLProvidersInput, op.None]) (*iamwire.ListSAMLProvidersOutput, error) {
		ps, err := core.Read(ctx, s.Store, func(tx store.Tx) ([]store.SAMLProvider, error) { return tx.SAMLProviders().List(ctx, r.Account()) })
		if err != nil {
			return nil, err
		}
		out := &iamwire.ListSAMLProvidersOutput{SAMLProviderList: make([]iamwire.SAMLProviderListEntry, len(ps))}
		for i := range ps {
			p := &ps[i]
			out.SAMLProviderList[i] = iamwire.SAMLProviderListEntry{Arn: &p.ARN, ValidUntil: &p.ValidUntil, CreateDate: &p.Created}
		}
		return out, nil
	}}

// UpdateSAMLProvider replaces a provider's metadata document, changes its assertion encryption
// mode, or adds or removes one private key. Keys rotate in two requests, as AWS documents:
// add the new key, then remove the old one.
var updateSAML = &op.Op[*Providers, iamwire.UpdateSAMLProviderInput, iamwire.UpdateSAMLProviderOutput, core.Found[store.SAMLProvider]]{
	Name: "UpdateSAMLProvider", Action: "iam:UpdateSAMLProvider",
	Resolve: samlNamed(func(in *iamwire.UpdateSAMLProviderInput) string { return in.SAMLProviderArn }),
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.UpdateSAMLProviderInput, core.Found[store.SAMLProvider]]) (*iamwire.UpdateSAMLProviderOutput, error) {
		in, p := r.In, r.Entity().Item
		if in.AddPrivateKey != nil && in.RemovePrivateKey != nil {
			return nil, iamerr.AddAndRemoveKey.Err()
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
			return iamerr.NoSuchSAMLKey.Err(*in.RemovePrivateKey)
		}
		cur.PrivateKeys = slices.Delete(cur.PrivateKeys, i, i+1)
	}
	if encryptionMode(*cur) == iamwire.AssertionEncryptionModeTypeRequired && len(cur.PrivateKeys) == 0 {
		return iamerr.EncryptionNeedsKey.Err()
	}
	if cur.PrivateKeys == nil {
		cur.PrivateKeys = []store.SAMLPrivateKey{}
	}
	return nil
}

// DeleteSAMLProvider deletes a provider, its private keys and its tags. Roles whose trust
// policies name it keep them; assuming them through it fails from then on.
var deleteSAML = &op.Op[*Providers, iamwire.DeleteSAMLProviderInput, iamwire.DeleteSAMLProviderOutput, core.Found[store.SAMLProvider]]{
	Name: "DeleteSAMLProvider", Action: "iam:DeleteSAMLProvider",
	Resolve: samlNamed(func(in *iamwire.DeleteSAMLProviderInput) string { return in.SAMLProviderArn }),
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.DeleteSAMLProviderInput, core.Found[store.SAMLProvider]]) (*iamwire.DeleteSAMLProviderOutput, error) {
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			if err := tx.SAMLProviders().Delete(ctx, r.Entity().Item.ARN); errors.Is(err, store.ErrNotFound) {
				return iamerr.NoSuchSAML.Err(r.In.SAMLProviderArn)
			} else if err != nil {
				return err
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteSAMLProviderOutput{}, nil
	}}
