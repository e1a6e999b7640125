// Package providers implements IAM's operations on identity providers and certificates:
// OpenID Connect and SAML 2.0 identity providers (with their client IDs, thumbprints, metadata
// documents and assertion-decryption keys) and server certificates. Package iam composes it
// with the other operation families.
//
// It is separate because these entities stand apart from IAM's principals: nothing attaches
// policies to them, and what they hold (issuer URLs, metadata, certificates and sealed private
// keys) is read back by STS federation (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) and by
// services terminating TLS, not by the authorizer. The SAML metadata reader lives in the
// standard-library-only subpackage samlmeta so that STS can share it.
package providers
