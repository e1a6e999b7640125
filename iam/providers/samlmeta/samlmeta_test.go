package samlmeta_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/iam/providers/samlmeta"
)

// newCertificate returns a fresh self-signed certificate, base64 DER as metadata carries it.
func newCertificate(t testing.TB, cn string) (string, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(der), cert
}

// wrap64 breaks base64 into lines, as IdPs do in metadata.
func wrap64(s string) string {
	var b strings.Builder
	for len(s) > 64 {
		b.WriteString(s[:64] + "\n          ")
		s = s[64:]
	}
	b.WriteString(s)
	return b.String()
}

const docTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<!-- IdP metadata -->
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml"%s>
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="%s">
    %s
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
`

func keyDescriptor(use, cert string) string {
	attr := ""
	if use != "" {
		attr = fmt.Sprintf(` use="%s"`, use)
	}
	return fmt.Sprintf(`<md:KeyDescriptor%s><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>
          <ds:X509Certificate>%s</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`, attr, cert)
}

func doc(validUntil, protocols string, keys ...string) []byte {
	attr := ""
	if validUntil != "" {
		attr = fmt.Sprintf(` validUntil="%s"`, validUntil)
	}
	return []byte(fmt.Sprintf(docTemplate, attr, protocols, strings.Join(keys, "\n    ")))
}

const saml20 = "urn:oasis:names:tc:SAML:2.0:protocol"

func TestParse(t *testing.T) {
	t.Parallel()
	signB64, sign := newCertificate(t, "signing")
	encB64, _ := newCertificate(t, "encryption")
	otherB64, other := newCertificate(t, "both")
	tests := []struct {
		name string
		doc  []byte
		want *samlmeta.Metadata
	}{
		{"signing key, no validUntil", doc("", saml20, keyDescriptor("signing", wrap64(signB64))),
			&samlmeta.Metadata{EntityID: "https://idp.example.com/saml", SigningCertificates: []*x509.Certificate{sign}}},
		{"validUntil in UTC", doc("2031-05-09T16:27:11Z", saml20, keyDescriptor("signing", signB64)),
			&samlmeta.Metadata{EntityID: "https://idp.example.com/saml", ValidUntil: time.Date(2031, 5, 9, 16, 27, 11, 0, time.UTC),
				SigningCertificates: []*x509.Certificate{sign}}},
		{"validUntil with fraction and offset", doc("2031-05-09T18:27:11.250+02:00", saml20, keyDescriptor("signing", signB64)),
			&samlmeta.Metadata{EntityID: "https://idp.example.com/saml",
				ValidUntil: time.Date(2031, 5, 9, 16, 27, 11, 250e6, time.UTC), SigningCertificates: []*x509.Certificate{sign}}},
		{"validUntil without zone is UTC", doc("2031-05-09T16:27:11", saml20, keyDescriptor("signing", signB64)),
			&samlmeta.Metadata{EntityID: "https://idp.example.com/saml", ValidUntil: time.Date(2031, 5, 9, 16, 27, 11, 0, time.UTC),
				SigningCertificates: []*x509.Certificate{sign}}},
		{"encryption keys are not signing keys; no use means both",
			doc("", "urn:oasis:names:tc:SAML:1.1:protocol "+saml20, keyDescriptor("encryption", encB64), keyDescriptor("", otherB64),
				keyDescriptor("signing", signB64)),
			&samlmeta.Metadata{EntityID: "https://idp.example.com/saml", SigningCertificates: []*x509.Certificate{other, sign}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := samlmeta.Parse(tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			tc.want.SingleSignOnServices = []samlmeta.Endpoint{{Binding: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
				Location: "https://idp.example.com/sso"}}
			if diff := cmp.Diff(tc.want, got, cmp.Comparer(func(a, b *x509.Certificate) bool { return a.Equal(b) })); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	signB64, _ := newCertificate(t, "signing")
	good := string(doc("", saml20, keyDescriptor("signing", signB64)))
	tests := []struct {
		name, doc, reason string
	}{
		{"not XML", "this is not a metadata document", "text outside the root element"},
		{"empty", "  \n", "the document has no root element"},
		{"truncated", good[:len(good)/2], "the document is not well-formed XML"},
		{"two roots", good + "<md:EntityDescriptor xmlns:md=\"" + samlmeta.NamespaceMetadata + "\"/>",
			"the document has more than one root element"},
		{"text after the root", good + "trailing", "text outside the root element"},
		{"DTD", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>` + good[strings.Index(good, "<md:Entity"):],
			"the document declares a DTD"},
		{"undefined entity", strings.Replace(good, "persistent", "&boom;", 1), "the document is not well-formed XML"},
		{"wrong root", `<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"/>`, "not a SAML 2.0 EntityDescriptor"},
		{"wrong namespace", strings.ReplaceAll(good, samlmeta.NamespaceMetadata, "urn:example"), "not a SAML 2.0 EntityDescriptor"},
		{"no entityID", strings.Replace(good, `entityID="https://idp.example.com/saml"`, `entityID=" "`, 1),
			"the EntityDescriptor has no entityID"},
		{"bad validUntil", string(doc("next tuesday", saml20, keyDescriptor("signing", signB64))), "validUntil is not an xs:dateTime"},
		{"SAML 1.1 only", string(doc("", "urn:oasis:names:tc:SAML:1.1:protocol", keyDescriptor("signing", signB64))),
			"no IDPSSODescriptor supports the SAML 2.0 protocol"},
		{"only an encryption key", string(doc("", saml20, keyDescriptor("encryption", signB64))),
			"the IDPSSODescriptor has no signing certificate"},
		{"no key", string(doc("", saml20)), "the IDPSSODescriptor has no signing certificate"},
		{"certificate not base64", string(doc("", saml20, keyDescriptor("signing", "%%%"))), "an X509Certificate is not base64"},
		{"certificate not DER", string(doc("", saml20, keyDescriptor("signing", base64.StdEncoding.EncodeToString([]byte("nope"))))),
			"an X509Certificate does not parse"},
		{"unknown key use", string(doc("", saml20, keyDescriptor("decoration", signB64))),
			`KeyDescriptor use "decoration" is neither signing nor encryption`},
		{"latin-1 declared", strings.Replace(good, "UTF-8", "ISO-8859-1", 1), "the document is not well-formed XML"},
		{"invalid UTF-8", good[:20] + "\xff" + good[20:], "the document is not UTF-8"},
		{"too deep", `<a>` + strings.Repeat("<b>", samlmeta.MaxDepth) + strings.Repeat("</b>", samlmeta.MaxDepth) + `</a>`,
			fmt.Sprintf("elements nest deeper than %d", samlmeta.MaxDepth)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := samlmeta.Parse([]byte(tc.doc))
			var e *samlmeta.Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse: %v, want a *samlmeta.Error", err)
			}
			if e.Reason != tc.reason {
				t.Errorf("reason = %q, want %q", e.Reason, tc.reason)
			}
		})
	}
}

func TestTooManyCertificates(t *testing.T) {
	t.Parallel()
	signB64, _ := newCertificate(t, "signing")
	keys := make([]string, samlmeta.MaxCertificates+1)
	for i := range keys {
		keys[i] = keyDescriptor("signing", signB64)
	}
	_, err := samlmeta.Parse(doc("", saml20, keys...))
	var e *samlmeta.Error
	if !errors.As(err, &e) || e.Reason != fmt.Sprintf("more than %d certificates", samlmeta.MaxCertificates) {
		t.Fatalf("Parse of %d certificates: %v", len(keys), err)
	}
}

func FuzzParse(f *testing.F) {
	signB64, _ := newCertificate(f, "signing")
	f.Add(doc("", saml20, keyDescriptor("signing", signB64)))
	f.Add(doc("2031-05-09T16:27:11Z", saml20, keyDescriptor("", signB64), keyDescriptor("encryption", signB64)))
	f.Add([]byte(`<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		md, err := samlmeta.Parse(data)
		if err != nil {
			var e *samlmeta.Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse returned %T, not a *samlmeta.Error", err)
			}
			return
		}
		if md.EntityID == "" || len(md.SigningCertificates) == 0 {
			t.Fatalf("accepted metadata without an entity ID or a signing certificate: %+v", md)
		}
	})
}

// BenchmarkParse measures reading a typical IdP metadata document (one signing and one
// encryption certificate, two SSO endpoints): the cost CreateSAMLProvider pays once per upload
// and AssumeRoleWithSAML pays when it reads a stored document.
func BenchmarkParse(b *testing.B) {
	signB64, _ := newCertificate(b, "signing")
	encB64, _ := newCertificate(b, "encryption")
	d := doc("2031-05-09T16:27:11Z", saml20, keyDescriptor("signing", wrap64(signB64)), keyDescriptor("encryption", wrap64(encB64)))
	b.SetBytes(int64(len(d)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := samlmeta.Parse(d); err != nil {
			b.Fatal(err)
		}
	}
}
