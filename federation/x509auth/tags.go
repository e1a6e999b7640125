package x509auth

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"net/http"
	"slices"
	"strings"
)

// Certificate fields an attribute mapping reads (AttributeMapping.certificateField).
const (
	FieldSubject = "x509Subject"
	FieldIssuer  = "x509Issuer"
	FieldSAN     = "x509SAN"
)

// Mapping is one of a profile's attribute mappings: a certificate field and the specifiers
// (mappingRules) of the attributes taken from it. "*" takes every supported attribute of a
// name; for x509SAN the specifiers are DNS, URI and Name/<RDN> (Name/* for every RDN of the
// first directory name).
type Mapping struct {
	Field      string
	Specifiers []string
}

// DefaultMappings are a profile's mappings when none are set (IAM Roles Anywhere User Guide,
// "Default mapping behavior").
var DefaultMappings = []Mapping{
	{Field: FieldSubject, Specifiers: []string{"*"}},
	{Field: FieldIssuer, Specifiers: []string{"*"}},
	{Field: FieldSAN, Specifiers: []string{"DNS", "URI", "Name/*"}},
}

// rdnNames are the relative distinguished names a name maps, by short name.
var rdnNames = []struct {
	short string
	oid   asn1.ObjectIdentifier
}{
	{"C", asn1.ObjectIdentifier{2, 5, 4, 6}},
	{"O", asn1.ObjectIdentifier{2, 5, 4, 10}},
	{"OU", asn1.ObjectIdentifier{2, 5, 4, 11}},
	{"ST", asn1.ObjectIdentifier{2, 5, 4, 8}},
	{"L", asn1.ObjectIdentifier{2, 5, 4, 7}},
	{"CN", asn1.ObjectIdentifier{2, 5, 4, 3}},
	{"UID", asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1}},
	{"DC", asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 25}},
	{"emailAddress", asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}},
	{"serialNumber", asn1.ObjectIdentifier{2, 5, 4, 5}},
}

// Limits of an STS session tag (IAM User Guide, "Passing session tags in AWS STS").
const (
	maxTagKey   = 128
	maxTagValue = 256
)

// SessionTags are the principal tags a session gets from cert under mappings (DefaultMappings
// when nil), keyed as the trust policy tests them without the aws:PrincipalTag/ prefix:
// "x509Subject/CN", "x509Issuer/O", "x509SAN/DNS", "x509SAN/Name/CN". A name attribute that
// occurs more than once maps its first value. A value STS cannot carry as a tag (over 256
// characters, or characters outside letters, digits, spaces and _ . : / = + - @) fails the whole
// request, as on AWS, with a ValidationException naming the attributes.
func SessionTags(cert *x509.Certificate, mappings []Mapping) (map[string]string, error) {
	if mappings == nil {
		mappings = DefaultMappings
	}
	tags := map[string]string{}
	var bad []string
	put := func(key, val string) {
		if _, dup := tags[key]; dup || val == "" {
			return
		}
		if len(key) > maxTagKey || len(val) > maxTagValue || !tagValueOK(val) {
			bad = append(bad, key)
			return
		}
		tags[key] = val
	}
	for _, m := range mappings {
		switch m.Field {
		case FieldSubject:
			mapName(cert.Subject, FieldSubject+"/", m.Specifiers, put)
		case FieldIssuer:
			mapName(cert.Issuer, FieldIssuer+"/", m.Specifiers, put)
		case FieldSAN:
			mapSAN(cert, m.Specifiers, put)
		}
	}
	if len(bad) > 0 {
		slices.Sort(bad)
		return nil, &Error{Code: CodeValidation, Status: http.StatusBadRequest,
			Message: msgTagsPrefix + "[" + strings.Join(bad, ", ") + "]"}
	}
	return tags, nil
}

// SourceIdentity is the source identity Roles Anywhere sets: the subject's common name.
func SourceIdentity(cert *x509.Certificate) string { return cert.Subject.CommonName }

func mapName(n pkix.Name, prefix string, specs []string, put func(k, v string)) {
	for _, r := range rdnNames {
		if !slices.Contains(specs, "*") && !slices.Contains(specs, r.short) {
			continue
		}
		for _, atv := range n.Names {
			if atv.Type.Equal(r.oid) {
				if s, ok := atv.Value.(string); ok {
					put(prefix+r.short, s)
					break
				}
			}
		}
	}
}

// mapSAN maps the first DNS name, the first URI and the RDNs of the first directory name.
func mapSAN(cert *x509.Certificate, specs []string, put func(k, v string)) {
	for _, s := range specs {
		switch {
		case s == "DNS" && len(cert.DNSNames) > 0:
			put(FieldSAN+"/DNS", cert.DNSNames[0])
		case s == "URI" && len(cert.URIs) > 0:
			put(FieldSAN+"/URI", cert.URIs[0].String())
		case strings.HasPrefix(s, "Name/"):
			if dn, ok := firstDirName(cert); ok {
				mapName(dn, FieldSAN+"/Name/", []string{strings.TrimPrefix(s, "Name/")}, put)
			}
		}
	}
}

// firstDirName finds the first directoryName of the subjectAltName extension, which crypto/x509
// does not expose.
func firstDirName(cert *x509.Certificate) (pkix.Name, bool) {
	for _, ext := range cert.Extensions {
		if !ext.Id.Equal(asn1.ObjectIdentifier{2, 5, 29, 17}) {
			continue
		}
		var seq asn1.RawValue
		if rest, err := asn1.Unmarshal(ext.Value, &seq); err != nil || len(rest) > 0 {
			return pkix.Name{}, false
		}
		for rest := seq.Bytes; len(rest) > 0; {
			var gn asn1.RawValue
			var err error
			if rest, err = asn1.Unmarshal(rest, &gn); err != nil {
				return pkix.Name{}, false
			}
			if gn.Class == asn1.ClassContextSpecific && gn.Tag == 4 {
				var rdns pkix.RDNSequence
				if _, err := asn1.Unmarshal(gn.Bytes, &rdns); err != nil {
					return pkix.Name{}, false
				}
				var n pkix.Name
				n.FillFromRDNSequence(&rdns)
				return n, true
			}
		}
	}
	return pkix.Name{}, false
}

// tagValueOK: letters, digits, spaces and _ . : / = + - @ (unicode letters included, as STS
// allows).
func tagValueOK(v string) bool {
	for _, r := range v {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r > 0x7f:
		case strings.ContainsRune(" _.:/=+-@", r):
		default:
			return false
		}
	}
	return true
}
