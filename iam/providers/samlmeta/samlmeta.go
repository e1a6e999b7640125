package samlmeta

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// XML namespaces of SAML 2.0 metadata (saml-metadata-2.0-os) and XML Signature.
const (
	NamespaceMetadata = "urn:oasis:names:tc:SAML:2.0:metadata"
	NamespaceDSig     = "http://www.w3.org/2000/09/xmldsig#"
	// ProtocolSAML20 is the protocolSupportEnumeration value of a SAML 2.0 role.
	ProtocolSAML20 = "urn:oasis:names:tc:SAML:2.0:protocol"
)

// Limits on what a document may hold, beyond the size the IAM model caps it at
// (SAMLMetadataDocumentType: 10,000,000 characters). They bound the work of a hostile document.
const (
	// MaxDepth bounds element nesting; real IdP metadata nests fewer than 10 levels.
	MaxDepth = 64
	// MaxCertificates bounds the X.509 certificates parsed from one document.
	MaxCertificates = 100
)

// Metadata is what a SAML IdP's metadata document says that AWS uses.
type Metadata struct {
	// EntityID is the IdP's entity ID: the Issuer of its SAML responses.
	EntityID string
	// ValidUntil is the EntityDescriptor's validUntil attribute; zero when absent.
	ValidUntil time.Time
	// SigningCertificates are the certificates of the IDPSSODescriptor's signing keys (those
	// with use="signing" or no use), in document order.
	SigningCertificates []*x509.Certificate
	// SingleSignOnServices are the IdP's SSO endpoints.
	SingleSignOnServices []Endpoint
}

// Endpoint is a SAML endpoint: a protocol binding and a location.
type Endpoint struct {
	Binding  string
	Location string
}

// Error is why a document was rejected.
type Error struct {
	Reason string
	Err    error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return "samlmeta: " + e.Reason + ": " + e.Err.Error()
	}
	return "samlmeta: " + e.Reason
}

func (e *Error) Unwrap() error { return e.Err }

func fail(reason string, err error) *Error { return &Error{Reason: reason, Err: err} }

type entityDescriptor struct {
	XMLName    xml.Name           `xml:"urn:oasis:names:tc:SAML:2.0:metadata EntityDescriptor"`
	EntityID   string             `xml:"entityID,attr"`
	ValidUntil string             `xml:"validUntil,attr"`
	IDPSSO     []idpSSODescriptor `xml:"urn:oasis:names:tc:SAML:2.0:metadata IDPSSODescriptor"`
}

type idpSSODescriptor struct {
	Protocols string          `xml:"protocolSupportEnumeration,attr"`
	Keys      []keyDescriptor `xml:"urn:oasis:names:tc:SAML:2.0:metadata KeyDescriptor"`
	SSO       []endpoint      `xml:"urn:oasis:names:tc:SAML:2.0:metadata SingleSignOnService"`
}

type keyDescriptor struct {
	Use     string  `xml:"use,attr"`
	KeyInfo keyInfo `xml:"http://www.w3.org/2000/09/xmldsig# KeyInfo"`
}

type keyInfo struct {
	X509Data []x509Data `xml:"http://www.w3.org/2000/09/xmldsig# X509Data"`
}

type x509Data struct {
	Certificates []string `xml:"http://www.w3.org/2000/09/xmldsig# X509Certificate"`
}

type endpoint struct {
	Binding  string `xml:"Binding,attr"`
	Location string `xml:"Location,attr"`
}

// Parse reads a metadata document and checks what AWS requires of one: well-formed XML whose
// single root is a SAML 2.0 EntityDescriptor with an entityID, an IDPSSODescriptor supporting
// the SAML 2.0 protocol, and at least one signing key given as an X.509 certificate that
// parses; a validUntil, when present, must be an xs:dateTime.
func Parse(doc []byte) (*Metadata, error) {
	if !utf8.Valid(doc) {
		return nil, fail("the document is not UTF-8", nil)
	}
	if err := checkShape(doc); err != nil {
		return nil, err
	}
	var ed entityDescriptor
	d := newDecoder(doc)
	if err := d.Decode(&ed); err != nil {
		return nil, fail("not a SAML 2.0 EntityDescriptor", err)
	}
	md := &Metadata{EntityID: strings.TrimSpace(ed.EntityID)}
	if md.EntityID == "" {
		return nil, fail("the EntityDescriptor has no entityID", nil)
	}
	if ed.ValidUntil != "" {
		t, err := parseDateTime(ed.ValidUntil)
		if err != nil {
			return nil, fail("validUntil is not an xs:dateTime", err)
		}
		md.ValidUntil = t
	}
	var idp *idpSSODescriptor
	for i := range ed.IDPSSO {
		if hasToken(ed.IDPSSO[i].Protocols, ProtocolSAML20) {
			idp = &ed.IDPSSO[i]
			break
		}
	}
	if idp == nil {
		return nil, fail("no IDPSSODescriptor supports the SAML 2.0 protocol", nil)
	}
	count := 0
	for _, k := range idp.Keys {
		if k.Use != "" && k.Use != "signing" && k.Use != "encryption" {
			return nil, fail(fmt.Sprintf("KeyDescriptor use %q is neither signing nor encryption", k.Use), nil)
		}
		for _, xd := range k.KeyInfo.X509Data {
			for _, c := range xd.Certificates {
				if count++; count > MaxCertificates {
					return nil, fail(fmt.Sprintf("more than %d certificates", MaxCertificates), nil)
				}
				cert, err := parseCertificate(c)
				if err != nil {
					return nil, err
				}
				if k.Use != "encryption" {
					md.SigningCertificates = append(md.SigningCertificates, cert)
				}
			}
		}
	}
	if len(md.SigningCertificates) == 0 {
		return nil, fail("the IDPSSODescriptor has no signing certificate", nil)
	}
	for _, e := range idp.SSO {
		md.SingleSignOnServices = append(md.SingleSignOnServices, Endpoint{Binding: e.Binding, Location: e.Location})
	}
	return md, nil
}

// checkShape walks the document's tokens once: it must be well formed, have exactly one root
// element and nothing but whitespace, comments and processing instructions around it, declare
// no DTD (no entity tricks), and nest at most MaxDepth deep.
func checkShape(doc []byte) error {
	d := newDecoder(doc)
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fail("the document is not well-formed XML", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				if roots++; roots > 1 {
					return fail("the document has more than one root element", nil)
				}
			}
			if depth++; depth > MaxDepth {
				return fail(fmt.Sprintf("elements nest deeper than %d", MaxDepth), nil)
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return fail("text outside the root element", nil)
			}
		case xml.Directive:
			return fail("the document declares a DTD", nil)
		}
	}
	if roots == 0 {
		return fail("the document has no root element", nil)
	}
	return nil
}

func newDecoder(doc []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	d.CharsetReader = func(charset string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return r, nil
		}
		return nil, fmt.Errorf("unsupported encoding %q", charset)
	}
	return d
}

// parseCertificate decodes the base64 of a ds:X509Certificate (line breaks and spaces allowed,
// as in every IdP's metadata) and parses the DER certificate.
func parseCertificate(text string) (*x509.Certificate, error) {
	clean := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n':
			return -1
		}
		return r
	}, text)
	der, err := base64.StdEncoding.DecodeString(clean)
	if err != nil {
		return nil, fail("an X509Certificate is not base64", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fail("an X509Certificate does not parse", err)
	}
	return cert, nil
}

// parseDateTime parses an xs:dateTime; one without a time zone is taken as UTC, as SAML
// requires times to be UTC (saml-core-2.0-os, 1.3.3).
func parseDateTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	return time.ParseInLocation("2006-01-02T15:04:05.999999999", s, time.UTC)
}

func hasToken(list, token string) bool {
	for _, f := range strings.Fields(list) {
		if f == token {
			return true
		}
	}
	return false
}
