package saml

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"
)

// XML namespaces of SAML 2.0 and XML Signature.
const (
	NamespaceProtocol  = "urn:oasis:names:tc:SAML:2.0:protocol"
	NamespaceAssertion = "urn:oasis:names:tc:SAML:2.0:assertion"
	NamespaceDSig      = "http://www.w3.org/2000/09/xmldsig#"
	statusSuccess      = "urn:oasis:names:tc:SAML:2.0:status:Success"
)

// Limits. AWS caps SAMLAssertion at 100,000 characters (the STS model's SAMLAssertionType);
// depth bounds the work of a hostile document.
const (
	MaxResponseChars = 100000
	MaxDepth         = 64
	// ClockSkew is how far outside its NotBefore/NotOnOrAfter windows an assertion is still
	// accepted: the five minutes AWS allows web identity tokens.
	ClockSkew = 5 * time.Minute
)

// Provider is what verification needs of an IAM SAML provider's metadata.
type Provider struct {
	EntityID     string
	Certificates []*x509.Certificate // the IdP's signing certificates
}

// Verifier verifies responses. The zero value uses the system clock and accepts AWS's audiences.
type Verifier struct {
	Now func() time.Time
	// Audiences are further Recipient/Audience values accepted besides AWS's sign-in endpoints
	// (a Gatehouse deployment's own SAML endpoint, say).
	Audiences []string
}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now().UTC()
	}
	return time.Now().UTC()
}

// Verify decodes a base64 SAML Response, verifies its signature with p's certificates, and reads
// the verified assertion. Failures are *Error.
func (v *Verifier) Verify(response string, p Provider) (*Assertion, error) {
	root, err := parse(response)
	if err != nil {
		return nil, err
	}
	now := v.now()
	ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: p.Certificates})
	ctx.Clock = dsig.NewFakeClockAt(now)

	var assertion, resp *etree.Element
	if child(root, NamespaceDSig, "Signature") != nil {
		if resp, err = validate(ctx, root); err != nil {
			return nil, err
		}
		if assertion, err = single(resp); err != nil {
			return nil, err
		}
	} else {
		unsigned, err := single(root)
		if err != nil {
			return nil, err
		}
		if child(unsigned, NamespaceDSig, "Signature") == nil {
			return nil, invalid(MsgNotSigned, "", nil)
		}
		if assertion, err = validate(ctx, unsigned); err != nil {
			return nil, err
		}
		resp = root
	}
	if code := statusCode(resp); code != statusSuccess {
		return nil, &Error{Code: CodeIDPRejectedClaim, Message: MsgRejected, Reason: "status " + printable(code)}
	}
	return v.read(assertion, p, now)
}

// validate verifies el's enveloped signature and returns the verified copy, the only thing read
// afterwards. el is detached with the namespace declarations in scope, so an assertion verifies
// the same inside its response as alone.
func validate(ctx *dsig.ValidationContext, el *etree.Element) (*etree.Element, error) {
	nsctx, err := etreeutils.NSBuildParentContext(el)
	if err != nil {
		return nil, invalid(MsgInvalid, "namespaces", err)
	}
	detached, err := etreeutils.NSDetatch(nsctx, el)
	if err != nil {
		return nil, invalid(MsgInvalid, "namespaces", err)
	}
	verified, err := ctx.Validate(detached)
	if err != nil {
		return nil, invalid(MsgSignature, "", err)
	}
	return verified, nil
}

// single is the response's one Assertion; none, several, or an EncryptedAssertion are refused.
func single(resp *etree.Element) (*etree.Element, error) {
	if child(resp, NamespaceAssertion, "EncryptedAssertion") != nil {
		return nil, invalid(MsgInvalid, "encrypted assertions are not supported", nil)
	}
	as := children(resp, NamespaceAssertion, "Assertion")
	if len(as) != 1 {
		return nil, invalid(MsgInvalid, "the response must carry exactly one Assertion", nil)
	}
	return as[0], nil
}

func statusCode(resp *etree.Element) string {
	if st := child(resp, NamespaceProtocol, "Status"); st != nil {
		if sc := child(st, NamespaceProtocol, "StatusCode"); sc != nil {
			return sc.SelectAttrValue("Value", "")
		}
	}
	return ""
}

// parse decodes the base64 response and parses it after checking its shape: UTF-8 XML with one
// root, no DTD, nesting at most MaxDepth; the root a samlp:Response.
func parse(response string) (*etree.Element, error) {
	if len(response) > MaxResponseChars {
		return nil, invalid(MsgInvalid, "longer than 100000 characters", nil)
	}
	clean := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, response)
	raw, err := base64.StdEncoding.DecodeString(clean)
	if err != nil {
		return nil, invalid(MsgInvalid, "not base64", err)
	}
	if err := checkShape(raw); err != nil {
		return nil, invalid(MsgInvalid, "not a well-formed XML document", err)
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(raw); err != nil {
		return nil, invalid(MsgInvalid, "not XML", err)
	}
	root := doc.Root()
	if root == nil || root.Tag != "Response" || root.NamespaceURI() != NamespaceProtocol {
		return nil, invalid(MsgInvalid, "the root is not a samlp:Response", nil)
	}
	return root, nil
}

func checkShape(raw []byte) error {
	d := xml.NewDecoder(bytes.NewReader(raw))
	d.Strict = true
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			if depth++; depth > MaxDepth || roots > 1 {
				return errors.New("too deep, or more than one root")
			}
		case xml.EndElement:
			depth--
		case xml.Directive:
			return errors.New("a DTD")
		}
	}
	if roots != 1 {
		return errors.New("no root element")
	}
	return nil
}

func children(el *etree.Element, ns, tag string) []*etree.Element {
	var out []*etree.Element
	for _, c := range el.ChildElements() {
		if c.Tag == tag && c.NamespaceURI() == ns {
			out = append(out, c)
		}
	}
	return out
}

func child(el *etree.Element, ns, tag string) *etree.Element {
	if el == nil {
		return nil
	}
	for _, c := range el.ChildElements() {
		if c.Tag == tag && c.NamespaceURI() == ns {
			return c
		}
	}
	return nil
}

func printable(s string) string {
	b := []byte(s)
	if len(b) > 128 {
		b = append(b[:128], "..."...)
	}
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '?'
		}
	}
	return string(b)
}
