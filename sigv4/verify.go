package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sync"
)

// unsignedPayload is the X-Amz-Content-Sha256 value of a request whose body is not signed.
const unsignedPayload = "UNSIGNED-PAYLOAD"

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// Verify checks a's signature over r against secret. body is the request body the caller has
// already read (nil for none). Parse must have produced a from the same request. Failures are
// *Error: SignatureDoesNotMatch, or XAmzContentSHA256Mismatch when the body is not the one the
// signed X-Amz-Content-Sha256 names.
func (v *Verifier) Verify(r *http.Request, body []byte, a *Auth, secret []byte) error {
	if a == nil || r == nil || r.URL == nil {
		return errMissingToken()
	}
	if a.Algorithm != "" && a.Algorithm != algorithm {
		return errMismatch(msgSignatureMismatch)
	}
	p, claimed, err := v.payload(r, a, body)
	if err != nil {
		return err
	}
	var key [sha256.Size]byte
	if v.Cache != nil {
		key = v.Cache.signingKey(a, secret)
	} else {
		key = deriveKey(secret, a.Scope)
	}

	// AWS normalizes the path; some SDKs (aws-sdk-go-v2 among them) sign it as is. A request
	// whose raw path differs from its normal form is accepted under either.
	raw := rawPath(r)
	norm := normalizePath(raw)
	ok := a.sigOK && matches(r, a, norm, p, &key)
	if !ok && a.sigOK && norm != raw {
		ok = matches(r, a, raw, p, &key)
	}
	if !ok {
		return errMismatch(msgSignatureMismatch)
	}
	if claimed != nil && *claimed != sha256.Sum256(body) {
		return &Error{Code: CodeContentSHA256Mismatch, Status: http.StatusBadRequest, Message: msgContentSHA256}
	}
	return nil
}

// VerifyWith checks the signature of a request signed with one of the Verifier's Algorithms:
// check receives SigV4's string to sign for the request as sent (the algorithm a names, the time,
// the scope, the canonical request's hash) and a's decoded signature, and reports whether the
// signature is valid for it — with the signer's public key, say. As in Verify, a path that
// differs from its normal form is tried both ways, and a body that is not the one a signed
// X-Amz-Content-Sha256 names is refused. Failures are *Error, as Verify's.
func (v *Verifier) VerifyWith(r *http.Request, body []byte, a *Auth, check func(stringToSign, signature []byte) bool) error {
	if a == nil || r == nil || r.URL == nil {
		return errMissingToken()
	}
	if a.Algorithm == "" || a.Algorithm == algorithm || a.rawSig == nil {
		return errMismatch(msgSignatureMismatch)
	}
	p, claimed, err := v.payload(r, a, body)
	if err != nil {
		return err
	}
	raw := rawPath(r)
	norm := normalizePath(raw)
	ok := check(stringToSign(r, a, norm, p), a.rawSig)
	if !ok && norm != raw {
		ok = check(stringToSign(r, a, raw, p), a.rawSig)
	}
	if !ok {
		return errMismatch(msgSignatureMismatch)
	}
	if claimed != nil && *claimed != sha256.Sum256(body) {
		return &Error{Code: CodeContentSHA256Mismatch, Status: http.StatusBadRequest, Message: msgContentSHA256}
	}
	return nil
}

// StringToSign is SigV4's string to sign for r as a describes it, with the path normalized: what
// a signer using an algorithm other than HMAC (an X.509 private key) signs. body is the payload
// when r carries no X-Amz-Content-Sha256.
func StringToSign(r *http.Request, body []byte, a *Auth) []byte {
	p := payload{sum: sha256.Sum256(body)}
	if v, ok := first(r.Header["X-Amz-Content-Sha256"]); ok {
		p = payload{literal: v}
	}
	return stringToSign(r, a, normalizePath(rawPath(r)), p)
}

func stringToSign(r *http.Request, a *Auth, path string, p payload) []byte {
	buf := appendCanonicalRequest(nil, r, a, path, p)
	crHash := sha256.Sum256(buf)
	return appendStringToSign(buf[:0], a, crHash[:])
}

// matches computes the signature for path and compares it with a's in constant time.
func matches(r *http.Request, a *Auth, path string, p payload, key *[sha256.Size]byte) bool {
	sig := signature(r, a, path, p, key)
	return hmac.Equal(sig[:], a.signature[:])
}

// signature is HMAC(signing key, string to sign), the string to sign being
//
//	AWS4-HMAC-SHA256 \n time \n scope \n hex(sha256(canonical request))
func signature(r *http.Request, a *Auth, path string, p payload, key *[sha256.Size]byte) [sha256.Size]byte {
	bp := bufPool.Get().(*[]byte)
	buf := appendCanonicalRequest((*bp)[:0], r, a, path, p)
	crHash := sha256.Sum256(buf)
	// HMAC-SHA256 (RFC 2104) over the string to sign, written out so that it allocates
	// nothing: the inner hash is over the key's ipad block followed by the string to sign, both
	// in the pooled buffer; the outer one over the opad block and the inner hash.
	buf = append(buf[:0], make([]byte, hmacBlock)...)
	for i := range hmacBlock {
		buf[i] = 0x36
	}
	for i, b := range key {
		buf[i] ^= b
	}
	buf = appendStringToSign(buf, a, crHash[:])
	inner := sha256.Sum256(buf)
	*bp = buf[:0]
	bufPool.Put(bp)
	var outer [hmacBlock + sha256.Size]byte
	for i := range hmacBlock {
		outer[i] = 0x5c
	}
	for i, b := range key {
		outer[i] ^= b
	}
	copy(outer[hmacBlock:], inner[:])
	return sha256.Sum256(outer[:])
}

// hmacBlock is SHA-256's block size, the length HMAC pads its key to (a signing key, 32 bytes,
// is never longer).
const hmacBlock = sha256.BlockSize

func appendStringToSign(dst []byte, a *Auth, crHash []byte) []byte {
	if a.Algorithm == "" {
		dst = append(dst, algorithm...)
	} else {
		dst = append(dst, a.Algorithm...)
	}
	dst = append(dst, '\n')
	dst = a.Time.UTC().AppendFormat(dst, amzDateLayout)
	dst = append(dst, '\n')
	dst = append(dst, a.Scope.Date...)
	dst = append(dst, '/')
	dst = append(dst, a.Scope.Region...)
	dst = append(dst, '/')
	dst = append(dst, a.Scope.Service...)
	dst = append(dst, "/"+terminator+"\n"...)
	return hex.AppendEncode(dst, crHash)
}

// payload is the canonical request's last line under the verifier's rule: the body's SHA-256
// with BodyHashOnly, else payloadHash's answer.
func (v *Verifier) payload(r *http.Request, a *Auth, body []byte) (payload, *[sha256.Size]byte, *Error) {
	if v.BodyHashOnly {
		return payload{sum: sha256.Sum256(body)}, nil, nil
	}
	return payloadHash(r, a, body)
}

// payloadHash is the canonical request's last line: X-Amz-Content-Sha256 when the request
// carries one (UNSIGNED-PAYLOAD included), else the body's SHA-256. When the header names a
// hash, claimed returns it so that Verify can hold the body to it.
func payloadHash(r *http.Request, a *Auth, body []byte) (p payload, claimed *[sha256.Size]byte, err *Error) {
	v, ok := first(r.Header["X-Amz-Content-Sha256"])
	if !ok && a.Presigned {
		q := readQueryValue(r.URL.RawQuery, "X-Amz-Content-Sha256")
		v, ok = q, q != ""
	}
	if !ok {
		return payload{sum: sha256.Sum256(body)}, nil, nil
	}
	if v == unsignedPayload {
		return payload{literal: v}, nil, nil
	}
	var h [sha256.Size]byte
	if len(v) != hex.EncodedLen(sha256.Size) {
		return payload{}, nil, errIncomplete("x-amz-content-sha256 must be %s or a valid sha256 value.", unsignedPayload)
	}
	if _, err := hex.Decode(h[:], []byte(v)); err != nil {
		return payload{}, nil, errIncomplete("x-amz-content-sha256 must be %s or a valid sha256 value.", unsignedPayload)
	}
	return payload{literal: v}, &h, nil
}

// readQueryValue returns the first decoded value of a query parameter.
func readQueryValue(raw, name string) string {
	var out string
	found := false
	forEachPair(raw, func(k, v string) {
		if !found && unescape(k) == name {
			out, found = unescape(v), true
		}
	})
	return out
}
