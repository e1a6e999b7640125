package oidc

import (
	"context"
	"crypto/sha1"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// DiscoveryPath is where an issuer publishes its configuration (OpenID Connect Discovery 1.0, 4).
const DiscoveryPath = "/.well-known/openid-configuration"

// errThumbprint marks a TLS handshake refused because neither the system roots nor a configured
// thumbprint vouch for the server.
var errThumbprint = errors.New("the server certificate is trusted neither by the system roots nor by a configured thumbprint")

// fetched is one issuer's key set and how long it may be kept.
type fetched struct {
	set    *keySet
	maxAge time.Duration // 0 when the response named none, -1 for no-store/no-cache
}

// fetcher fetches an issuer's discovery document and JWKS over HTTPS with the provider's trust.
type fetcher struct {
	roots       *x509.CertPool // nil: the system roots
	thumbprints []string       // lower-case hex SHA-1
	timeout     time.Duration
}

// fetchKeys reads {issuer}/.well-known/openid-configuration, checks that it is the issuer's, and
// reads the JWKS its jwks_uri names.
func (f *fetcher) fetchKeys(ctx context.Context, issuer string) (*fetched, error) {
	client := f.client()
	defer client.CloseIdleConnections()

	body, _, err := f.get(ctx, client, strings.TrimSuffix(issuer, "/")+DiscoveryPath)
	if err != nil {
		return nil, err
	}
	var disc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := json.Unmarshal(body, &disc); err != nil {
		return nil, invalid(MsgKeyUnavailable, "the discovery document is not JSON", err)
	}
	if disc.Issuer != issuer {
		return nil, invalid(MsgKeyUnavailable, "the discovery document names another issuer", nil)
	}
	u, err := url.Parse(disc.JWKSURI)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, invalid(MsgKeyUnavailable, "jwks_uri is not an https URL", err)
	}
	body, hdr, err := f.get(ctx, client, u.String())
	if err != nil {
		return nil, err
	}
	set, err := parseKeySet(body)
	if err != nil {
		return nil, invalid(MsgKeyUnavailable, "the JWKS has no usable key", err)
	}
	return &fetched{set: set, maxAge: maxAge(hdr.Get("Cache-Control"))}, nil
}

// get fetches one document. Transport failures and 5xx/429 answers are IDPCommunicationError; a
// certificate no trust vouches for is InvalidIdentityToken with AWS's thumbprint message; any
// other answer but 200 means the keys cannot be had.
func (f *fetcher) get(ctx context.Context, client *http.Client, target string) ([]byte, http.Header, error) {
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, nil, invalid(MsgKeyUnavailable, "bad URL", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		if errors.Is(err, errThumbprint) {
			return nil, nil, invalid(MsgThumbprint, "certificate not trusted", err)
		}
		return nil, nil, communication("the issuer could not be reached", err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		return nil, nil, communication(fmt.Sprintf("the issuer answered %d", resp.StatusCode), nil)
	case resp.StatusCode != http.StatusOK:
		return nil, nil, invalid(MsgKeyUnavailable, fmt.Sprintf("the issuer answered %d", resp.StatusCode), nil)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxDocumentBytes+1))
	if err != nil {
		return nil, nil, communication("reading the issuer's answer", err)
	}
	if len(body) > MaxDocumentBytes {
		return nil, nil, invalid(MsgKeyUnavailable, "the issuer's document is too large", nil)
	}
	return body, resp.Header, nil
}

// client is an HTTP client whose TLS connections are verified by verifyPeer for the host
// dialled. Redirects are followed (at most 3) only to https URLs, and each new host is verified
// the same way. No proxy is used.
func (f *fetcher) client() *http.Client {
	dialer := &net.Dialer{Timeout: f.timeout}
	tr := &http.Transport{
		Proxy:               nil,
		TLSHandshakeTimeout: f.timeout,
		MaxIdleConns:        2,
		DialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			raw, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			conn := tls.Client(raw, &tls.Config{
				ServerName:         host,
				MinVersion:         tls.VersionTLS12,
				InsecureSkipVerify: true, // verified by VerifyConnection, with the thumbprint fallback
				VerifyConnection:   func(cs tls.ConnectionState) error { return f.verifyPeer(cs, host) },
			})
			if err := conn.HandshakeContext(ctx); err != nil {
				raw.Close()
				return nil, err
			}
			return conn, nil
		},
	}
	return &http.Client{Transport: tr, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 3 || req.URL.Scheme != "https" {
			return errors.New("redirect refused")
		}
		return nil
	}}
}

// verifyPeer trusts a server the way IAM documents for OIDC providers: a chain to the system
// roots (or f.roots) for host; failing that, the SHA-1 thumbprint of the last certificate the
// server presented — the top intermediate or root CA, "the last certificate displayed" by
// openssl s_client -showcerts — must be configured, and the chain must verify up to it for host.
func (f *fetcher) verifyPeer(cs tls.ConnectionState, host string) error {
	certs := cs.PeerCertificates
	if len(certs) == 0 {
		return errThumbprint
	}
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	opts := x509.VerifyOptions{DNSName: host, Roots: f.roots, Intermediates: inter}
	if _, err := certs[0].Verify(opts); err == nil {
		return nil
	}
	top := certs[len(certs)-1]
	if !f.trusts(Thumbprint(top)) {
		return errThumbprint
	}
	opts.Roots = x509.NewCertPool()
	opts.Roots.AddCert(top)
	if _, err := certs[0].Verify(opts); err != nil {
		return fmt.Errorf("%w: %v", errThumbprint, err)
	}
	return nil
}

func (f *fetcher) trusts(tp string) bool {
	for _, t := range f.thumbprints {
		if t == tp {
			return true
		}
	}
	return false
}

// Thumbprint is a certificate's thumbprint as IAM writes it: the hex SHA-1 of its DER encoding,
// 40 characters (IAM compares thumbprints without regard to case).
func Thumbprint(c *x509.Certificate) string {
	sum := sha1.Sum(c.Raw)
	return hex.EncodeToString(sum[:])
}

// maxAge reads Cache-Control's max-age: 0 when absent or malformed, -1 when no-store or no-cache
// ask for no caching (the cache then keeps the set for MinTTL only).
func maxAge(cc string) time.Duration {
	var age time.Duration
	for _, part := range strings.Split(cc, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch strings.ToLower(k) {
		case "no-store", "no-cache":
			return -1
		case "max-age":
			n, err := strconv.ParseInt(strings.Trim(v, `"`), 10, 64)
			if err == nil && n > 0 {
				age = time.Duration(min(n, int64(MaxTTL/time.Second))) * time.Second
			}
		}
	}
	return age
}
