// Package fedtest builds the real counterparts the federation packages are tested against: a
// test PKI (root and intermediate CAs, leaf certificates, CRLs) and a local HTTPS OpenID Connect
// issuer that serves its discovery document and JWKS and mints tokens with an independent JOSE
// library (go-jose), so that what federation/oidc accepts was produced by code that is not ours.
//
// It is for tests only: cmd/gatehouse's TestBinaryDeps keeps it (and go-jose) out of the server
// binary. Servers listen on 127.0.0.1 only.
package fedtest
