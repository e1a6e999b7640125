package credentials

import "time"

// AWS quotas and rules of the credentials family. Sources: IAM User Guide, "IAM and AWS STS
// quotas" (reference_iam-quotas.html), and the IAM API Reference's descriptions of the
// operations. Lengths and patterns of single parameters are the model's and are checked by
// wire/iamwire before an operation runs.
const (
	// MaxSSHPublicKeysPerUser: "SSH public keys assigned to an IAM user: 5".
	MaxSSHPublicKeysPerUser = 5
	// MaxSigningCertificatesPerUser: "Signing certificates assigned to an IAM user: 2" (also
	// the root user's).
	MaxSigningCertificatesPerUser = 2
	// MaxServiceCredentialsPerService: "You can have a maximum of two sets of
	// service-specific credentials for each supported service per user"
	// (CreateServiceSpecificCredential).
	MaxServiceCredentialsPerService = 2
	// MinRSAKeyBits: "The minimum bit-length of the public key is 2048 bits"
	// (UploadSSHPublicKey).
	MinRSAKeyBits = 2048
	// MaxPasswordHistory is how many former passwords are kept: PasswordReusePrevention allows
	// at most 24 (UpdateAccountPasswordPolicy).
	MaxPasswordHistory = 24
	// servicePasswordBytes is the randomness in a generated service password: 60 characters of
	// base64, ending in "=", as AWS's are.
	servicePasswordBytes = 44
	// apiKeySecretBytes is the randomness in a Bedrock API key's secret.
	apiKeySecretBytes = 40
	// day is the unit of MaxPasswordAge and CredentialAgeDays.
	day = 24 * time.Hour
)
