package oidc

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/json"
	"errors"
	"math/big"
)

// publicKey is one usable key of an issuer's JWKS.
type publicKey struct {
	kid string
	alg string // the JWK's own alg member; empty when absent
	rsa *rsa.PublicKey
	ec  *ecdsa.PublicKey
}

// keySet is a parsed JWKS.
type keySet struct{ keys []*publicKey }

type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

// parseKeySet reads a JWKS and keeps the keys usable for signature verification: RSA keys of at
// least MinRSABits and EC keys on P-256, P-384 or P-521, whose "use" is "sig" or absent. Keys of
// other types (oct, OKP), encryption keys and malformed keys are skipped, as a verifier must skip
// keys it does not understand (RFC 7517, 5); a set with no usable key is an error.
func parseKeySet(data []byte) (*keySet, error) {
	var doc struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	set := &keySet{}
	for _, raw := range doc.Keys {
		if len(set.keys) == MaxKeysPerSet {
			break
		}
		var k jwk
		if json.Unmarshal(raw, &k) != nil || (k.Use != "" && k.Use != "sig") {
			continue
		}
		if pk := k.public(); pk != nil {
			set.keys = append(set.keys, pk)
		}
	}
	if len(set.keys) == 0 {
		return nil, errors.New("the JWKS has no usable signing key")
	}
	return set, nil
}

func (k *jwk) public() *publicKey {
	pk := &publicKey{kid: k.Kid, alg: k.Alg}
	switch k.Kty {
	case "RSA":
		n, err1 := b64(k.N)
		e, err2 := b64(k.E)
		if err1 != nil || err2 != nil || len(e) == 0 || len(e) > 4 || len(n) > 1024 {
			return nil
		}
		mod := new(big.Int).SetBytes(n)
		exp := new(big.Int).SetBytes(e)
		if mod.BitLen() < MinRSABits || !exp.IsInt64() || exp.Int64() < 3 || exp.Bit(0) == 0 {
			return nil
		}
		pk.rsa = &rsa.PublicKey{N: mod, E: int(exp.Int64())}
	case "EC":
		curve, size := curveOf(k.Crv)
		x, err1 := b64(k.X)
		y, err2 := b64(k.Y)
		if curve == nil || err1 != nil || err2 != nil || len(x) != size || len(y) != size {
			return nil
		}
		point := append(append([]byte{4}, x...), y...)
		pub, err := ecdsa.ParseUncompressedPublicKey(curve, point)
		if err != nil {
			return nil
		}
		pk.ec = pub
	default:
		return nil
	}
	return pk
}

func curveOf(crv string) (elliptic.Curve, int) {
	switch crv {
	case "P-256":
		return elliptic.P256(), 32
	case "P-384":
		return elliptic.P384(), 48
	case "P-521":
		return elliptic.P521(), 66
	}
	return nil, 0
}

// fits reports whether k may verify a token signed with alg: its type and curve must be the
// algorithm's, and its own alg member, when present, must name alg.
func (k *publicKey) fits(alg string) bool {
	if k.alg != "" && k.alg != alg {
		return false
	}
	switch alg {
	case "RS256", "RS384", "RS512":
		return k.rsa != nil
	case "ES256":
		return k.ec != nil && k.ec.Curve == elliptic.P256()
	case "ES384":
		return k.ec != nil && k.ec.Curve == elliptic.P384()
	case "ES512":
		return k.ec != nil && k.ec.Curve == elliptic.P521()
	}
	return false
}

// candidates are the keys that may have signed a token: those with its key ID (every key when
// the token names none) that fit its algorithm.
func (s *keySet) candidates(kid, alg string) []*publicKey {
	var out []*publicKey
	for _, k := range s.keys {
		if (kid == "" || k.kid == kid) && k.fits(alg) {
			out = append(out, k)
		}
	}
	return out
}

// verify checks the JWS signature of t under k.
func (k *publicKey) verify(t *JWT) bool {
	h, digest := hashFor(t.Header.Algorithm, t.signingInput)
	if k.rsa != nil {
		return rsa.VerifyPKCS1v15(k.rsa, h, digest, t.signature) == nil
	}
	half := len(t.signature) / 2
	r := new(big.Int).SetBytes(t.signature[:half])
	s := new(big.Int).SetBytes(t.signature[half:])
	return ecdsa.Verify(k.ec, digest, r, s)
}

func hashFor(alg, input string) (crypto.Hash, []byte) {
	switch alg[2:] {
	case "384":
		d := sha512.Sum384([]byte(input))
		return crypto.SHA384, d[:]
	case "512":
		d := sha512.Sum512([]byte(input))
		return crypto.SHA512, d[:]
	default:
		d := sha256.Sum256([]byte(input))
		return crypto.SHA256, d[:]
	}
}
