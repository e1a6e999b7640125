// Package iam is AWS Identity and Access Management: the iamwire.Handlers that answer IAM's
// operations with AWS's semantics, quotas and error messages, for an authenticated caller
// whose every request it authorizes through authz.
//
// The operations live in families, one package each (users, groups, roles, policies,
// credentials, account, providers, mfa, analysis), sharing iam/internal/core; this package
// composes them into one Service and unions their operations tables (Operations). In every
// family an entity's operations share one file; limits.go holds AWS's quotas, and
// iam/internal/iamerr AWS's error texts, each citing its source. Every operation authorizes before it reveals anything (so an unauthorized caller
// learns nothing, not even whether an entity exists), validates before it writes, and makes all
// of its writes in one store transaction, so a request that fails changes nothing. Time and
// randomness (IDs, secrets) are injected.
//
// It is separate from the HTTP layer (it takes and returns the generated wire types and never
// imports net/http) and from the other services, which it never imports: what they share lives
// in authz and store.
package iam
