package fedtest

import (
	"cmp"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// SAMLIdP is a test SAML 2.0 identity provider: an RSA signing key and certificate, its
// metadata document, and responses signed by xmlsec1 (a real XML-DSig implementation).
type SAMLIdP struct {
	EntityID string
	Cert     *x509.Certificate

	xmlsec  string
	dir     string
	keyFile string
}

// NewSAMLIdP makes an IdP with entity ID entityID; the test is skipped (or fails under CI)
// without xmlsec1.
func NewSAMLIdP(t testing.TB, entityID string) *SAMLIdP {
	t.Helper()
	bin := Tool(t, "xmlsec1")
	dir := t.TempDir()
	leaf := NewRootCA(t, "SAML IdP CA").Issue(t, Options{RSA: true, Subject: pkix.Name{CommonName: "idp.example.com"}})
	keyFile := filepath.Join(dir, "idp.key")
	if err := os.WriteFile(keyFile, KeyPEM(t, leaf.Key), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile+".crt", PEM(leaf.Cert), 0o600); err != nil {
		t.Fatal(err)
	}
	return &SAMLIdP{EntityID: entityID, Cert: leaf.Cert, xmlsec: bin, dir: dir, keyFile: keyFile}
}

// Metadata is the IdP's metadata document, as uploaded with CreateSAMLProvider.
func (p *SAMLIdP) Metadata() string {
	return `<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="` + p.EntityID + `">` +
		`<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
		`<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>` +
		base64.StdEncoding.EncodeToString(p.Cert.Raw) + `</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
		`<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>` +
		`</md:IDPSSODescriptor></md:EntityDescriptor>`
}

// Assertion shapes a response.
type Assertion struct {
	// Roles are the Role attribute's values ("ROLE_ARN,PROVIDER_ARN").
	Roles       []string
	SessionName string
	Subject     string // a persistent NameID
	// Expires ends the assertion's windows; zero means ten minutes from now.
	Expires time.Time
	// Status is the response's top-level status code; "" means success
	// (urn:oasis:names:tc:SAML:2.0:status:Success).
	Status string
	// Attributes are further attributes by Name (PrincipalTag:…, SourceIdentity, eduPerson…).
	Attributes map[string][]string
}

// Response is a base64 SAML Response carrying a, its assertion signed by the IdP.
func (p *SAMLIdP) Response(t testing.TB, a Assertion) string {
	t.Helper()
	return base64.StdEncoding.EncodeToString([]byte(p.sign(t, p.document(a, "_a1", true))))
}

// Wrapped is a signature-wrapping forgery: a's assertion, signed, follows a forged unsigned
// assertion carrying forged's content under the same ID.
func (p *SAMLIdP) Wrapped(t testing.TB, a, forged Assertion) string {
	t.Helper()
	signed := p.sign(t, p.document(a, "_a1", true))
	fake := p.document(forged, "_a1", false)
	start := strings.Index(fake, "<saml:Assertion")
	end := strings.Index(fake, "</saml:Assertion>") + len("</saml:Assertion>")
	i := strings.Index(signed, "<saml:Assertion")
	return base64.StdEncoding.EncodeToString([]byte(signed[:i] + fake[start:end] + signed[i:]))
}

func (p *SAMLIdP) document(a Assertion, id string, signed bool) string {
	now := time.Now().UTC()
	exp := a.Expires
	if exp.IsZero() {
		exp = now.Add(10 * time.Minute)
	}
	ts := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
	sig := ""
	if signed {
		sig = samlSignature(id)
	}
	attrs := map[string][]string{"https://aws.amazon.com/SAML/Attributes/Role": a.Roles,
		"https://aws.amazon.com/SAML/Attributes/RoleSessionName": {a.SessionName}}
	for k, v := range a.Attributes {
		attrs[k] = v
	}
	var b strings.Builder
	for name, vals := range attrs {
		b.WriteString(`<saml:Attribute Name="` + name + `">`)
		for _, v := range vals {
			b.WriteString(`<saml:AttributeValue>` + v + `</saml:AttributeValue>`)
		}
		b.WriteString(`</saml:Attribute>`)
	}
	assertion := `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="` + id + `" Version="2.0" IssueInstant="` + ts(now) + `">` +
		`<saml:Issuer>` + p.EntityID + `</saml:Issuer>` + sig +
		`<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">` + a.Subject + `</saml:NameID>` +
		`<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="` +
		ts(exp) + `" Recipient="https://signin.aws.amazon.com/saml"/></saml:SubjectConfirmation></saml:Subject>` +
		`<saml:Conditions NotBefore="` + ts(now.Add(-time.Minute)) + `" NotOnOrAfter="` + ts(exp) + `">` +
		`<saml:AudienceRestriction><saml:Audience>https://signin.aws.amazon.com/saml</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
		`<saml:AuthnStatement AuthnInstant="` + ts(now) + `"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
		`<saml:AttributeStatement>` + b.String() + `</saml:AttributeStatement></saml:Assertion>`
	return `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0" IssueInstant="` + ts(now) +
		`" Destination="https://signin.aws.amazon.com/saml"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">` + p.EntityID +
		`</saml:Issuer><samlp:Status><samlp:StatusCode Value="` + cmp.Or(a.Status, "urn:oasis:names:tc:SAML:2.0:status:Success") + `"/></samlp:Status>` +
		assertion + `</samlp:Response>`
}

// sign has xmlsec1 fill in the assertion's signature template.
func (p *SAMLIdP) sign(t testing.TB, doc string) string {
	t.Helper()
	in, out := filepath.Join(p.dir, "in.xml"), filepath.Join(p.dir, "out.xml")
	if err := os.WriteFile(in, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(p.xmlsec, "--sign", "--privkey-pem", p.keyFile+","+p.keyFile+".crt",
		"--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", "--output", out, in)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xmlsec1: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// samlSignature is an enveloped RSA-SHA256 signature template over the element with ID id.
func samlSignature(id string) string {
	return `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>` +
		`<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>` +
		`<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>` +
		`<ds:Reference URI="#` + id + `"><ds:Transforms>` +
		`<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>` +
		`<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>` +
		`<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>` +
		`</ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>`
}
