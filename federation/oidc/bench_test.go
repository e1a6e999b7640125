package oidc_test

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/gatehouse-iam/gatehouse/federation/oidc"
	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
)

// BenchmarkVerifyCached: a full verification with the issuer's keys already cached (no network):
// parse, claims, cache lookup, signature.
func BenchmarkVerifyCached(b *testing.B) {
	is := fedtest.NewIssuer(b)
	is.AddKey(b, "es", jose.ES256)
	c := &clock{}
	v := verifier(c)
	for _, alg := range []struct{ name, kid string }{{"RS256", "k1"}, {"ES256", "es"}} {
		tok := is.Mint(b, alg.kid, claims(is))
		if _, err := v.Verify(context.Background(), provider(is), tok); err != nil {
			b.Fatal(err)
		}
		b.Run(alg.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.Verify(context.Background(), provider(is), tok); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// Baseline in the same run: the RSA signature check alone, what any verifier must pay.
	b.Run("BaselineRSAVerifyOnly", func(b *testing.B) {
		tok := is.Mint(b, "k1", claims(is))
		parts := strings.Split(tok, ".")
		sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
		digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
		pub := is.PublicKey("k1").(*rsa.PublicKey)
		b.ReportAllocs()
		for b.Loop() {
			if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Parse", func(b *testing.B) {
		tok := is.Mint(b, "k1", claims(is))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := oidc.Parse(tok); err != nil {
				b.Fatal(err)
			}
		}
	})
}
