// Package sigv4 authenticates AWS Signature Version 4 requests, and signs them for our own
// tests and clients.
//
// Verification is two steps so that the caller can look the secret up in between:
//
//	a, err := v.Parse(r, "iam")            // no secret needed; AWS's error for each malformed part
//	secret, ok := lookup(a.AccessKeyID)    // caller's store; on a miss: sigv4.InvalidClientTokenId()
//	err = v.Verify(r, body, a, secret)     // the signature itself, compared in constant time
//
// Parse accepts both forms AWS defines: the Authorization header (with X-Amz-Date or Date) and
// the presigned query string (X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires,
// X-Amz-SignedHeaders, X-Amz-Signature, X-Amz-Security-Token). Verify works on the request as
// sent — raw path, raw query, header values — plus the body bytes the caller has already read,
// and canonicalizes them the way AWS does for every service but S3: the path is normalized and
// URI-encoded (so an already-escaped path is encoded twice), query parameters are sorted by
// encoded name then value, header values are trimmed with inner spaces collapsed, and the
// payload hash comes from X-Amz-Content-Sha256 (UNSIGNED-PAYLOAD included) or the body — or,
// with Verifier.BodyHashOnly (every service but S3), always from the body.
//
// Failures are *Error values carrying AWS's code string, HTTP status and message; they never
// contain a secret or a signature. A KeyCache keeps derived signing keys so that a warm
// verification costs the canonical-request hash, one HMAC and a comparison.
//
// The package is separate because it is pure protocol: it knows nothing of users, stores or
// HTTP routing, imports only the standard library, and is the one place that decides whether
// bytes on the wire were signed by the holder of a secret.
package sigv4
