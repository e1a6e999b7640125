package roles

import (
	"time"

	"github.com/gatehouse-iam/gatehouse/policy"
)

// AWS quotas and API limits of the roles family. Sources: IAM User Guide, "IAM and AWS STS
// quotas" (reference_iam-quotas.html), and the IAM API Reference's parameter constraints.
// Lengths, patterns and ranges of single parameters (MaxSessionDuration 3600–43200, names,
// paths, descriptions) are the model's and are checked by wire/iamwire before an operation
// runs; what is left here is what needs state or spans parameters.
const (
	// MaxRolesPerAccount: "IAM roles in an AWS account: 1,000". Service-linked roles count.
	MaxRolesPerAccount = 1000
	// MaxInstanceProfilesPerAccount: "Instance profiles in an AWS account: 1,000".
	MaxInstanceProfilesPerAccount = 1000
	// MaxRolesPerInstanceProfile: "Roles in an instance profile: 1" (quota name
	// InstanceSessionsPerInstanceProfile in AWS's LimitExceeded answer).
	MaxRolesPerInstanceProfile = 1
	// MaxTrustPolicyChars is the role trust policy quota, whitespace not counted: "Role trust
	// policy length: 2,048 characters". AWS raises it on request up to
	// policy.MaxTrustPolicyCharsRaised (4,096); Gatehouse keeps the default.
	MaxTrustPolicyChars = policy.MaxTrustPolicyChars
	// DefaultMaxSessionDuration is a role's MaxSessionDuration when none is given (CreateRole:
	// "If you do not specify a value for this setting, the default value of one hour is
	// applied").
	DefaultMaxSessionDuration = 3600
	// ServiceLinkedRoleDeletionTime is how long a service-linked role deletion task reports
	// IN_PROGRESS before SUCCEEDED. AWS's tasks take seconds while the service checks that it
	// no longer uses the role; no AWS service uses Gatehouse's roles, so the check itself
	// always passes (see DeleteServiceLinkedRole).
	ServiceLinkedRoleDeletionTime = 2 * time.Second
)

// Quota names as AWS's LimitExceeded messages spell them ("Cannot exceed quota for …").
const (
	quotaRoles            = "RolesPerAccount"
	quotaInstanceProfiles = "InstanceProfilesPerAccount"
	quotaRolesInProfile   = "InstanceSessionsPerInstanceProfile"
	quotaTrustPolicySize  = "ACLSizePerRole"
	quotaTagsPerRole      = "TagsPerRole"
	quotaTagsPerProfile   = "TagsPerInstanceProfile"
)
