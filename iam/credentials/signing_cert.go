package credentials

import (
	"crypto/sha1"
	"crypto/x509"
	"encoding/base32"
	"encoding/pem"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// certificateIDEncoding spells certificate IDs: upper-case base32 without padding, the
// alphabet of IAM's IDs.
var certificateIDEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// parseSigningCertificate checks an X.509 certificate in PEM form and returns its body as
// stored (surrounding whitespace removed) and its certificate ID: the base32 SHA-1 of its DER
// encoding, 32 characters, so the same certificate always has the same ID and uploading it
// twice in one account is DuplicateCertificate. A body that is not exactly one PEM certificate
// is MalformedCertificate, as is an expired certificate; one not yet valid, or with a key IAM
// cannot use, is InvalidCertificate.
func parseSigningCertificate(body string, now time.Time) (stored, id string, e *awserr.Error) {
	stored = strings.TrimSpace(body)
	block, rest := pem.Decode([]byte(stored))
	if block == nil || block.Type != "CERTIFICATE" || strings.TrimSpace(string(rest)) != "" {
		return "", "", malformed(body)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return "", "", malformed(body)
	}
	switch {
	case now.After(cert.NotAfter):
		return "", "", iamerr.ExpiredCertificate.Err()
	case now.Before(cert.NotBefore):
		return "", "", iamerr.InvalidCertificate.Err("it is not valid before " + cert.NotBefore.UTC().Format(time.RFC3339))
	}
	switch cert.PublicKeyAlgorithm {
	case x509.RSA, x509.ECDSA, x509.Ed25519:
	default:
		return "", "", iamerr.InvalidCertificate.Err("its public key algorithm is not supported")
	}
	sum := sha1.Sum(block.Bytes)
	return stored, certificateIDEncoding.EncodeToString(sum[:]), nil
}

// malformed is MalformedCertificate quoting the body, as AWS does, unless the body holds a
// private key pasted by mistake, which an error message must not echo.
func malformed(body string) *awserr.Error {
	if strings.Contains(body, "PRIVATE KEY") {
		return iamwire.ErrMalformedCertificate("The certificate is malformed.")
	}
	return iamerr.MalformedCertificate.Err(body)
}

// wireSigningCertificate is a certificate as Upload and List return it.
func wireSigningCertificate(c store.SigningCertificate) iamwire.SigningCertificate {
	up := c.Uploaded
	return iamwire.SigningCertificate{UserName: c.UserName, CertificateId: c.ID, CertificateBody: c.Body,
		Status: iamwire.StatusType(c.Status), UploadDate: &up}
}
