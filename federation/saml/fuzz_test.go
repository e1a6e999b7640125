package saml_test

import (
	"crypto/x509"
	"encoding/base64"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/federation/saml"
	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
)

// FuzzVerify: any document is refused with a *saml.Error (no signature can verify under a key the
// fuzzer does not have) and never panics, whatever its shape.
func FuzzVerify(f *testing.F) {
	p := defaults()
	f.Add([]byte(p.response(p.assertion())))
	p.signResponse = true
	f.Add([]byte(p.response(p.assertion())))
	f.Add([]byte(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/></samlp:Response>`))
	cert := fedtest.NewRootCA(f, "fuzz").Cert
	v := &saml.Verifier{Now: func() time.Time { return now }}
	prov := saml.Provider{EntityID: entityID, Certificates: []*x509.Certificate{cert}}
	f.Fuzz(func(t *testing.T, doc []byte) {
		a, err := v.Verify(base64.StdEncoding.EncodeToString(doc), prov)
		if err == nil {
			t.Fatalf("accepted an unsigned document: %+v", a)
		}
		if _, ok := err.(*saml.Error); !ok {
			t.Fatalf("error %T is not *saml.Error", err)
		}
	})
}
