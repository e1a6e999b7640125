package sigv4

import (
	"testing"
	"time"
)

// BenchmarkVerify measures Parse plus Verify of a typical IAM query-protocol POST with a
// ~100-byte form body: "cold" derives the signing key each time, "cached" finds it in a
// KeyCache.
func BenchmarkVerify(b *testing.B) {
	body := []byte("Action=ListUsers&Version=2010-05-08&PathPrefix=%2Fdivision_abc%2Fsubdivision_xyz%2F&MaxItems=100")
	r := clientRequest(b, "POST", "/",
		"Content-Type", "application/x-www-form-urlencoded; charset=utf-8", "User-Agent", "aws-cli/2.15.0 Python/3.11")
	if err := Sign(r, body, testCreds, "us-east-1", "iam", signTime); err != nil {
		b.Fatal(err)
	}
	srv := received(r)
	secret := []byte(testCreds.SecretAccessKey)
	for _, bc := range []struct {
		name  string
		cache *KeyCache
	}{
		{"cold", nil},
		{"cached", NewKeyCache(0)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			v := &Verifier{Now: func() time.Time { return signTime }, Cache: bc.cache}
			b.ReportAllocs()
			for b.Loop() {
				a, err := v.Parse(srv, "iam")
				if err == nil {
					err = v.Verify(srv, body, a, secret)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
