package sigv4

import "time"

const (
	// MaxSkew is how far a request's signing time may lie from the server clock, either way.
	// AWS: a signed request must reach AWS within 15 minutes of its time stamp, and is refused
	// with "Signature expired" or "Signature not yet current" otherwise (IAM User Guide,
	// "Elements of an AWS API request signature" and "Troubleshoot signing").
	MaxSkew = 15 * time.Minute

	// MaxPresignExpires is the longest X-Amz-Expires a presigned request may carry: 604800
	// seconds, because a signing key is valid for at most seven days (Amazon S3 API Reference,
	// "Authenticating Requests: Using Query Parameters").
	MaxPresignExpires = 7 * 24 * time.Hour

	// DefaultCacheSize is the number of signing keys NewKeyCache(0) keeps: one per (access key,
	// day, region, service), so a few thousand covers every active key of a large deployment.
	DefaultCacheSize = 4096

	// maxSignedHeaders bounds the SignedHeaders list. AWS documents no limit; SDKs sign 3–10
	// headers, and this Gatehouse bound keeps a hostile list from costing more than a normal one.
	maxSignedHeaders = 128

	// maxRawSignature bounds the decoded signature of a non-HMAC algorithm: an RSA-8192
	// signature is 1024 bytes, an ECDSA P-521 one at most 139.
	maxRawSignature = 1024

	// maxEcho bounds how much request text an error message repeats back.
	maxEcho = 128
)
