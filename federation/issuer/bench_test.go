package issuer_test

import (
	"context"
	"testing"

	"github.com/gatehouse-iam/gatehouse/federation/issuer"
)

// BenchmarkMint: one GetWebIdentityToken's signing work (claims, JSON, signature).
func BenchmarkMint(b *testing.B) {
	is, _ := issuer.Open(context.Background(), &issuer.MemoryStore{}, url, nil)
	for _, alg := range []string{issuer.RS256, issuer.ES384} {
		is.Rotate(context.Background(), alg)
		b.Run(alg, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := is.Mint(request(alg)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
