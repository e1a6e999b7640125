package sigv4

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Credentials are what a client signs with.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	// SessionToken is set for temporary credentials; it travels as X-Amz-Security-Token.
	SessionToken string
}

// unsignedHeaders are never signed, as in the AWS SDKs: they are rewritten by proxies and HTTP
// libraries on the way.
var unsignedHeaders = map[string]bool{
	"authorization": true, "user-agent": true, "x-amzn-trace-id": true, "expect": true,
	"transfer-encoding": true, "connection": true, "content-length": true,
}

// Sign signs r in the Authorization-header form at time t: it sets X-Amz-Date (and
// X-Amz-Security-Token for temporary credentials) and signs Host plus every header r carries
// except those proxies rewrite. body is the payload r will send; when r has an
// X-Amz-Content-Sha256 header (UNSIGNED-PAYLOAD, say) that value is signed instead of the
// body's hash.
func Sign(r *http.Request, body []byte, c Credentials, region, service string, t time.Time) error {
	if err := checkSigning(c, region, service); err != nil {
		return err
	}
	t = t.UTC().Truncate(time.Second)
	r.Header.Del("Authorization")
	r.Header.Set("X-Amz-Date", amzDate(t))
	if c.SessionToken != "" {
		r.Header.Set("X-Amz-Security-Token", c.SessionToken)
	}
	a := &Auth{
		AccessKeyID:   c.AccessKeyID,
		Scope:         Scope{Date: t.Format(scopeDate), Region: region, Service: service},
		SignedHeaders: signableHeaders(r),
		Time:          t,
	}
	sig := sign(r, body, a, []byte(c.SecretAccessKey))
	r.Header.Set("Authorization", algorithm+" Credential="+c.AccessKeyID+"/"+a.Scope.String()+
		", SignedHeaders="+strings.Join(a.SignedHeaders, ";")+", Signature="+sig)
	return nil
}

// Presign signs r in the query-string form at time t, valid for expires (at most
// MaxPresignExpires): it appends the X-Amz-* parameters and X-Amz-Signature to r.URL.RawQuery.
// Headers r carries are signed too and must be sent with the URL.
func Presign(r *http.Request, body []byte, c Credentials, region, service string, t time.Time, expires time.Duration) error {
	if err := checkSigning(c, region, service); err != nil {
		return err
	}
	if expires < time.Second || expires > MaxPresignExpires {
		return fmt.Errorf("sigv4: presign expiry %v outside [1s, %v]", expires, MaxPresignExpires)
	}
	t = t.UTC().Truncate(time.Second)
	a := &Auth{
		AccessKeyID:   c.AccessKeyID,
		Scope:         Scope{Date: t.Format(scopeDate), Region: region, Service: service},
		SignedHeaders: signableHeaders(r),
		Time:          t,
		Presigned:     true,
		Expires:       expires,
	}
	params := []queryPair{
		{"X-Amz-Algorithm", algorithm},
		{"X-Amz-Credential", c.AccessKeyID + "/" + a.Scope.String()},
		{"X-Amz-Date", amzDate(t)},
		{"X-Amz-Expires", strconv.FormatInt(int64(expires/time.Second), 10)},
		{"X-Amz-SignedHeaders", strings.Join(a.SignedHeaders, ";")},
	}
	if c.SessionToken != "" {
		params = append(params, queryPair{"X-Amz-Security-Token", c.SessionToken})
	}
	q := r.URL.RawQuery
	for _, p := range params {
		if q != "" {
			q += "&"
		}
		q += p.k + "=" + escape(p.v, false)
	}
	r.URL.RawQuery = q
	r.URL.RawQuery += "&X-Amz-Signature=" + sign(r, body, a, []byte(c.SecretAccessKey))
	return nil
}

func checkSigning(c Credentials, region, service string) error {
	switch {
	case c.AccessKeyID == "" || c.SecretAccessKey == "":
		return errors.New("sigv4: signing needs an access key ID and a secret access key")
	case region == "" || service == "":
		return errors.New("sigv4: signing needs a region and a service")
	}
	return nil
}

// sign returns the hex signature of r under secret, for a's scope.
func sign(r *http.Request, body []byte, a *Auth, secret []byte) string {
	p := payload{sum: sha256.Sum256(body)}
	if v, ok := first(r.Header["X-Amz-Content-Sha256"]); ok {
		p = payload{literal: v}
	}
	key := deriveKey(secret, a.Scope)
	sig := signature(r, a, normalizePath(rawPath(r)), p, &key)
	return hex.EncodeToString(sig[:])
}

// signableHeaders lists host and the lower-cased names of r's headers, sorted and unique.
func signableHeaders(r *http.Request) []string {
	names := []string{"host"}
	for k := range r.Header {
		if l := strings.ToLower(k); !unsignedHeaders[l] && l != "host" {
			names = append(names, l)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}
