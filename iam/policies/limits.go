package policies

import "github.com/gatehouse-iam/gatehouse/policy"

// AWS quotas of the policies family. Sources: IAM User Guide, "IAM and AWS STS quotas"
// (reference_iam-quotas.html). Lengths and patterns of single parameters are the model's and
// are checked by wire/iamwire before an operation runs.
const (
	// MaxPoliciesPerAccount: "Customer managed policies in an AWS account: 1500".
	MaxPoliciesPerAccount = 1500
	// MaxPolicyVersions: "Versions of a managed policy that can be stored: 5".
	MaxPolicyVersions = 5
	// MaxManagedPolicyChars: "Managed policy size: 6,144 characters", whitespace not counted.
	MaxManagedPolicyChars = policy.MaxManagedPolicyChars
	// MaxAttachedPerUser, MaxAttachedPerGroup and MaxAttachedPerRole: "Managed policies
	// attached to an IAM user / group / role: 10" (the default; AWS raises them on request).
	MaxAttachedPerUser  = 10
	MaxAttachedPerGroup = 10
	MaxAttachedPerRole  = 10
	// MaxGroupInlineChars and MaxRoleInlineChars are the aggregate sizes of a group's or a
	// role's inline policies, whitespace not counted: "Group policy size cannot exceed 5,120
	// characters", "Role policy size cannot exceed 10,240 characters".
	MaxGroupInlineChars = policy.MaxGroupInlineChars
	MaxRoleInlineChars  = policy.MaxRoleInlineChars
)

// AWS's quota names, as LimitExceeded messages spell them ("Cannot exceed quota for
// PoliciesPerUser: 10").
const (
	quotaPolicySize       = "PolicySize"
	quotaPoliciesPerAcct  = "PoliciesPerAccount" // unconfirmed spelling
	quotaTagsPerPolicy    = "TagsPerPolicy"      // unconfirmed spelling
	quotaPoliciesPerUser  = "PoliciesPerUser"
	quotaPoliciesPerGroup = "PoliciesPerGroup"
	quotaPoliciesPerRole  = "PoliciesPerRole"
)
