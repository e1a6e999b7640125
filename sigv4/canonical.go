package sigv4

import (
	"encoding/hex"
	"net/http"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
)

// rawPath is the request path exactly as the client sent it, still escaped. On a server request
// that is RequestURI; on a client request it is URL.Opaque (the SDKs' way of pre-escaping a
// path) or the URL's escaped path.
func rawPath(r *http.Request) string {
	var p string
	switch {
	case r.RequestURI != "" && r.RequestURI != "*":
		p = r.RequestURI
		if i := strings.IndexByte(p, '?'); i >= 0 {
			p = p[:i]
		}
		if !strings.HasPrefix(p, "/") {
			p = afterAuthority(p)
		}
	case r.URL.Opaque != "":
		p = r.URL.Opaque
		if i := strings.IndexByte(p, '?'); i >= 0 {
			p = p[:i]
		}
		p = afterAuthority(p)
	default:
		p = r.URL.EscapedPath()
	}
	if p == "" {
		return "/"
	}
	return p
}

// afterAuthority drops a "scheme://authority" or "//authority" prefix from an absolute URI.
func afterAuthority(p string) string {
	if i := strings.Index(p, "//"); i >= 0 {
		p = p[i+2:]
		if j := strings.IndexByte(p, '/'); j >= 0 {
			return p[j:]
		}
		return "/"
	}
	return p
}

// normalizePath removes "." and ".." segments and empty segments, keeping a trailing slash, as
// AWS does for every service but S3 (the SigV4 test suite's normalize-path cases).
func normalizePath(p string) string {
	if isNormal(p) {
		return p
	}
	segs := strings.Split(p, "/")
	out := segs[:0]
	for _, s := range segs {
		switch s {
		case "", ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, s)
		}
	}
	trailing := strings.HasSuffix(p, "/") || strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..") || p == "." || p == ".."
	n := "/" + strings.Join(out, "/")
	if trailing && len(out) > 0 {
		n += "/"
	}
	return n
}

// isNormal reports whether p needs no normalization, so the common "/" costs nothing.
func isNormal(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.Contains(p, "//") {
		return false
	}
	for _, s := range []string{"/./", "/../"} {
		if strings.Contains(p, s) {
			return false
		}
	}
	return !strings.HasSuffix(p, "/.") && !strings.HasSuffix(p, "/..")
}

// unreserved reports RFC 3986 unreserved characters, the only ones SigV4 leaves unescaped.
func unreserved(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
}

const upperHex = "0123456789ABCDEF"

// appendEscaped URI-encodes s the SigV4 way: every byte but the unreserved ones (and '/', when
// keepSlash) becomes %XX with upper-case hex.
func appendEscaped(dst []byte, s string, keepSlash bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) || keepSlash && c == '/' {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
	}
	return dst
}

func escape(s string, keepSlash bool) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !unreserved(c) && !(keepSlash && c == '/') {
			return string(appendEscaped(make([]byte, 0, len(s)+16), s, keepSlash))
		}
	}
	return s
}

// forEachPair calls fn with each raw name and value of a query string split on '&'. A pair
// without '=' has an empty value; empty pairs are skipped.
func forEachPair(raw string, fn func(k, v string)) {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		fn(k, v)
	}
}

// unescape decodes a query component as the SDKs do ('+' is a space). A malformed escape is
// kept literally rather than rejected, so that such a request fails on its signature, not here.
func unescape(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			b = append(b, ' ')
		case c == '%' && i+2 < len(s) && ishex(s[i+1]) && ishex(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

func ishex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

type queryPair struct{ k, v string }

// appendCanonicalQuery writes the canonical query string: each name and value decoded and
// re-encoded, sorted by encoded name then value. A presigned request's X-Amz-Signature is left
// out, since it cannot sign itself.
func appendCanonicalQuery(dst []byte, raw string, presigned bool) []byte {
	if raw == "" {
		return dst
	}
	var pairs []queryPair
	forEachPair(raw, func(k, v string) {
		k = unescape(k)
		if presigned && k == "X-Amz-Signature" {
			return
		}
		pairs = append(pairs, queryPair{escape(k, false), escape(unescape(v), false)})
	})
	slices.SortFunc(pairs, func(a, b queryPair) int {
		if c := strings.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(a.v, b.v)
	})
	for i, p := range pairs {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, p.k...)
		dst = append(dst, '=')
		dst = append(dst, p.v...)
	}
	return dst
}

// wellKnown maps the lower-case header names SDKs sign to Go's canonical form, so looking them
// up costs no allocation.
var wellKnown = map[string]string{
	"content-type":          "Content-Type",
	"content-length":        "Content-Length",
	"content-md5":           "Content-Md5",
	"x-amz-date":            "X-Amz-Date",
	"x-amz-security-token":  "X-Amz-Security-Token",
	"x-amz-content-sha256":  "X-Amz-Content-Sha256",
	"x-amz-target":          "X-Amz-Target",
	"x-amz-user-agent":      "X-Amz-User-Agent",
	"amz-sdk-invocation-id": "Amz-Sdk-Invocation-Id",
	"amz-sdk-request":       "Amz-Sdk-Request",
	"date":                  "Date",
}

// host is the Host header as received (Go's server keeps it in r.Host).
func host(r *http.Request) string {
	if r.Host != "" {
		return r.Host
	}
	return r.URL.Host
}

// headerValues returns every value of the named header, in the order received.
func headerValues(r *http.Request, name string) []string {
	if strings.EqualFold(name, "host") {
		return []string{host(r)}
	}
	key, ok := wellKnown[name]
	if !ok {
		key = textproto.CanonicalMIMEHeaderKey(name)
	}
	if vs, ok := r.Header[key]; ok {
		return vs
	}
	for k, vs := range r.Header {
		if strings.EqualFold(k, name) {
			return vs
		}
	}
	// Go's server keeps these out of Header; the client may still have signed them.
	switch strings.ToLower(name) {
	case "content-length":
		if r.ContentLength > 0 {
			return []string{strconv.FormatInt(r.ContentLength, 10)}
		}
	case "transfer-encoding":
		if len(r.TransferEncoding) > 0 {
			return []string{strings.Join(r.TransferEncoding, ",")}
		}
	}
	return nil
}

// appendHeaderValue writes a header's canonical value: each value trimmed, runs of spaces
// inside it collapsed to one, values joined by commas.
func appendHeaderValue(dst []byte, vs []string) []byte {
	for i, v := range vs {
		if i > 0 {
			dst = append(dst, ',')
		}
		v = trimOWS(v)
		space := false
		for j := 0; j < len(v); j++ {
			c := v[j]
			if c == ' ' {
				if space {
					continue
				}
				space = true
			} else {
				space = false
			}
			dst = append(dst, c)
		}
	}
	return dst
}

// appendCanonicalRequest writes the SigV4 canonical request:
//
//	method \n path \n query \n name:value \n ... \n signed;headers \n payload-hash
func appendCanonicalRequest(dst []byte, r *http.Request, a *Auth, path string, p payload) []byte {
	dst = append(dst, r.Method...)
	dst = append(dst, '\n')
	dst = appendEscaped(dst, path, true)
	dst = append(dst, '\n')
	dst = appendCanonicalQuery(dst, r.URL.RawQuery, a.Presigned)
	dst = append(dst, '\n')
	for _, name := range a.SignedHeaders {
		dst = append(dst, name...)
		dst = append(dst, ':')
		if strings.EqualFold(name, "host") {
			dst = appendHeaderValue(dst, []string{host(r)}) // does not escape: no allocation
		} else {
			dst = appendHeaderValue(dst, headerValues(r, name))
		}
		dst = append(dst, '\n')
	}
	dst = append(dst, '\n')
	for i, name := range a.SignedHeaders {
		if i > 0 {
			dst = append(dst, ';')
		}
		dst = append(dst, name...)
	}
	dst = append(dst, '\n')
	return p.append(dst)
}

// payload is the canonical request's last line: a literal (UNSIGNED-PAYLOAD, or the hash a
// client sent in X-Amz-Content-Sha256) or the SHA-256 of the body.
type payload struct {
	literal string
	sum     [32]byte
}

func (p payload) append(dst []byte) []byte {
	if p.literal != "" {
		return append(dst, p.literal...)
	}
	return hex.AppendEncode(dst, p.sum[:])
}
