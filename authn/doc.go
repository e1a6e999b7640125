// Package authn is authentication: it turns the access key ID a request was signed with into
// the secret the signature is checked against and the Caller (package callctx) it
// authenticates — a long-term key from the store, its sealed secret opened through a
// one-method Opener, or temporary credentials from their self-contained session token
// (package sessiontoken), which any node opens without a database read. It also seals the
// tokens STS issues, checks and consumes MFA one-time codes (VerifyMFA), and says which
// services temporary credentials may call (MayCallService).
//
// Opened keys and tokens are cached in memory; the key cache is kept exact by the store's
// change feed (package feed: Authenticator is a feed.Subscriber), and a session's role or user
// must still exist on every request (Principals, which authz's principal cache answers).
//
// It is separate from authz (which decides what an authenticated caller may do) and from api
// (which owns the HTTP exchange and the signature check) so that each has one job, and so
// that the console and tests can authenticate without HTTP.
package authn
