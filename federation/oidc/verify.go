package oidc

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// Provider is what verification needs of an IAM OIDC provider.
type Provider struct {
	// URL is the provider's URL as IAM stores it, with or without its https:// scheme
	// ("token.actions.githubusercontent.com", "https://idp.example.com/realms/x"). A token's iss
	// must be exactly https:// followed by it.
	URL string
	// ClientIDs is the provider's client ID list (audiences).
	ClientIDs []string
	// Thumbprints is the provider's ThumbprintList: hex SHA-1 thumbprints, any case.
	Thumbprints []string
}

// Issuer is the iss value tokens of p must carry.
func (p Provider) Issuer() string { return "https://" + ProviderID(p.URL) }

// ProviderID is the name IAM gives the provider of an issuer: the URL without its scheme, as in
// arn:aws:iam::ACCOUNT:oidc-provider/ProviderID and in condition keys (ProviderID + ":sub").
func ProviderID(issuer string) string {
	if len(issuer) >= 8 && strings.EqualFold(issuer[:8], "https://") {
		return issuer[8:]
	}
	return issuer
}

// Verifier verifies tokens. The zero value uses the system clock and roots and fetches keys for
// every token; set Cache to keep them.
type Verifier struct {
	Now func() time.Time
	// Cache keeps issuers' key sets; nil fetches them for every verification.
	Cache *KeyCache
	// RootCAs are the roots an issuer's certificate may chain to; nil means the system roots.
	RootCAs *x509.CertPool
	// Timeout bounds each fetch; 0 means FetchTimeout.
	Timeout time.Duration
}

// Token is a verified token: what AWS answers with and what a role's trust policy may test.
type Token struct {
	Issuer  string
	Subject string
	// Audience is the client ID the token was accepted for, as the AssumeRoleWithWebIdentity
	// answer's Audience and the provider's aud condition key report it: azp when the token has
	// one, else the aud value found in the client ID list.
	Audience        string
	Audiences       []string // aud as sent
	AuthorizedParty string   // azp
	AMR             []string
	Expiry          time.Time
	IssuedAt        time.Time
	Algorithm       string
	KeyID           string
	// PrincipalTags and TransitiveTagKeys come from the https://aws.amazon.com/tags claim.
	PrincipalTags     map[string]string
	TransitiveTagKeys []string
	// Claims is every claim's JSON, for callers that read others.
	Claims map[string]json.RawMessage
}

// TagsClaim is the claim that carries session tags (IAM User Guide, "Passing session tags using
// AssumeRoleWithWebIdentity").
const TagsClaim = "https://aws.amazon.com/tags"

// Verify parses token and checks everything AWS checks before a trust policy is evaluated:
// issuer, audience, times, and the signature under a key of the issuer's JWKS that fits the
// token's algorithm. Failures are *Error.
func (v *Verifier) Verify(ctx context.Context, p Provider, token string) (*Token, error) {
	t, err := Parse(token)
	if err != nil {
		return nil, err
	}
	return v.VerifyParsed(ctx, p, t)
}

// VerifyParsed is Verify for a token the caller has already parsed (to find its provider).
func (v *Verifier) VerifyParsed(ctx context.Context, p Provider, t *JWT) (*Token, error) {
	c := &t.Claims
	if c.Issuer != p.Issuer() {
		return nil, invalid(MsgInvalid, "iss is not the provider's URL", nil)
	}
	aud, ok := audience(c, p.ClientIDs)
	if !ok {
		return nil, invalid(MsgAudience, "no audience is in the provider's client ID list", nil)
	}
	now := v.now()
	if !now.Before(c.Expiry.Add(ClockSkew)) {
		return nil, expired(now, c.Expiry)
	}
	if c.NotBefore.After(now.Add(ClockSkew)) || c.IssuedAt.After(now.Add(ClockSkew)) {
		return nil, invalid(MsgInvalid, "nbf or iat lies in the future", nil)
	}
	keys, err := v.keys(ctx, p, t)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(keys, func(k *publicKey) bool { return k.verify(t) }) {
		return nil, invalid(MsgInvalid, "the signature does not verify under the issuer's keys", nil)
	}
	tok := &Token{
		Issuer: c.Issuer, Subject: c.Subject, Audience: aud, Audiences: c.Audience,
		AuthorizedParty: c.AuthorizedParty, AMR: c.AMR, Expiry: c.Expiry, IssuedAt: c.IssuedAt,
		Algorithm: t.Header.Algorithm, KeyID: t.Header.KeyID, Claims: c.Raw,
	}
	if err := tok.readTags(); err != nil {
		return nil, err
	}
	return tok, nil
}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now().UTC()
	}
	return time.Now().UTC()
}

func (v *Verifier) keys(ctx context.Context, p Provider, t *JWT) ([]*publicKey, error) {
	f := &fetcher{roots: v.RootCAs, timeout: v.Timeout}
	if f.timeout <= 0 {
		f.timeout = FetchTimeout
	}
	for _, tp := range p.Thumbprints {
		f.thumbprints = append(f.thumbprints, strings.ToLower(tp))
	}
	if v.Cache != nil {
		return v.Cache.keys(ctx, f, t.Claims.Issuer, t.Header.KeyID, t.Header.Algorithm, v.now())
	}
	got, err := f.fetchKeys(ctx, t.Claims.Issuer)
	if err != nil {
		return nil, err
	}
	if ks := got.set.candidates(t.Header.KeyID, t.Header.Algorithm); len(ks) > 0 {
		return ks, nil
	}
	return nil, invalid(MsgKeyUnavailable, "no key in the issuer's JWKS fits the token's kid and alg", nil)
}

// audience finds the client ID the token is for. AWS matches the client ID list against azp
// when the token has one (hybrid apps whose aud is another client of the same project, IAM User
// Guide, "Available keys for AWS web identity federation") and otherwise against aud.
func audience(c *Claims, clientIDs []string) (string, bool) {
	if c.AuthorizedParty != "" && slices.Contains(clientIDs, c.AuthorizedParty) {
		return c.AuthorizedParty, true
	}
	for _, a := range c.Audience {
		if slices.Contains(clientIDs, a) {
			if c.AuthorizedParty != "" {
				return c.AuthorizedParty, true
			}
			return a, true
		}
	}
	return "", false
}

// readTags reads the session tags claim:
//
//	"https://aws.amazon.com/tags": {"principal_tags": {"Project": ["Automation"]},
//	                                "transitive_tag_keys": ["Project"]}
//
// Each tag value is an array of exactly one string (a bare string is accepted too). Any other
// shape is IDPRejectedClaim. The tags' own limits (count, lengths, characters) are STS's to check.
func (t *Token) readTags() error {
	raw, ok := t.Claims[TagsClaim]
	if !ok {
		return nil
	}
	var claim struct {
		PrincipalTags     map[string]json.RawMessage `json:"principal_tags"`
		TransitiveTagKeys []string                   `json:"transitive_tag_keys"`
	}
	if err := json.Unmarshal(raw, &claim); err != nil {
		return rejected("the " + TagsClaim + " claim is not an object of principal_tags and transitive_tag_keys")
	}
	if len(claim.PrincipalTags) > 0 {
		t.PrincipalTags = make(map[string]string, len(claim.PrincipalTags))
	}
	for k, v := range claim.PrincipalTags {
		vals, err := stringOrList(v)
		if err != nil || len(vals) != 1 {
			return rejected("principal tag " + printable(k) + " is not a single string value")
		}
		t.PrincipalTags[k] = vals[0]
	}
	t.TransitiveTagKeys = claim.TransitiveTagKeys
	return nil
}

// ConditionKeys are the request context keys a role trust policy may test for this token,
// named after the provider: PROVIDER:aud (the Audience above), PROVIDER:oaud (the aud claim),
// PROVIDER:azp, PROVIDER:sub and PROVIDER:amr (multivalued), each present when the token has
// the claim.
func (t *Token) ConditionKeys() map[string][]string {
	id := ProviderID(t.Issuer)
	keys := map[string][]string{
		id + ":aud":  {t.Audience},
		id + ":oaud": slices.Clone(t.Audiences),
		id + ":sub":  {t.Subject},
	}
	if t.AuthorizedParty != "" {
		keys[id+":azp"] = []string{t.AuthorizedParty}
	}
	if len(t.AMR) > 0 {
		keys[id+":amr"] = slices.Clone(t.AMR)
	}
	return keys
}
