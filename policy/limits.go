package policy

// Size limits. Sources: IAM User Guide, "IAM and AWS STS quotas" (reference_iam-quotas.html)
// and the AWS Organizations User Guide, "Quotas and service limits for AWS Organizations"
// (orgs_reference_limits.html).
const (
	// MaxManagedPolicyChars is a managed policy's size, whitespace not counted. The IAM API
	// applies it to customer managed policies; it is also the boundary limit below.
	MaxManagedPolicyChars = 6144
	// MaxUserInlineChars, MaxGroupInlineChars and MaxRoleInlineChars are the aggregate sizes
	// of all inline policies of one user, group or role, whitespace not counted. The IAM API
	// enforces the aggregates; Parse can only cap one identity document at the largest.
	MaxUserInlineChars  = 2048
	MaxGroupInlineChars = 5120
	MaxRoleInlineChars  = 10240
	// MaxTrustPolicyChars is the default role trust policy quota (whitespace not counted);
	// MaxTrustPolicyCharsRaised is the most the quota can be raised to. Parse applies the
	// raised value; the IAM API applies the account's quota.
	MaxTrustPolicyChars       = 2048
	MaxTrustPolicyCharsRaised = 4096
	// MaxSessionPolicyChars is the plain-text size of an inline session policy passed to
	// AssumeRole*, GetFederationToken (every character counts).
	MaxSessionPolicyChars = 2048
	// MaxOrganizationsPolicyChars is the size of an SCP or RCP document. Organizations counts
	// every character, whitespace included.
	MaxOrganizationsPolicyChars = 5120
)

// Reader limits: caps on what the JSON reader accepts from any source, so hostile input
// cannot make it allocate without bound or recurse deeply. They are Gatehouse's, set well
// above anything a valid policy needs.
const (
	// MaxDocumentBytes bounds any policy document. Customer policies are far smaller (a KMS
	// key policy, the largest, is 32 KiB), but AWS managed policies are exempt from the
	// quotas: the largest, AWSSupportServiceRolePolicy, is about 230 KB of formatted JSON.
	MaxDocumentBytes = 512 << 10
	// MaxNesting bounds JSON nesting. A valid policy nests at most six deep
	// (document → Statement → statement → Condition → operator → value list).
	MaxNesting = 16
)
