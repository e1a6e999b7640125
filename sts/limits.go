package sts

import "time"

// Session durations. Sources: STS API Reference (AssumeRole, GetSessionToken,
// GetFederationToken: DurationSeconds) and the IAM User Guide, "Role chaining"
// (id_roles.md#iam-term-role-chaining).
const (
	// MinDuration is every session's shortest duration (the models' minimum, 900 seconds).
	MinDuration = 15 * time.Minute
	// DefaultRoleDuration is AssumeRole's default, and the MaxSessionDuration of a role
	// that sets none.
	DefaultRoleDuration = time.Hour
	// MaxChainedDuration caps a role session obtained with temporary credentials.
	MaxChainedDuration = time.Hour
	// DefaultUserDuration is GetSessionToken's and GetFederationToken's default for IAM users;
	// they allow up to the model's 129,600 seconds.
	DefaultUserDuration = 12 * time.Hour
	// MaxRootDuration caps (silently: "the session for AWS account owners defaults to one
	// hour") the sessions of the root user.
	MaxRootDuration = time.Hour
)

// Session tags and policies. Sources: IAM User Guide, "Passing session tags in AWS STS"
// (id_session-tags.md) and "IAM and AWS STS quotas" (reference_iam-quotas.html); STS API
// Reference, AssumeRole (PolicyArns: "You can provide up to 10 managed policy ARNs").
const (
	// MaxSessionTags is the most session tags a request may pass (the model enforces it too).
	MaxSessionTags = 50
	// MaxSessionPolicyARNs is the most managed session policies.
	MaxSessionPolicyARNs = 10
)

// PackedPolicySize. AWS serializes and compresses session policies and session tags into the
// token and reports the packed size as a percentage of "a finite token size limit" it does
// not publish, with separate messages for policies and for tags ("Packed policy consumes n%
// of allotted space" and "Packed size of session tags consumes n% of allotted space",
// re:Post knowledge center, iam-role-aws-sts-error). Gatehouse approximates it (packed.go):
// the inline policy, with insignificant whitespace removed, and the managed policy ARNs are
// DEFLATE-compressed and measured against packedPolicyBudget; session tags (inherited
// transitive ones included) count their key and value bytes plus two, against
// packedTagBudget. The budgets are set from published measurements: 40 tags of about 45
// characters use about 63% (a 2026 field report), and a realistic 2,048-character policy
// stays well under 100% while an incompressible one does not.
const (
	packedPolicyBudget = 1300
	packedTagBudget    = 3000
	packedTagOverhead  = 2
)

// Credential formats: AWS's temporary access key IDs are 20 characters (ASIA…) and secret
// access keys 40 characters of the base64 alphabet.
const secretAccessKeyLength = 40
