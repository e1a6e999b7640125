package fedtest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/sigv4"
)

// SignX509 signs r as aws_signing_helper does for IAM Roles Anywhere: X-Amz-Date, X-Amz-X509
// and (when chain is non-empty) X-Amz-X509-Chain set, every header but Authorization and
// User-Agent signed, SigV4's string to sign signed with the leaf's key (RSA PKCS #1 v1.5 or ECDSA
// ASN.1 over SHA-256) and the serial number as the credential's key ID.
func SignX509(t testing.TB, r *http.Request, body []byte, leaf *Leaf, chain []*x509.Certificate, region string, at time.Time) {
	t.Helper()
	alg := "AWS4-X509-ECDSA-SHA256"
	if _, ok := leaf.Key.(*rsa.PrivateKey); ok {
		alg = "AWS4-X509-RSA-SHA256"
	}
	at = at.UTC().Truncate(time.Second)
	r.Header.Set("X-Amz-Date", at.Format("20060102T150405Z"))
	r.Header.Set("X-Amz-X509", base64.StdEncoding.EncodeToString(leaf.Cert.Raw))
	if len(chain) > 0 {
		var parts []string
		for _, c := range chain {
			parts = append(parts, base64.StdEncoding.EncodeToString(c.Raw))
		}
		r.Header.Set("X-Amz-X509-Chain", strings.Join(parts, ","))
	}
	names := []string{"host"}
	for k := range r.Header {
		if l := strings.ToLower(k); l != "authorization" && l != "user-agent" && l != "host" {
			names = append(names, l)
		}
	}
	slices.Sort(names)
	a := &sigv4.Auth{
		Algorithm: alg, AccessKeyID: leaf.Cert.SerialNumber.String(), SignedHeaders: names, Time: at,
		Scope: sigv4.Scope{Date: at.Format("20060102"), Region: region, Service: "rolesanywhere"},
	}
	digest := sha256.Sum256(sigv4.StringToSign(r, body, a))
	var sig []byte
	var err error
	switch k := leaf.Key.(type) {
	case *rsa.PrivateKey:
		sig, err = rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, digest[:])
	case *ecdsa.PrivateKey:
		sig, err = ecdsa.SignASN1(rand.Reader, k, digest[:])
	}
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Authorization", alg+" Credential="+a.AccessKeyID+"/"+a.Scope.String()+
		", SignedHeaders="+strings.Join(names, ";")+", Signature="+hex.EncodeToString(sig))
}
