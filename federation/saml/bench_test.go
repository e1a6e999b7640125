package saml_test

import "testing"

// BenchmarkVerify: a signed response from xmlsec1 verified with the provider's certificate
// (parse, canonicalize, RSA-SHA256 verification, read).
func BenchmarkVerify(b *testing.B) {
	d := newIdP(b)
	for _, tc := range []struct {
		name             string
		assertion, whole bool
	}{{"AssertionSigned", true, false}, {"ResponseSigned", false, true}} {
		p := defaults()
		p.signAssertion, p.signResponse = tc.assertion, tc.whole
		doc := enc(d.build(p))
		v := verifier()
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.Verify(doc, d.provider()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
