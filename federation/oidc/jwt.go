package oidc

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Algorithms are the JWS algorithms AWS accepts for web identity tokens ("Tokens must be signed
// using either RSA keys (RS256, RS384, or RS512) or ECDSA keys (ES256, ES384, or ES512)", STS API
// reference, AssumeRoleWithWebIdentity). Every other name — "none", HS256 and the rest of the
// HMAC family, PS*, EdDSA — is refused.
var Algorithms = []string{"RS256", "RS384", "RS512", "ES256", "ES384", "ES512"}

// Header is the JOSE header of a token, as far as verification reads it. Key-carrying header
// parameters (jwk, jku, x5u, x5c) are never used: keys come only from the issuer's JWKS.
type Header struct {
	Algorithm string
	KeyID     string
	Type      string
}

// Claims are the registered claims AWS reads, decoded and type-checked; Raw keeps every claim's
// JSON for callers that need others.
type Claims struct {
	Issuer          string
	Subject         string
	Audience        []string
	AuthorizedParty string // azp
	AMR             []string
	Expiry          time.Time
	NotBefore       time.Time // zero when absent
	IssuedAt        time.Time // zero when absent
	Raw             map[string]json.RawMessage
}

// JWT is a parsed, not yet verified, token.
type JWT struct {
	Header Header
	Claims Claims

	signingInput string // base64url(header) "." base64url(payload)
	signature    []byte
}

// Parse decodes a compact-serialized JWS and checks its shape: three base64url parts, a JSON
// header naming one of Algorithms and no critical extensions, and a JSON claims set with the
// claims AWS requires (iss, sub, aud, exp) of the right types, times as integers. It verifies
// nothing and touches no network.
func Parse(token string) (*JWT, error) {
	token = strings.TrimSpace(token)
	if token == "" || len(token) > MaxTokenBytes {
		return nil, notJWT("empty or over "+strconv.Itoa(MaxTokenBytes)+" bytes", nil)
	}
	h, rest, ok1 := strings.Cut(token, ".")
	p, s, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || strings.Contains(s, ".") {
		return nil, notJWT("not three dot-separated parts", nil)
	}
	hb, err1 := b64(h)
	pb, err2 := b64(p)
	sig, err3 := b64(s)
	if err1 != nil || err2 != nil || err3 != nil {
		return nil, notJWT("a part is not unpadded base64url", nil)
	}
	t := &JWT{signingInput: token[:len(h)+1+len(p)], signature: sig}
	if err := t.parseHeader(hb); err != nil {
		return nil, err
	}
	if err := t.parseClaims(pb); err != nil {
		return nil, err
	}
	return t, nil
}

func b64(s string) ([]byte, error) { return base64.RawURLEncoding.Strict().DecodeString(s) }

func (t *JWT) parseHeader(b []byte) error {
	var raw map[string]json.RawMessage
	if err := decodeObject(b, &raw); err != nil {
		return notJWT("the header is not a JSON object", err)
	}
	var alg string
	if err := stringMember(raw, "alg", &alg); err != nil || alg == "" {
		return notJWT("the header has no alg", err)
	}
	if _, crit := raw["crit"]; crit {
		return invalid(MsgInvalid, "the header names critical extensions", nil)
	}
	switch {
	case strings.EqualFold(alg, "none"):
		return invalid(MsgInvalid, `alg "none" (an unsigned token)`, nil)
	case strings.HasPrefix(strings.ToUpper(alg), "HS"):
		return invalid(MsgInvalid, "alg "+printable(alg)+" (HMAC) is not accepted", nil)
	case !allowed(alg):
		return invalid(MsgInvalid, "alg "+printable(alg)+" is not accepted", nil)
	}
	t.Header.Algorithm = alg
	if stringMember(raw, "kid", &t.Header.KeyID) != nil || stringMember(raw, "typ", &t.Header.Type) != nil {
		return notJWT("kid or typ is not a string", nil)
	}
	if len(t.signature) != signatureSize(alg) && signatureSize(alg) > 0 {
		return invalid(MsgInvalid, "the signature has the wrong length for "+alg, nil)
	}
	return nil
}

func allowed(alg string) bool {
	for _, a := range Algorithms {
		if a == alg {
			return true
		}
	}
	return false
}

// signatureSize is the fixed JWS signature length of the ECDSA algorithms (R || S); 0 for RSA,
// whose length is the key's.
func signatureSize(alg string) int {
	switch alg {
	case "ES256":
		return 64
	case "ES384":
		return 96
	case "ES512":
		return 132
	}
	return 0
}

func (t *JWT) parseClaims(b []byte) error {
	c := &t.Claims
	if err := decodeObject(b, &c.Raw); err != nil {
		return notJWT("the claims are not a JSON object", err)
	}
	if stringMember(c.Raw, "iss", &c.Issuer) != nil || c.Issuer == "" {
		return notJWT("iss is missing or not a string", nil)
	}
	if stringMember(c.Raw, "sub", &c.Subject) != nil || c.Subject == "" {
		return notJWT("sub is missing or not a string", nil)
	}
	if stringMember(c.Raw, "azp", &c.AuthorizedParty) != nil {
		return notJWT("azp is not a string", nil)
	}
	var err error
	if c.Audience, err = stringOrList(c.Raw["aud"]); err != nil || len(c.Audience) == 0 {
		return notJWT("aud is missing or not a string or list of strings", err)
	}
	if raw, ok := c.Raw["amr"]; ok {
		if c.AMR, err = stringOrList(raw); err != nil {
			return notJWT("amr is not a string or list of strings", err)
		}
	}
	var has bool
	if c.Expiry, has, err = timeMember(c.Raw, "exp"); err != nil || !has {
		return notJWT("exp is missing or not an integer", err)
	}
	if c.NotBefore, _, err = timeMember(c.Raw, "nbf"); err != nil {
		return notJWT("nbf is not an integer", err)
	}
	if c.IssuedAt, _, err = timeMember(c.Raw, "iat"); err != nil {
		return notJWT("iat is not an integer", err)
	}
	return nil
}

// decodeObject decodes one JSON object and nothing after it.
func decodeObject(b []byte, v *map[string]json.RawMessage) error {
	d := json.NewDecoder(bytes.NewReader(b))
	if err := d.Decode(v); err != nil {
		return err
	}
	if *v == nil {
		return errNotObject
	}
	if d.More() {
		return errTrailing
	}
	return nil
}

type decodeError string

func (e decodeError) Error() string { return string(e) }

const (
	errNotObject = decodeError("not a JSON object")
	errTrailing  = decodeError("data after the JSON object")
	errType      = decodeError("wrong JSON type")
)

// stringMember reads an optional string member; a present member of another type is an error.
func stringMember(raw map[string]json.RawMessage, name string, dst *string) error {
	v, ok := raw[name]
	if !ok {
		return nil
	}
	if err := json.Unmarshal(v, dst); err != nil {
		return errType
	}
	return nil
}

// stringOrList reads a claim that is a string or an array of strings (aud, amr).
func stringOrList(v json.RawMessage) ([]string, error) {
	if len(v) == 0 {
		return nil, nil
	}
	var one string
	if err := json.Unmarshal(v, &one); err == nil {
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(v, &many); err != nil {
		return nil, errType
	}
	return many, nil
}

// timeMember reads a NumericDate that must be an integer ("Timestamps in the token must be
// formatted as either an integer or a long integer", STS API reference).
func timeMember(raw map[string]json.RawMessage, name string) (time.Time, bool, error) {
	v, ok := raw[name]
	if !ok {
		return time.Time{}, false, nil
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil || n < 0 || n > 1<<40 {
		return time.Time{}, true, errType
	}
	return time.Unix(n, 0).UTC(), true, nil
}
