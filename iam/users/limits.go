package users

import "github.com/gatehouse-iam/gatehouse/policy"

// AWS quotas and API limits of the users family. Sources: IAM User Guide, "IAM and AWS STS
// quotas" (reference_iam-quotas.html), and the IAM API Reference's parameter constraints.
// Lengths and patterns of single parameters are the model's and are checked by wire/iamwire
// before an operation runs; what is left here is what needs state or spans parameters.
const (
	// MaxAccessKeysPerUser: "Access keys assigned to an IAM user: 2" (also the root user's).
	MaxAccessKeysPerUser = 2
	// MaxUsersPerAccount: "IAM users in an AWS account: 5000".
	MaxUsersPerAccount = 5000
	// MaxUserInlinePolicyChars is the aggregate size of a user's inline policies, whitespace
	// not counted: "User policy size cannot exceed 2,048 characters".
	MaxUserInlinePolicyChars = policy.MaxUserInlineChars
)
