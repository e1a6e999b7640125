// Package issuer mints the JSON Web Tokens STS GetWebIdentityToken returns (outbound identity
// federation) and renders what an external service needs to verify them: the OpenID discovery
// document and the JWKS at the account's issuer URL.
//
//	is, err := issuer.Open(ctx, store, "https://gatehouse.example.com/accounts/111122223333", now)
//	err = is.Rotate(ctx, issuer.ES384)                    // a new signing key; the old one stays published
//	tok, exp, err := is.Mint(issuer.Request{Subject: roleARN, Audiences: aud, Algorithm: issuer.ES384, ...})
//	w.Write(is.Discovery()); w.Write(is.JWKS())
//
// Tokens carry the claims AWS documents (IAM User Guide, "Understanding token claims"): iss, aud,
// sub (the principal's ARN), iat, exp, jti, and under the "https://sts.amazonaws.com/" namespace
// aws_account, source_region, org_id, ou_path, principal_tags, request_tags and any session
// context. They are signed with RS256 (RSA-2048) or ES384 (P-384), the two algorithms
// GetWebIdentityToken offers, for 60–3600 seconds, to 1–10 audiences.
//
// Keys rotate: Rotate makes a new active key for an algorithm and retires the previous one, which
// stays in the JWKS until every token it signed has expired (MaxLifetime after its retirement),
// then Prune drops it. Private keys leave the package only as PKCS #8 DER through the small Store
// interface, for the caller to seal (keyring) and keep (store), so every node signs and publishes
// alike.
//
// The package imports nothing of ours; errors are *Error values carrying the AWS code.
package issuer
