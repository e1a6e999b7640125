// Package x509auth authenticates IAM Roles Anywhere CreateSession requests: requests signed with
// AWS4-X509-RSA-SHA256 or AWS4-X509-ECDSA-SHA256 by the private key of an X.509 certificate that
// travels with the request (X-Amz-X509, and its chain in X-Amz-X509-Chain).
//
//	req, err := v.Authenticate(r, body)          // the signature, with the certificate's key
//	anchor := lookup(trustAnchorArn)             // the caller's trust anchor and its CRLs
//	err = req.VerifyChain(anchor)                // chain, validity, key usage, revocation
//	tags, err := x509auth.SessionTags(req.Certificate, profileMappings)
//
// The signature is SigV4's (IAM Roles Anywhere User Guide, "Signing process"): the same
// canonical request and string to sign, built by package sigv4, with the algorithm name in its
// first line, the certificate's decimal serial number as the credential's key ID, and the string
// to sign signed with RSA PKCS #1 v1.5 or ECDSA (ASN.1) over SHA-256, hex-encoded — what
// aws_signing_helper (github.com/aws/rolesanywhere-credential-helper) sends.
//
// Session tags follow the profile's attribute mappings (default: every supported RDN of the
// subject and issuer, and the first DNS, URI and directory-name SAN): x509Subject/CN,
// x509Issuer/O, x509SAN/DNS, x509SAN/Name/CN and so on, the keys a trust policy tests as
// aws:PrincipalTag/x509Subject/CN.
//
// Failures are *Error values with the Roles Anywhere error code (AccessDeniedException for an
// untrusted, expired or revoked certificate or a bad signature; ValidationException for a
// malformed certificate header) or SigV4's code for a malformed Authorization header.
//
// The package is separate from the Roles Anywhere service so that it depends only on sigv4 and
// the standard library: it decides whether a request was signed by the holder of a certificate
// a trust anchor vouches for, and nothing about profiles, roles or stores.
package x509auth
