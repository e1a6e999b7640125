package sts

import "github.com/gatehouse-iam/gatehouse/op"

// Operations is the STS operations table: one row per implemented operation (package op).
// Every other operation of the model answers NotImplemented (its stswire.Handlers field is left nil).
var Operations = op.Table{
	assumeRole,
	assumeRoot,
	assumeRoleWithSAML,
	assumeRoleWithWebIdentity,
	decodeAuthorizationMessage,
	getAccessKeyInfo,
	getCallerIdentity,
	getFederationToken,
	getSessionToken,
	getWebIdentityToken,
}

// Implemented lists the STS operations this service implements, from Operations.
// docs/api-coverage.md is generated from it, and a test checks it against the handler.
var Implemented = Operations.Names()

// Pending says why the other operations are not implemented; docs/api-coverage.md shows it.
var Pending = map[string]string{
	"GetDelegatedAccessToken": "exchanges the token of an IAM delegation request, which depends on AWS partner onboarding Gatehouse does not have",
}
