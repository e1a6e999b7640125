package iam

import "github.com/gatehouse-iam/gatehouse/policy"

// AWS quotas and API limits. Sources: IAM User Guide, "IAM and AWS STS quotas"
// (reference_iam-quotas.html), and the IAM API Reference's parameter constraints. Lengths and
// patterns of single parameters are the model's and are checked by wire/iamwire before an
// operation runs; what is left here is what needs state or spans parameters.
const (
	// MaxAccessKeysPerUser: "Access keys assigned to an IAM user: 2" (also the root user's).
	MaxAccessKeysPerUser = 2
	// MaxUsersPerAccount: "IAM users in an AWS account: 5000".
	MaxUsersPerAccount = 5000
	// MaxTagsPerResource: "Tags per IAM resource (user, role, …): 50".
	MaxTagsPerResource = 50
	// MaxUserInlinePolicyChars is the aggregate size of a user's inline policies, whitespace
	// not counted: "User policy size cannot exceed 2,048 characters".
	MaxUserInlinePolicyChars = policy.MaxUserInlineChars
	// DefaultMaxItems is what a List operation returns without MaxItems (IAM API Reference,
	// Common Parameters: "If you do not include this parameter, the number of items defaults
	// to 100"); the model caps MaxItems at 1000.
	DefaultMaxItems = 100
	// SecretAccessKeyLength is the length of the secret access keys AWS issues (40
	// characters of the base64 alphabet).
	SecretAccessKeyLength = 40
)
