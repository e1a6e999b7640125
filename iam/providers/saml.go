package providers

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
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

// samlRef checks that a request's provider ARN is an ARN and says whether it can name one of
// the account's SAML providers.
func samlRef(account, providerARN string) (mine bool, err error) {
	a, err := arn.Parse(providerARN)
	if err != nil {
		return false, invalidARN(providerARN)
	}
	return a.Service == "iam" && a.AccountID == account && strings.HasPrefix(a.Resource, "saml-provider/"), nil
}

// samls is the SAML provider as a kind of named entity, named by its ARN (as oidcs).
var samls = core.TaggedKind(func(ctx context.Context, tx store.Tx, account, a string) (store.SAMLProvider, string, store.Resource, error) {
	if mine, err := samlRef(account, a); err != nil || !mine {
		return store.SAMLProvider{}, "", store.Resource{}, core.NotFoundOr(err)
	}
	p, err := tx.SAMLProviders().Get(ctx, a)
	if err == nil && p.AccountID != account {
		err = store.ErrNotFound
	}
	return p, a, samlResource(p), err
}, func(_, a string) (string, *awserr.Error) { return a, noSuchSAML(a) })

// samlNamed is the resolver of an operation on the SAML provider a request names.
func samlNamed[In any](providerARN func(*In) string) op.Resolver[*Providers, In, core.Found[store.SAMLProvider]] {
	return core.ByName[*Providers](samls, providerARN)
}

// samlInTx re-reads a provider inside a write transaction.
func samlInTx(ctx context.Context, tx store.Tx, account, providerARN string) (store.SAMLProvider, error) {
	p, err := tx.SAMLProviders().Get(ctx, providerARN)
	if errors.Is(err, store.ErrNotFound) || err == nil && p.AccountID != account {
		return p, noSuchSAML(providerARN)
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
		return time.Time{}, invalidMetadata()
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
		return store.SAMLPrivateKey{}, invalidSAMLPrivateKey()
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
