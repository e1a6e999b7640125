// Package sts is AWS Security Token Service: the stswire.Handlers that answer STS's
// operations for an authenticated, authorized caller.
//
// It owns the operations (one per file) and their AWS semantics; it takes and returns the
// generated wire types and never sees HTTP. It is separate from iam because STS is its own
// service on the wire (its own signing name, API version and errors), and services never
// import each other: what both need (the caller, the policies, the store) comes from authz
// and store. It issues temporary credentials (AssumeRole, GetSessionToken,
// GetFederationToken): an ASIA… key pair and a sealed, self-contained session token
// (package sessiontoken) that authz opens on every later request, so sessions need no
// database rows; their permissions are evaluated per request from the role's or user's
// current policies and the session's own. AssumeRoleWithWebIdentity and AssumeRoleWithSAML are identity
// federation: unsigned calls whose token or assertion an
// identity provider vouches for (packages federation/oidc and federation/saml verify them), so
// the role's trust policy alone decides (authz.AuthorizeFederated). Operations not yet built
// answer NotImplemented (see Pending).
package sts
