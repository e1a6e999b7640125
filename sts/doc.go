// Package sts is AWS Security Token Service: the stswire.Handler that answers STS's
// operations for an authenticated, authorized caller.
//
// It owns the operations (one per file) and their AWS semantics; it takes and returns the
// generated wire types and never sees HTTP. It is separate from iam because STS is its own
// service on the wire (its own signing name, API version and errors), and services never
// import each other: what both need (the caller, the policies, the store) comes from authz
// and store. Issue 3 brings GetCallerIdentity and GetAccessKeyInfo; the session operations
// (AssumeRole, GetSessionToken, …) answer NotImplemented until issue 5.
package sts
