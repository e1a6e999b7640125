package providers

// AWS quotas and limits of the providers family. Sources: IAM User Guide, "IAM and AWS STS
// quotas" (reference_iam-quotas.html), the IAM API Reference's operation pages, and responses
// recorded from AWS. Lengths and patterns of single parameters are the model's and are checked
// by wire/iamwire before an operation runs; what is left here needs state or spans parameters.
const (
	// MaxOIDCProvidersPerAccount: "OpenID Connect providers in an AWS account: 100".
	MaxOIDCProvidersPerAccount = 100
	// MaxClientIDsPerOIDCProvider: "Client IDs per OpenID Connect provider: 100" (AWS answers
	// LimitExceeded "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100").
	MaxClientIDsPerOIDCProvider = 100
	// MaxThumbprintsPerOIDCProvider: "Thumbprints per OpenID Connect provider: 5".
	MaxThumbprintsPerOIDCProvider = 5
	// MaxSAMLProvidersPerAccount: "SAML providers in an AWS account: 100".
	MaxSAMLProvidersPerAccount = 100
	// MaxPrivateKeysPerSAMLProvider: a SAML provider holds at most two assertion-decryption
	// keys, the current one and the next during a rotation ("Keys per SAML provider: 2").
	MaxPrivateKeysPerSAMLProvider = 2
	// MaxServerCertificatesPerAccount: "Server certificates stored in an AWS account: 20".
	MaxServerCertificatesPerAccount = 20
)

// SAMLDefaultValidityYears is how long a SAML provider is valid when its metadata has no
// validUntil: AWS reports a ValidUntil 100 years to the day after the provider's creation
// (GetSAMLProvider output recorded from AWS: created 2025-12-22, valid until 2125-12-22).
const SAMLDefaultValidityYears = 100
