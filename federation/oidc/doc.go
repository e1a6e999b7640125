// Package oidc verifies OpenID Connect ID tokens (JWTs) the way AWS STS does for
// AssumeRoleWithWebIdentity: the token's signature against the issuer's published keys, its
// issuer against the IAM OIDC provider's URL, its audience against the provider's client IDs
// and its times against the clock with AWS's five minutes of skew.
//
//	jwt, err := oidc.Parse(token)                  // shape and algorithm only; no network
//	p := lookup(account, jwt.Claims.Issuer)         // the caller's IAM OIDC provider, if any
//	tok, err := verifier.Verify(ctx, p, token)      // everything, fetching keys when needed
//
// The accepted signature algorithms are the ones AWS documents for web identity tokens —
// RS256, RS384, RS512, ES256, ES384 and ES512 — and nothing else: "none", the HMAC family and
// any unknown name are refused while parsing, before a key is looked at, and a key is used only
// with the algorithm its type and curve allow, so an RSA public key can never serve as an HMAC
// secret.
//
// Keys come from the issuer over HTTPS: the discovery document at
// {issuer}/.well-known/openid-configuration names the jwks_uri, whose JSON Web Key Set is kept in
// a bounded cache (KeyCache) for as long as its Cache-Control max-age allows (within limits). A
// token signed with a key ID the cache does not know triggers one refetch, at most once per
// MinRefetchInterval per issuer, so rotation is picked up at once while a flood of forged key IDs
// costs the issuer nothing. TLS is trusted the way IAM documents it: the system roots first; when
// they do not vouch for the server, the SHA-1 thumbprint of the last certificate the server
// presents (the top intermediate or root CA, as "openssl s_client -showcerts" lists it) must be in
// the provider's ThumbprintList, and the chain must then verify up to that certificate for the
// host name.
//
// Failures are *Error values carrying the AWS error code the STS layer answers with
// (InvalidIdentityToken, ExpiredTokenException, IDPCommunicationError, IDPRejectedClaim) and
// AWS's message; a token, a key or a claim value is never part of an error.
//
// The package is separate from sts so that it depends on nothing of ours: it is pure protocol
// (JOSE, OIDC discovery, TLS trust) with an injected clock and HTTP transport, and the same code
// serves a verifying node whatever store it runs on.
package oidc
