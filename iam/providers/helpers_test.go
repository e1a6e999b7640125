package providers_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func tag(k, v string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String(v)} }

func manyTags(from, to int) []types.Tag {
	var tags []types.Tag
	for i := from; i < to; i++ {
		tags = append(tags, tag(fmt.Sprintf("k%02d", i), fmt.Sprintf("v%d", i)))
	}
	return tags
}

var ignoreUnexported = cmpopts.IgnoreUnexported(types.Tag{}, types.ServerCertificateMetadata{}, types.ServerCertificate{},
	types.SAMLProviderListEntry{}, types.SAMLPrivateKey{}, types.OpenIDConnectProviderListEntry{})

// checkCreated compares the ARN and Tags that op (CreateSAMLProvider, …) answered with those
// wanted.
func checkCreated(t *testing.T, op, gotARN, wantARN string, gotTags, wantTags []types.Tag) {
	t.Helper()
	if gotARN != wantARN {
		t.Errorf("%s ARN = %q, want %q", op, gotARN, wantARN)
	}
	if diff := cmp.Diff(wantTags, gotTags, ignoreUnexported); diff != "" {
		t.Errorf("%s Tags (-want +got):\n%s", op, diff)
	}
}

// keyPair is a private key with its PEM encodings.
type keyPair struct {
	key crypto.Signer
	pem string // PKCS #1 for RSA, SEC 1 for ECDSA
}

func rsaKey(t testing.TB) keyPair {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return keyPair{k, string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))}
}

func ecKey(t testing.TB) keyPair {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return keyPair{k, string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}))}
}

// pkcs8 is the key's PKCS #8 PEM ("PRIVATE KEY").
func (k keyPair) pkcs8(t testing.TB) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(k.key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// cert is a certificate with its PEM and its key.
type cert struct {
	x509 *x509.Certificate
	pem  string
	key  keyPair
}

// issue makes a certificate for subject's key, signed by issuer (self-signed when issuer is
// nil), valid until notAfter; ca marks CA certificates.
func issue(t testing.TB, cn string, key keyPair, issuer *cert, notAfter time.Time, ca bool) cert {
	t.Helper()
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: cn},
		NotBefore: notAfter.AddDate(-1, 0, 0), NotAfter: notAfter, BasicConstraintsValid: true, IsCA: ca}
	if ca {
		tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature
	}
	parent, signer := tmpl, key.key
	if issuer != nil {
		parent, signer = issuer.x509, issuer.key.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.key.Public(), signer)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert{c, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})), key}
}

// selfSigned is a self-signed RSA certificate valid until notAfter.
func selfSigned(t testing.TB, cn string, notAfter time.Time) cert {
	t.Helper()
	return issue(t, cn, rsaKey(t), nil, notAfter, false)
}

// metadata is an IdP's SAML metadata document with one signing certificate; validUntil is
// left out when empty.
func metadata(t testing.TB, entityID, validUntil string) string {
	t.Helper()
	c := selfSigned(t, "idp.example.com", time.Now().AddDate(1, 0, 0))
	attr := ""
	if validUntil != "" {
		attr = ` validUntil="` + validUntil + `"`
	}
	b64 := base64.StdEncoding.EncodeToString(c.x509.Raw)
	return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="` + entityID + `"` + attr + `>
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data>
          <ds:X509Certificate>` + b64 + `</ds:X509Certificate>
        </ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/saml/sso"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/saml/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`
}

// padded makes a document at least the model's 1,000 characters long with an XML comment.
func padded(doc string) string {
	if len(doc) >= 1000 {
		return doc
	}
	return doc + "<!--" + strings.Repeat(" ", 1000-len(doc)) + "-->"
}
