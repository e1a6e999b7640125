package fedtest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/url"
	"testing"
	"time"
)

// CA is a test certificate authority.
type CA struct {
	Cert *x509.Certificate
	Key  crypto.Signer
}

// Leaf is an issued certificate with its key and the chain above it (intermediates, then root).
type Leaf struct {
	Cert  *x509.Certificate
	Key   crypto.Signer
	Chain []*x509.Certificate
}

// Options shape an issued certificate; zero values give a one-day certificate valid from an
// hour ago with a P-256 key.
type Options struct {
	Subject   pkix.Name
	DNSNames  []string
	IPs       []net.IP
	URIs      []string
	NotBefore time.Time
	NotAfter  time.Time
	RSA       bool // an RSA-2048 key instead of P-256
	IsCA      bool
	Serial    *big.Int
	// DirNames become directoryName SANs (encoded by hand: crypto/x509 writes only DNS, email,
	// IP and URI SANs).
	DirNames []pkix.Name
}

// NewRootCA makes a self-signed root CA named cn.
func NewRootCA(t testing.TB, cn string) *CA {
	t.Helper()
	key := newKey(t, false)
	tmpl := template(Options{Subject: pkix.Name{CommonName: cn, Organization: []string{"Gatehouse Test"}}, IsCA: true})
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &CA{Cert: cert, Key: key}
}

// Issue signs a certificate for o.
func (ca *CA) Issue(t testing.TB, o Options) *Leaf {
	t.Helper()
	key := newKey(t, o.RSA)
	tmpl := template(o)
	if len(o.DirNames) > 0 {
		tmpl.ExtraExtensions = append(tmpl.ExtraExtensions, sanExtension(t, o))
		tmpl.DNSNames, tmpl.IPAddresses, tmpl.URIs = nil, nil, nil
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &Leaf{Cert: cert, Key: key, Chain: []*x509.Certificate{ca.Cert}}
}

// Intermediate issues a CA certificate under ca.
func (ca *CA) Intermediate(t testing.TB, cn string) *CA {
	t.Helper()
	l := ca.Issue(t, Options{Subject: pkix.Name{CommonName: cn}, IsCA: true})
	return &CA{Cert: l.Cert, Key: l.Key}
}

// CRL is a CRL of ca revoking the serials.
func (ca *CA) CRL(t testing.TB, serials ...*big.Int) *x509.RevocationList {
	t.Helper()
	var entries []x509.RevocationListEntry
	for _, s := range serials {
		entries = append(entries, x509.RevocationListEntry{SerialNumber: s, RevocationTime: time.Now().Add(-time.Minute)})
	}
	der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{
		Number: big.NewInt(1), ThisUpdate: time.Now().Add(-time.Hour), NextUpdate: time.Now().Add(24 * time.Hour),
		RevokedCertificateEntries: entries,
	}, ca.Cert, ca.Key)
	if err != nil {
		t.Fatal(err)
	}
	crl, err := x509.ParseRevocationList(der)
	if err != nil {
		t.Fatal(err)
	}
	return crl
}

func newKey(t testing.TB, useRSA bool) crypto.Signer {
	t.Helper()
	if useRSA {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func template(o Options) *x509.Certificate {
	serial := o.Serial
	if serial == nil {
		serial, _ = rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	}
	nb, na := o.NotBefore, o.NotAfter
	if nb.IsZero() {
		nb = time.Now().Add(-time.Hour)
	}
	if na.IsZero() {
		na = time.Now().Add(24 * time.Hour)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial, Subject: o.Subject, NotBefore: nb, NotAfter: na,
		DNSNames: o.DNSNames, IPAddresses: o.IPs, BasicConstraintsValid: true, IsCA: o.IsCA,
		KeyUsage: x509.KeyUsageDigitalSignature,
	}
	for _, u := range o.URIs {
		if p, err := url.Parse(u); err == nil {
			tmpl.URIs = append(tmpl.URIs, p)
		}
	}
	if o.IsCA {
		tmpl.KeyUsage |= x509.KeyUsageCertSign | x509.KeyUsageCRLSign
	} else {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
	}
	return tmpl
}

// PEM encodes certificates as PEM.
func PEM(certs ...*x509.Certificate) []byte {
	var out []byte
	for _, c := range certs {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return out
}

// KeyPEM encodes a private key as PKCS#8 PEM.
func KeyPEM(t testing.TB, k crypto.Signer) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}
