// Package authz is Gatehouse's decision point: it knows who is calling (Caller, built from an
// access key the api package has just verified) and answers "may this caller perform this
// action on this resource?" with the policy engine, returning AWS's AccessDenied messages.
//
// It gathers the policies in force for a caller — a user's inline and managed policies, its
// groups', its permissions boundary, a session's policies — compiles them once and keeps the
// compiled sets in memory, keyed by principal, together with the access keys (and their opened
// secrets) that authentication needs on every request, the key-usage data that
// GetAccessKeyLastUsed reports, and every authorization attempt's service and action for access
// advisor's service last accessed reports (buffered in memory, written by FlushUsage). Those caches are kept exact in two ways: every committed write
// made through Store is followed, before the write returns, by reading the store's change feed
// and dropping what changed; and a background poll (Run) catches writes made by other
// processes or nodes within a bounded delay.
//
// Temporary credentials (session.go) need no cache of the store at all: LookupSession opens
// the request's sealed session token (package sessiontoken) with the session keyring, builds
// the caller from it once per token, and evaluates it per request against the role's or
// user's current policies intersected with the session's; only the role's or user's
// existence is checked, through the principal cache. SealSession seals the tokens STS issues,
// and DecideEncoded/DecodeMessage produce and read sealed authorization messages
// (authmessage.go).
//
// It is separate from the services so that IAM, STS and every later service authorize through
// one implementation of the evaluation inputs and messages, and separate from api so that the
// console and tests can authorize without HTTP.
package authz
