package x509auth

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/sigv4"
)

// The signing algorithms, headers and signing name of IAM Roles Anywhere.
const (
	AlgorithmRSA    = "AWS4-X509-RSA-SHA256"
	AlgorithmECDSA  = "AWS4-X509-ECDSA-SHA256"
	HeaderX509      = "X-Amz-X509"
	HeaderX509Chain = "X-Amz-X509-Chain"
	Service         = "rolesanywhere"
)

// Verifier authenticates requests. Its zero value uses the system clock and accepts any
// well-formed region.
type Verifier struct {
	Now         func() time.Time
	ValidRegion func(region string) bool
}

// Request is an authenticated request: the certificate whose key signed it and what the
// request says about itself.
type Request struct {
	Certificate *x509.Certificate
	// Chain is X-Amz-X509-Chain: the intermediates the client sent, in its order.
	Chain       []*x509.Certificate
	Algorithm   string
	Region      string
	SigningTime time.Time
	now         time.Time
}

// Authenticate parses r's Authorization header (SigV4's checks: shape, 15-minute clock skew,
// signed Host, credential scope for the rolesanywhere service), reads the certificate and chain
// headers, and verifies the signature with the certificate's public key. body is the request
// body the caller has read. It does not decide whether the certificate is trusted: VerifyChain
// does, against the trust anchor the request names.
func (v *Verifier) Authenticate(r *http.Request, body []byte) (*Request, error) {
	sv := &sigv4.Verifier{Now: v.Now, ValidRegion: v.ValidRegion, Algorithms: []string{AlgorithmRSA, AlgorithmECDSA}}
	a, err := sv.Parse(r, Service)
	if err != nil {
		return nil, fromSigV4(err)
	}
	cert, chain, err := certificates(r)
	if err != nil {
		return nil, err
	}
	if a.AccessKeyID != cert.SerialNumber.String() {
		return nil, denied(MsgSerial, "credential key ID "+printable(a.AccessKeyID), nil)
	}
	check, err := checker(a.Algorithm, cert)
	if err != nil {
		return nil, err
	}
	if err := sv.VerifyWith(r, body, a, check); err != nil {
		var se *sigv4.Error
		if errors.As(err, &se) && se.Code == sigv4.CodeSignatureDoesNotMatch {
			return nil, denied(MsgSignature, "the signature does not verify with the certificate's key", nil)
		}
		return nil, fromSigV4(err)
	}
	return &Request{Certificate: cert, Chain: chain, Algorithm: a.Algorithm, Region: a.Scope.Region,
		SigningTime: a.Time, now: now(v.Now)}, nil
}

// AuthenticateParts is Authenticate for a request known by its parts (the escaped path, the raw
// query string, the Host header and the other headers), for callers that do not hold an
// *http.Request.
func (v *Verifier) AuthenticateParts(method, host, escapedPath, rawQuery string, header map[string][]string, body []byte) (*Request, error) {
	u, err := url.Parse(escapedPath)
	if err != nil {
		return nil, validation(MsgCertificate, "unparseable path", err)
	}
	u.RawQuery = rawQuery
	return v.Authenticate(&http.Request{Method: method, URL: u, Host: host, Header: http.Header(header)}, body)
}

func now(f func() time.Time) time.Time {
	if f != nil {
		return f()
	}
	return time.Now()
}

// checker returns the signature check for alg with cert's key; the algorithm must name the
// key's type.
func checker(alg string, cert *x509.Certificate) (func(sts, sig []byte) bool, error) {
	switch pub := cert.PublicKey.(type) {
	case *rsa.PublicKey:
		if alg == AlgorithmRSA {
			return func(sts, sig []byte) bool {
				d := sha256.Sum256(sts)
				return rsa.VerifyPKCS1v15(pub, cryptoSHA256, d[:], sig) == nil
			}, nil
		}
	case *ecdsa.PublicKey:
		if alg == AlgorithmECDSA {
			return func(sts, sig []byte) bool {
				d := sha256.Sum256(sts)
				return ecdsa.VerifyASN1(pub, d[:], sig)
			}, nil
		}
	}
	return nil, denied(MsgAlgorithm, alg+" with a "+cert.PublicKeyAlgorithm.String()+" key", nil)
}

// certificates reads X-Amz-X509 (one base64 DER certificate) and X-Amz-X509-Chain (base64 DER
// certificates separated by commas).
func certificates(r *http.Request) (*x509.Certificate, []*x509.Certificate, error) {
	raw := r.Header.Get(HeaderX509)
	if raw == "" {
		return nil, nil, validation(MsgCertificate, "no X-Amz-X509 header", nil)
	}
	cert, err := parseCert(raw)
	if err != nil {
		return nil, nil, validation(MsgCertificate, "", err)
	}
	var chain []*x509.Certificate
	if raw := strings.Join(r.Header.Values(HeaderX509Chain), ","); raw != "" {
		parts := strings.Split(raw, ",")
		if len(parts) > maxChainCerts {
			return nil, nil, validation(MsgChain, "too many certificates", nil)
		}
		for _, p := range parts {
			c, err := parseCert(p)
			if err != nil {
				return nil, nil, validation(MsgChain, "", err)
			}
			chain = append(chain, c)
		}
	}
	return cert, chain, nil
}

func parseCert(b64 string) (*x509.Certificate, error) {
	b64 = strings.TrimSpace(b64)
	if len(b64) > base64.StdEncoding.EncodedLen(maxCertificateBytes) {
		return nil, errors.New("certificate too large")
	}
	der, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

// fromSigV4 carries a SigV4 failure's code, status and message over.
func fromSigV4(err error) *Error {
	var se *sigv4.Error
	if errors.As(err, &se) {
		return &Error{Code: se.Code, Status: se.Status, Message: se.Message, Err: err}
	}
	return denied(MsgSignature, "", err)
}

func printable(s string) string {
	b := []byte(s)
	if len(b) > 64 {
		b = append(b[:64], "..."...)
	}
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '?'
		}
	}
	return string(b)
}
