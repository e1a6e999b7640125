package sessiontoken

// Decoder limits. Tokens come from clients, so Open bounds what it reads before doing any
// work. They are Gatehouse's, set well above what a valid session needs: STS caps an inline
// session policy at 2,048 characters, managed session policies at 10 ARNs of at most 2,048
// characters, and session tags at 50 of at most 128 + 256 characters (STS API Reference,
// AssumeRole; IAM User Guide, "IAM and AWS STS quotas"), and PackedPolicySize bounds their sum.
const (
	// MaxTokenLen bounds the base64 text Open accepts. AWS's own tokens run to a few
	// thousand characters with session policies and tags; SDKs accept any length.
	MaxTokenLen = 32 << 10
	// maxPlainLen bounds the decoded (decompressed) claims.
	maxPlainLen = 64 << 10
	// maxString bounds any one string of the claims.
	maxString = 8 << 10
	// maxList bounds the number of policy ARNs, tags and transitive keys.
	maxList = 128
)

// Format bytes.
const (
	// tokenV1 is the first byte of every token (before base64) this version writes.
	tokenV1 = 0x47
	// claimsV1 is the first byte of the encoded claims.
	claimsV1 = 1
	// Compression of the encoded claims, the byte after claimsV1.
	plain    = 0
	deflated = 1
	// compressAbove is the encoded size from which Seal tries DEFLATE. Below it (every
	// session without policies or many tags) the few bytes saved do not pay for the
	// decompressor's allocations when the token is opened.
	compressAbove = 512
)

// associatedPrefix starts the authenticated data of every seal, before the access key ID,
// so a token cannot be confused with any other value sealed by the same keyring.
const associatedPrefix = "gatehouse session token v1\x00"
