package providers

import (
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AWS's error texts. The confirmed ones were recorded from AWS (LocalStack's snapshot tests of
// OIDC providers, SAML providers and server certificates, and error texts quoted in issues);
// the ones marked "unconfirmed" follow AWS's wording for the nearest case.

// invalidARN: a provider ARN that is not an ARN at all. Unconfirmed (core's wording for
// boundary ARNs).
func invalidARN(arn string) *awserr.Error {
	return iamwire.ErrInvalidInput("ARN %s is not valid.", arn)
}

// tagLimitExceeded is TagOpenIDConnectProvider's answer past 50 tags (recorded from AWS); the
// SAML provider and server certificate tagging APIs, released with it, are assumed to answer
// alike (unconfirmed for those two).
func tagLimitExceeded() *awserr.Error {
	return iamwire.ErrLimitExceeded("The number of tags has reached the maximum limit.")
}

// OpenID Connect providers.

func invalidOIDCURL() *awserr.Error {
	return awserr.ValidationError("Invalid Open ID Connect Provider URL")
}

func oidcExists(url string) *awserr.Error {
	return iamwire.ErrEntityAlreadyExists("Provider with url %s already exists.", url)
}

func noSuchOIDC(arn string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("OpenIDConnect Provider not found for arn %s", arn)
}

func tooManyThumbprints() *awserr.Error {
	return iamwire.ErrInvalidInput("Thumbprint list must contain fewer than %d entries.", MaxThumbprintsPerOIDCProvider)
}

// invalidThumbprint: a thumbprint that is not 40 hexadecimal digits (the model checks only the
// length). Unconfirmed.
func invalidThumbprint(tp string) *awserr.Error {
	return iamwire.ErrInvalidInput("Thumbprint %s is not a 40-character hexadecimal SHA-1 fingerprint.", tp)
}

// SAML providers.

// samlExists: unconfirmed.
func samlExists(name string) *awserr.Error {
	return iamwire.ErrEntityAlreadyExists("SAMLProvider named %s already exists.", name)
}

// noSuchSAML is GetSAMLProvider's and DeleteSAMLProvider's answer (recorded from AWS).
func noSuchSAML(arn string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("Manifest not found for arn %s", arn)
}

// invalidMetadata: a metadata document that does not parse or lacks what a SAML 2.0 IdP's
// metadata needs. Unconfirmed wording (quoted by users for malformed metadata).
func invalidMetadata() *awserr.Error {
	return iamwire.ErrInvalidInput("Could not parse metadata")
}

// invalidSAMLPrivateKey: AddPrivateKey is not an unencrypted PEM RSA or EC private key.
// Unconfirmed.
func invalidSAMLPrivateKey() *awserr.Error {
	return iamwire.ErrInvalidInput("The private key is not a valid unencrypted PEM-encoded RSA or EC private key.")
}

// encryptionNeedsKey: AssertionEncryptionMode Required with no private key left. Unconfirmed.
func encryptionNeedsKey() *awserr.Error {
	return iamwire.ErrInvalidInput("A private key is required when AssertionEncryptionMode is Required.")
}

// addAndRemoveKey: AWS rotates keys in two requests (add, then remove). Unconfirmed.
func addAndRemoveKey() *awserr.Error {
	return iamwire.ErrInvalidInput("Add the new private key and remove the old one in separate requests.")
}

// noSuchSAMLKey: RemovePrivateKey names a key the provider does not have. Unconfirmed.
func noSuchSAMLKey(id string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("The private key with id %s cannot be found.", id)
}

// Server certificates.

func noSuchServerCert(name string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("The Server Certificate with name %s cannot be found.", name)
}

func serverCertExists(name string) *awserr.Error {
	return iamwire.ErrEntityAlreadyExists("The Server Certificate with name %s already exists.", name)
}

func malformedCertificate() *awserr.Error {
	return iamwire.ErrMalformedCertificate("Unable to parse certificate. Please ensure the certificate is in PEM format.")
}

// malformedPrivateKey: unconfirmed (AWS's wording for the certificate, applied to the key).
func malformedPrivateKey() *awserr.Error {
	return iamwire.ErrMalformedCertificate("Unable to parse private key. Please ensure the private key is an unencrypted RSA or ECDSA key in PEM format.")
}

// invalidChain is AWS's answer for a chain that does not link up (quoted from AWS in issues);
// index is the position of the certificate that failed, -1 for the certificate body.
func invalidChain(index int) *awserr.Error {
	return iamwire.ErrMalformedCertificate("Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: %d", index)
}

// keyPairMismatch: unconfirmed (the API reference's description of KeyPairMismatch).
func keyPairMismatch() *awserr.Error {
	return iamwire.ErrKeyPairMismatch("The public key certificate and the private key do not match.")
}
