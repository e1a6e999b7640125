package x509auth_test

import (
	"crypto/x509"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/federation/x509auth"
)

// BenchmarkAuthenticate: a CreateSession request's signature (parse, canonical request, public
// key verification), then its chain to the anchor through one intermediate with a CRL.
func BenchmarkAuthenticate(b *testing.B) {
	for _, tc := range []struct {
		name string
		rsa  bool
	}{{"RSA2048", true}, {"ECDSAP256", false}} {
		p := newPKI(b, tc.rsa)
		at := time.Now()
		r := signed(b, p, p.leaf, at)
		v := &x509auth.Verifier{Now: func() time.Time { return at }}
		anchor := x509auth.TrustAnchor{Certificates: []*x509.Certificate{p.root.Cert}, CRLs: []*x509.RevocationList{p.inter.CRL(b)}}
		b.Run(tc.name+"/Signature", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.Authenticate(r, body); err != nil {
					b.Fatal(err)
				}
			}
		})
		req, _ := v.Authenticate(r, body)
		b.Run(tc.name+"/Chain", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := req.VerifyChain(anchor); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
