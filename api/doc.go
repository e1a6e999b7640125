// Package api is Gatehouse's HTTP front door: an http.Handler that reads each request once
// (with a size cap), authenticates its SigV4 signature against the caller's secret — a
// long-term key's, or for temporary (ASIA…) credentials the secret sealed in the
// X-Amz-Security-Token the request carries, refusing expired tokens with ExpiredToken — routes
// it by the service of its credential scope to that service's query-protocol dispatcher,
// attaches the authenticated call to the request's context for authorization, renders every
// error once in the protocol's format, and logs one line per request. The payload hash of a
// signature is always the body's (IAM and STS sign their bodies; UNSIGNED-PAYLOAD is S3's);
// credentials signed for another partition's region are unknown there (InvalidClientTokenId); a
// body still arriving when the server's read timeout passes is RequestTimeout. The STS
// operations AWS serves without credentials (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) are
// routed to STS unauthenticated, whatever signature they carry, with no call in the context.
//
// It is separate from the services so that they never see HTTP (they take and return the
// generated wire types) and so that the rules every request obeys — a request ID, a body cap,
// authentication before anything else, panics answered as InternalFailure — live in one place.
package api
