// Package iam is AWS Identity and Access Management: the iamwire.Handler that answers IAM's
// operations with AWS's semantics, quotas and error messages, for an authenticated caller
// whose every request it authorizes through authz.
//
// One operation per file; errors.go holds AWS's error texts and limits.go AWS's quotas, each
// citing its source. Every operation authorizes before it reveals anything (so an unauthorized
// caller learns nothing, not even whether an entity exists), validates before it writes, and
// makes all of its writes in one store transaction, so a request that fails changes nothing.
// Time and randomness (IDs, secrets) are injected.
//
// It is separate from the HTTP layer (it takes and returns the generated wire types and never
// imports net/http) and from the other services, which it never imports: what they share lives
// in authz and store. Issue 3 brings users, their access keys, tags and inline policies; the
// other operations answer NotImplemented (iamwire.Unimplemented) until their issue.
package iam
