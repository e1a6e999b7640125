// Package providers implements IAM's operations on identity providers and certificates: OpenID Connect and SAML providers, and server certificates.
// Package iam composes it with the other operation families.
package providers
