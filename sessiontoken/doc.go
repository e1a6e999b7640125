// Package sessiontoken is the format of STS session tokens: the sealed, self-contained
// envelope that AssumeRole, GetSessionToken and GetFederationToken hand out with a temporary
// (ASIA…) access key, and that every later request carries in X-Amz-Security-Token.
//
// A token holds everything needed to authenticate and authorize a request without a database
// read: the access key ID it is bound to and its secret, when it was issued and when it
// expires, who the caller is (kind, account, ARN, unique ID, role or originating user, session
// name), the session policies (inline document and managed ARNs), session tags and which of
// them are transitive, the source identity, whether and when MFA was used, and whether the
// session came from role chaining. Seal encodes those claims compactly (DEFLATE when that
// helps), seals them with a keyring (AES-256-GCM under the active key, any older key still
// opens them, so the sealing key can be rotated without cutting live sessions) and returns
// base64 text; Open reverses it, refusing a token presented with any other access key ID,
// because the key ID is authenticated data of the seal.
//
// The package is a leaf (standard library only) separate from authz, which opens tokens on
// every request, and from sts, which issues them, so that the wire format has one owner, its
// decoder can be fuzzed alone, and its limits are documented in one place.
package sessiontoken
