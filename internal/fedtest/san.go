package fedtest

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"testing"
)

// sanExtension encodes a subjectAltName with DNS names, URIs and directory names
// (RFC 5280, 4.2.1.6): GeneralName [2] dNSName, [4] directoryName (explicit), [6] URI.
func sanExtension(t testing.TB, o Options) pkix.Extension {
	t.Helper()
	var names []asn1.RawValue
	for _, d := range o.DNSNames {
		names = append(names, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 2, Bytes: []byte(d)})
	}
	for _, dn := range o.DirNames {
		der, err := asn1.Marshal(dn.ToRDNSequence())
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: der})
	}
	for _, u := range o.URIs {
		names = append(names, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 6, Bytes: []byte(u)})
	}
	val, err := asn1.Marshal(names)
	if err != nil {
		t.Fatal(err)
	}
	return pkix.Extension{Id: asn1.ObjectIdentifier{2, 5, 29, 17}, Value: val}
}
