package issuer

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"
)

// Request is what a token is minted for.
type Request struct {
	Subject   string   // the calling principal's ARN (a role's for role sessions)
	Audiences []string // 1–10, each 1–1000 characters
	Lifetime  time.Duration
	Algorithm string // RS256 or ES384
	Account   string
	Region    string
	OrgID     string
	OUPath    string
	// PrincipalTags are the principal's tags; RequestTags the Tags of the request (custom claims).
	PrincipalTags map[string]string
	RequestTags   map[string]string
	// SessionContext adds session context claims (lambda_source_function_arn, say).
	SessionContext map[string]string
}

// Mint signs a token for req and returns it with its expiry. Audiences, lifetime and algorithm
// are checked against GetWebIdentityToken's limits (ValidationError); a payload over
// MaxPayloadBytes is JWTPayloadSizeExceededException; no active key for the algorithm means the
// caller has not rotated one in.
func (is *Issuer) Mint(req Request) (string, time.Time, error) {
	if err := check(&req); err != nil {
		return "", time.Time{}, err
	}
	k := is.active(req.Algorithm)
	if k == nil {
		return "", time.Time{}, &Error{Code: "InternalFailure", Status: http.StatusInternalServerError, Message: "no signing key for " + req.Algorithm}
	}
	now := is.now().UTC().Truncate(time.Second)
	exp := now.Add(req.Lifetime)
	payload, err := json.Marshal(is.claims(req, now, exp))
	if err != nil {
		return "", time.Time{}, err
	}
	if len(payload) > MaxPayloadBytes {
		return "", time.Time{}, &Error{Code: "JWTPayloadSizeExceededException", Status: http.StatusBadRequest,
			Message: "The requested token payload size exceeds the maximum allowed size. Reduce the number of request tags included in the GetWebIdentityToken API call to reduce the token payload size."}
	}
	header := mustJSON(map[string]string{"alg": req.Algorithm, "kid": k.ID, "typ": "JWT"})
	input := b64(header) + "." + b64(payload)
	sig, err := sign(is.rand, k, []byte(input))
	if err != nil {
		return "", time.Time{}, err
	}
	return input + "." + b64(sig), exp, nil
}

func check(req *Request) error {
	if req.Lifetime == 0 {
		req.Lifetime = DefaultLifetime
	}
	if req.Lifetime < MinLifetime || req.Lifetime > MaxLifetime || req.Lifetime%time.Second != 0 {
		return validation("DurationSeconds must be between 60 and 3600 seconds")
	}
	if len(req.Audiences) < 1 || len(req.Audiences) > MaxAudiences {
		return validation("Audience must have between 1 and 10 members")
	}
	for _, a := range req.Audiences {
		if len(a) < 1 || len(a) > MaxAudienceLen {
			return validation("each Audience must be 1 to 1000 characters")
		}
	}
	if req.Algorithm != RS256 && req.Algorithm != ES384 {
		return validation("SigningAlgorithm must be RS256 or ES384")
	}
	return nil
}

func (is *Issuer) claims(req Request, now, exp time.Time) map[string]any {
	var jti [16]byte
	rand.Read(jti[:])
	aws := map[string]any{"aws_account": req.Account}
	for k, v := range map[string]string{"source_region": req.Region, "org_id": req.OrgID, "ou_path": req.OUPath} {
		if v != "" {
			aws[k] = v
		}
	}
	if len(req.PrincipalTags) > 0 {
		aws["principal_tags"] = req.PrincipalTags
	}
	if len(req.RequestTags) > 0 {
		aws["request_tags"] = req.RequestTags
	}
	for k, v := range req.SessionContext {
		if _, taken := aws[k]; !taken {
			aws[k] = v
		}
	}
	c := map[string]any{"iss": is.url, "sub": req.Subject, "iat": now.Unix(), "exp": exp.Unix(),
		"jti": hex.EncodeToString(jti[:]), Namespace: aws}
	if len(req.Audiences) == 1 {
		c["aud"] = req.Audiences[0]
	} else {
		c["aud"] = req.Audiences
	}
	return c
}

// Discovery is the OpenID Provider configuration served at URL + DiscoveryPath.
func (is *Issuer) Discovery() []byte {
	return mustJSON(map[string]any{
		"issuer": is.url, "jwks_uri": is.url + JWKSPath,
		"response_types_supported": []string{"id_token"}, "subject_types_supported": []string{"public"},
		"id_token_signing_alg_values_supported": []string{RS256, ES384},
	})
}

// JWKS is the key set served at URL + JWKSPath: the active keys, and the retired ones until
// every token they signed has expired (MaxLifetime after their retirement).
func (is *Issuer) JWKS() []byte {
	now := is.now()
	is.mu.RLock()
	defer is.mu.RUnlock()
	keys := []map[string]string{}
	for _, k := range is.keys {
		if !k.Retired.IsZero() && !now.Before(k.Retired.Add(MaxLifetime)) {
			continue
		}
		j := map[string]string{"kid": k.ID, "alg": k.Algorithm, "use": "sig"}
		switch pub := k.signer.Public().(type) {
		case *rsa.PublicKey:
			j["kty"], j["n"], j["e"] = "RSA", b64(pub.N.Bytes()), b64(bigEndian(pub.E))
		case *ecdsa.PublicKey:
			raw, _ := pub.Bytes() // 0x04 || X || Y
			j["kty"], j["crv"], j["x"], j["y"] = "EC", "P-384", b64(raw[1:49]), b64(raw[49:])
		}
		keys = append(keys, j)
	}
	return mustJSON(map[string]any{"keys": keys})
}

func bigEndian(e int) []byte {
	var b []byte
	for ; e > 0; e >>= 8 {
		b = append([]byte{byte(e)}, b...)
	}
	return b
}
