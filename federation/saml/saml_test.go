package saml_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/federation/saml"
	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
)

const (
	entityID    = "https://idp.example.com/realms/corp"
	roleARN     = "arn:aws:iam::111122223333:role/SAMLAdmin"
	providerARN = "arn:aws:iam::111122223333:saml-provider/Keycloak"
)

var now = time.Now().UTC().Truncate(time.Second)

// idp is a test identity provider: a signing key and certificate, and xmlsec1 to sign with.
type idp struct {
	t       testing.TB
	xmlsec  string
	dir     string
	cert    *x509.Certificate
	keyFile string
}

func newIdP(t testing.TB) *idp {
	bin := fedtest.Tool(t, "xmlsec1")
	dir := t.TempDir()
	leaf := fedtest.NewRootCA(t, "IdP CA").Issue(t, fedtest.Options{RSA: true, Subject: pkix.Name{CommonName: "idp.example.com"}})
	keyFile := filepath.Join(dir, "idp.key")
	os.WriteFile(keyFile, fedtest.KeyPEM(t, leaf.Key), 0o600)
	os.WriteFile(keyFile+".crt", fedtest.PEM(leaf.Cert), 0o600)
	return &idp{t: t, xmlsec: bin, dir: dir, cert: leaf.Cert, keyFile: keyFile}
}

func (p *idp) provider() saml.Provider {
	return saml.Provider{EntityID: entityID, Certificates: []*x509.Certificate{p.cert}}
}

// sign runs xmlsec1 on doc, signing the element of the given type (Assertion or Response) whose
// Signature template doc carries.
func (p *idp) sign(doc, element string) string {
	p.t.Helper()
	in := filepath.Join(p.dir, "in.xml")
	out := filepath.Join(p.dir, "out.xml")
	os.WriteFile(in, []byte(doc), 0o600)
	ns := map[string]string{"Assertion": "urn:oasis:names:tc:SAML:2.0:assertion", "Response": "urn:oasis:names:tc:SAML:2.0:protocol"}[element]
	cmd := exec.Command(p.xmlsec, "--sign", "--privkey-pem", p.keyFile+","+p.keyFile+".crt",
		"--id-attr:ID", ns+":"+element, "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", "--output", out, in)
	if b, err := cmd.CombinedOutput(); err != nil {
		p.t.Fatalf("xmlsec1: %v\n%s", err, b)
	}
	b, _ := os.ReadFile(out)
	return string(b)
}

func sigTemplate(id string) string {
	return `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>` +
		`<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>` +
		`<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>` +
		`<ds:Reference URI="#` + id + `"><ds:Transforms>` +
		`<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>` +
		`<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>` +
		`<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>` +
		`</ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>`
}

// params shape a response.
type params struct {
	issuer, recipient, audience, status, sessionName, assertionID string
	notBefore, notOnOrAfter, confirmEnd                           time.Time
	signAssertion, signResponse                                   bool
	extraAttrs                                                    string
}

func defaults() params {
	return params{issuer: entityID, recipient: "https://signin.aws.amazon.com/saml", audience: "urn:amazon:webservices",
		status: "urn:oasis:names:tc:SAML:2.0:status:Success", sessionName: "alice@example.com", assertionID: "_a1",
		notBefore: now.Add(-time.Minute), notOnOrAfter: now.Add(10 * time.Minute), confirmEnd: now.Add(5 * time.Minute),
		signAssertion: true}
}

func ts(t time.Time) string { return t.Format("2006-01-02T15:04:05Z") }

func attr(name string, vals ...string) string {
	s := `<saml:Attribute Name="` + name + `">`
	for _, v := range vals {
		s += `<saml:AttributeValue>` + v + `</saml:AttributeValue>`
	}
	return s + `</saml:Attribute>`
}

func (p params) assertion() string {
	sig := ""
	if p.signAssertion {
		sig = sigTemplate(p.assertionID)
	}
	return `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="` + p.assertionID + `" Version="2.0" IssueInstant="` + ts(now) + `">` +
		`<saml:Issuer>` + p.issuer + `</saml:Issuer>` + sig +
		`<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">alice-1234</saml:NameID>` +
		`<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="` +
		ts(p.confirmEnd) + `" Recipient="` + p.recipient + `"/></saml:SubjectConfirmation></saml:Subject>` +
		`<saml:Conditions NotBefore="` + ts(p.notBefore) + `" NotOnOrAfter="` + ts(p.notOnOrAfter) + `">` +
		`<saml:AudienceRestriction><saml:Audience>` + p.audience + `</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
		`<saml:AttributeStatement>` +
		attr(saml.AttrRole, providerARN+","+roleARN, "arn:aws:iam::111122223333:role/ReadOnly,"+providerARN) +
		attr(saml.AttrRoleSessionName, p.sessionName) + attr(saml.AttrSessionDuration, "7200") +
		attr(saml.AttrSourceIdentity, "alice") + attr(saml.AttrPrincipalTag+"Project", "Unicorn") +
		attr(saml.AttrPrincipalTag+"CostCenter", "987654") + attr(saml.AttrTransitiveTagKeys, "Project") +
		attr("urn:oid:1.3.6.1.4.1.5923.1.1.1.1", "staff", "member") + attr("urn:oid:0.9.2342.19200300.100.1.3", "alice@example.com") +
		p.extraAttrs + `</saml:AttributeStatement></saml:Assertion>`
}

func (p params) response(body string) string {
	sig := ""
	if p.signResponse {
		sig = sigTemplate("_r1")
	}
	return `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0" IssueInstant="` + ts(now) +
		`" Destination="` + p.recipient + `"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">` + p.issuer + `</saml:Issuer>` + sig +
		`<samlp:Status><samlp:StatusCode Value="` + p.status + `"/></samlp:Status>` + body + `</samlp:Response>`
}

// build makes a signed response as p says, signing the assertion first and the response second.
func (d *idp) build(p params) string {
	signResponse := p.signResponse
	p.signResponse = false
	doc := p.response(p.assertion())
	if p.signAssertion {
		doc = d.sign(doc, "Assertion")
	}
	if signResponse { // the response's template goes after its Issuer, the first in the document
		i := strings.Index(doc, "</saml:Issuer>") + len("</saml:Issuer>")
		doc = d.sign(doc[:i]+sigTemplate("_r1")+doc[i:], "Response")
	}
	return doc
}

func enc(doc string) string { return base64.StdEncoding.EncodeToString([]byte(doc)) }

func verifier() *saml.Verifier { return &saml.Verifier{Now: func() time.Time { return now }} }

func wantErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	var e *saml.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not a *saml.Error", err)
	}
	if e.Code != code || (msg != "" && e.Message != msg) {
		t.Fatalf("got %s %q (%v), want %s %q", e.Code, e.Message, e, code, msg)
	}
}

func TestSignedResponses(t *testing.T) {
	t.Parallel()
	d := newIdP(t)
	for _, tc := range []struct {
		name                string
		assertion, response bool
	}{{"assertion signed", true, false}, {"response signed", false, true}, {"both signed", true, true}} {
		p := defaults()
		p.signAssertion, p.signResponse = tc.assertion, tc.response
		a, err := verifier().Verify(enc(d.build(p)), d.provider())
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if a.Issuer != entityID || a.Subject != "alice-1234" || a.SubjectType != "persistent" ||
			a.Recipient != "https://signin.aws.amazon.com/saml" || a.RoleSessionName != "alice@example.com" ||
			a.SessionDuration != 7200 || a.SourceIdentity != "alice" || a.PrincipalTags["Project"] != "Unicorn" ||
			a.PrincipalTags["CostCenter"] != "987654" || fmt.Sprint(a.TransitiveTagKeys) != "[Project]" {
			t.Errorf("%s: assertion = %+v", tc.name, a)
		}
		if !a.HasRole(roleARN, providerARN) || !a.HasRole("arn:aws:iam::111122223333:role/ReadOnly", providerARN) ||
			a.HasRole("arn:aws:iam::111122223333:role/Other", providerARN) {
			t.Errorf("%s: roles = %v", tc.name, a.Roles)
		}
	}
}

func TestConditionKeys(t *testing.T) {
	t.Parallel()
	d := newIdP(t)
	a, err := verifier().Verify(enc(d.build(defaults())), d.provider())
	if err != nil {
		t.Fatal(err)
	}
	keys := a.ConditionKeys("111122223333", "Keycloak")
	want := map[string]string{
		"saml:aud": "https://signin.aws.amazon.com/saml", "saml:iss": entityID, "saml:sub": "alice-1234",
		"saml:sub_type": "persistent", "saml:doc": "111122223333/Keycloak", "saml:mail": "alice@example.com",
		"saml:namequalifier": saml.NameQualifier(entityID, "111122223333", "Keycloak"),
	}
	for k, v := range want {
		if len(keys[k]) != 1 || keys[k][0] != v {
			t.Errorf("%s = %v, want %q", k, keys[k], v)
		}
	}
	if fmt.Sprint(keys["saml:edupersonaffiliation"]) != "[staff member]" {
		t.Errorf("saml:edupersonaffiliation = %v", keys["saml:edupersonaffiliation"])
	}
}

// TestNameQualifier pins the hash to AWS's pseudocode:
// BASE64 ( SHA1 ( "https://example.com/saml" + "123456789012" + "/MySAMLIdP" ) ).
func TestNameQualifier(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("sh", "-c", `printf '%s' "https://example.com/saml123456789012/MySAMLIdP" | openssl dgst -sha1 -binary | base64`).Output()
	if err != nil {
		t.Skipf("SKIPPED: openssl not available: %v", err)
	}
	if got := saml.NameQualifier("https://example.com/saml", "123456789012", "MySAMLIdP"); got != strings.TrimSpace(string(out)) {
		t.Fatalf("NameQualifier = %s, openssl says %s", got, out)
	}
}

func TestRefused(t *testing.T) {
	t.Parallel()
	d := newIdP(t)
	v := verifier()
	good := d.build(defaults())

	unsigned := defaults()
	unsigned.signAssertion = false
	_, err := v.Verify(enc(d.build(unsigned)), d.provider())
	wantErr(t, err, saml.CodeInvalidIdentityToken, saml.MsgNotSigned)

	tampered := strings.Replace(good, "arn:aws:iam::111122223333:role/ReadOnly", "arn:aws:iam::111122223333:role/Admin", 1)
	_, err = v.Verify(enc(tampered), d.provider())
	wantErr(t, err, saml.CodeInvalidIdentityToken, saml.MsgSignature)

	rogue := newIdP(t)
	_, err = v.Verify(enc(rogue.build(defaults())), d.provider())
	wantErr(t, err, saml.CodeInvalidIdentityToken, saml.MsgSignature)

	cases := []struct {
		name string
		mod  func(*params)
		code string
		msg  string
	}{
		{"other issuer", func(p *params) { p.issuer = "https://evil.example.com" }, saml.CodeInvalidIdentityToken, saml.MsgIssuer},
		{"conditions expired", func(p *params) { p.notOnOrAfter = now.Add(-10 * time.Minute) }, saml.CodeExpiredToken, saml.MsgExpired},
		{"confirmation expired", func(p *params) { p.confirmEnd = now.Add(-10 * time.Minute) }, saml.CodeExpiredToken, saml.MsgExpired},
		{"not yet valid", func(p *params) { p.notBefore = now.Add(10 * time.Minute) }, saml.CodeExpiredToken, saml.MsgExpired},
		{"other audience", func(p *params) { p.audience = "https://sp.example.com" }, saml.CodeInvalidIdentityToken, saml.MsgAudience},
		{"other recipient", func(p *params) { p.recipient = "https://sp.example.com/acs" }, saml.CodeInvalidIdentityToken, saml.MsgRecipient},
		{"no session name", func(p *params) { p.sessionName = "a b" }, saml.CodeInvalidIdentityToken, saml.MsgSessionName},
		{"failure status", func(p *params) {
			p.status = "urn:oasis:names:tc:SAML:2.0:status:Responder"
			p.signResponse = true
		}, saml.CodeIDPRejectedClaim, saml.MsgRejected},
	}
	for _, tc := range cases {
		p := defaults()
		tc.mod(&p)
		_, err := v.Verify(enc(d.build(p)), d.provider())
		wantErr(t, err, tc.code, tc.msg)
	}
	regional := defaults()
	regional.recipient, regional.audience = "https://eu-west-1.signin.aws.amazon.com/saml", "https://eu-west-1.signin.aws.amazon.com/saml"
	if _, err := v.Verify(enc(d.build(regional)), d.provider()); err != nil {
		t.Errorf("regional endpoint: %v", err)
	}
	dtd := `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]>` + good[strings.Index(good, "<samlp:Response"):]
	_, err = v.Verify(enc(dtd), d.provider())
	wantErr(t, err, saml.CodeInvalidIdentityToken, saml.MsgInvalid)
}

// TestSignatureWrapping: the signed assertion's content is smuggled next to a forged one in the
// known XML signature wrapping shapes; each is refused, and nothing of the forgery is read.
func TestSignatureWrapping(t *testing.T) {
	t.Parallel()
	d := newIdP(t)
	v := verifier()
	good := d.build(defaults())
	start := strings.Index(good, "<saml:Assertion")
	end := strings.Index(good, "</saml:Assertion>") + len("</saml:Assertion>")
	signed := good[start:end]
	forgedP := defaults()
	forgedP.signAssertion = false
	forgedP.sessionName = "mallory"
	forged := forgedP.assertion()
	sigStart := strings.Index(signed, "<ds:Signature")
	sigEnd := strings.Index(signed, "</ds:Signature>") + len("</ds:Signature>")
	signature := signed[sigStart:sigEnd]
	withSig := func(a string) string { // the forged assertion carrying the copied signature
		i := strings.Index(a, "</saml:Issuer>") + len("</saml:Issuer>")
		return a[:i] + signature + a[i:]
	}
	shapes := map[string]string{
		"forged first, signed second": good[:start] + forged + signed + good[end:],
		"signed first, forged second": good[:start] + signed + forged + good[end:],
		"signed inside the forged one's Advice": good[:start] + strings.Replace(withSig(forged), "<saml:Conditions",
			"<saml:Advice>"+signed+"</saml:Advice><saml:Conditions", 1) + good[end:],
		"forged with the copied signature":      good[:start] + withSig(forged) + good[end:],
		"forged with the same ID and signature": good[:start] + strings.Replace(withSig(forged), `ID="_a1"`, `ID="_a1"`, 1) + good[end:],
		"signed inside the response Extensions": good[:start] + strings.Replace(forged, "", "", 1) + good[end:] +
			"", // replaced below
	}
	shapes["signed inside the response Extensions"] = strings.Replace(good[:start], "<samlp:Status>",
		"<samlp:Extensions>"+signed+"</samlp:Extensions><samlp:Status>", 1) + withSig(forged) + good[end:]
	for name, doc := range shapes {
		a, err := v.Verify(enc(doc), d.provider())
		if err == nil {
			t.Errorf("%s: accepted (session %q)", name, a.RoleSessionName)
			continue
		}
		wantErr(t, err, saml.CodeInvalidIdentityToken, "")
	}
	// A response-signed document with a forged assertion added is refused too.
	p := defaults()
	p.signAssertion, p.signResponse = false, true
	resp := d.build(p)
	i := strings.Index(resp, "<saml:Assertion")
	_, err := v.Verify(enc(resp[:i]+forged+resp[i:]), d.provider())
	wantErr(t, err, saml.CodeInvalidIdentityToken, "")
}
