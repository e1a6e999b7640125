package groups

// AWS quotas of the groups family. Source: IAM User Guide, "IAM and AWS STS quotas"
// (reference_iam-quotas.html). Lengths and patterns of single parameters are the model's and
// are checked by wire/iamwire before an operation runs.
const (
	// MaxGroupsPerAccount: "Groups in an AWS account: 300".
	MaxGroupsPerAccount = 300
	// MaxGroupsPerUser: "Groups an IAM user can be a member of: 10".
	MaxGroupsPerUser = 10
)

// Quota names as AWS's LimitExceeded messages spell them ("Cannot exceed quota for …").
const (
	quotaGroups        = "GroupsPerAccount"
	quotaGroupsPerUser = "GroupsPerUser"
)
