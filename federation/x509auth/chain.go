package x509auth

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"errors"
)

const cryptoSHA256 = crypto.SHA256

// TrustAnchor is what a Roles Anywhere trust anchor vouches with: its CA certificates (the
// certificate bundle, or the ACM PCA's CA) and the CRLs imported for it that are enabled.
type TrustAnchor struct {
	Certificates []*x509.Certificate
	CRLs         []*x509.RevocationList
}

// VerifyChain checks that the signing certificate chains to one of the anchor's certificates
// through the intermediates the request sent, that every certificate of the chain is within its
// validity period at the request's time, that the signing certificate is an end-entity
// certificate allowed to sign (basicConstraints CA false; digitalSignature key usage when key
// usage is present), and that no certificate of the chain is revoked by a CRL of the anchor
// signed by its issuer. It returns the chain, signing certificate first.
func (q *Request) VerifyChain(anchor TrustAnchor) ([]*x509.Certificate, error) {
	leaf := q.Certificate
	if leaf.IsCA || leaf.KeyUsage != 0 && leaf.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
		return nil, denied(MsgNotEndEntity, "", nil)
	}
	roots := x509.NewCertPool()
	for _, c := range anchor.Certificates {
		roots.AddCert(c)
	}
	inter := x509.NewCertPool()
	for _, c := range q.Chain {
		inter.AddCert(c)
	}
	chains, err := leaf.Verify(x509.VerifyOptions{
		Roots: roots, Intermediates: inter, CurrentTime: q.now, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err != nil {
		var inv x509.CertificateInvalidError
		if errors.As(err, &inv) && inv.Reason == x509.Expired {
			return nil, denied(MsgExpired, "", err)
		}
		return nil, denied(MsgUntrusted, "", err)
	}
	chain := chains[0]
	for i, c := range chain[:len(chain)-1] {
		if revoked(c, chain[i+1], anchor.CRLs) {
			return nil, denied(MsgRevoked, "serial "+c.SerialNumber.String(), nil)
		}
	}
	return chain, nil
}

// revoked reports whether a CRL issued (and signed) by issuer lists c's serial number. CRLs of
// other issuers, and CRLs whose signature does not verify, are not consulted.
func revoked(c, issuer *x509.Certificate, crls []*x509.RevocationList) bool {
	for _, crl := range crls {
		if !bytes.Equal(crl.RawIssuer, c.RawIssuer) || crl.CheckSignatureFrom(issuer) != nil {
			continue
		}
		for _, e := range crl.RevokedCertificateEntries {
			if e.SerialNumber.Cmp(c.SerialNumber) == 0 {
				return true
			}
		}
	}
	return false
}
