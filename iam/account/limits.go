package account

import (
	"time"

	"github.com/gatehouse-iam/gatehouse/policy"
)

// AWS quotas and rules of the account family, and the quotas GetAccountSummary reports.
// Sources: IAM User Guide, "IAM and AWS STS quotas" (reference_iam-quotas.html), "Getting
// credential reports" and "Setting an account password policy"; the IAM API Reference. The
// summary's quotas are AWS's defaults, as a fresh AWS account reports them.
const (
	// ReportMinInterval: "You can generate a credential report as often as once every four
	// hours"; a newer report is returned as it is.
	ReportMinInterval = 4 * time.Hour
	// ReportLifetime: a report older than this has expired (GetCredentialReport answers
	// ReportExpired) and the next GenerateCredentialReport makes a new one.
	ReportLifetime = ReportMinInterval

	// DefaultMinimumPasswordLength is UpdateAccountPasswordPolicy's MinimumPasswordLength when
	// the request leaves it out: "the default value of 6".
	DefaultMinimumPasswordLength = 6

	// ReportPageSize is how many users the credential report reads per store page.
	ReportPageSize = 1000
)

// summaryQuotas are the quota entries of GetAccountSummary's SummaryMap.
var summaryQuotas = map[string]int32{
	"UsersQuota":                      5000,
	"GroupsQuota":                     300,
	"RolesQuota":                      1000,
	"PoliciesQuota":                   1500,
	"InstanceProfilesQuota":           1000,
	"ServerCertificatesQuota":         20,
	"PolicyVersionsInUseQuota":        10000,
	"VersionsPerPolicyQuota":          5,
	"GroupsPerUserQuota":              10,
	"AttachedPoliciesPerUserQuota":    10,
	"AttachedPoliciesPerGroupQuota":   10,
	"AttachedPoliciesPerRoleQuota":    10,
	"AccessKeysPerUserQuota":          2,
	"SigningCertificatesPerUserQuota": 2,
	"PolicySizeQuota":                 policy.MaxManagedPolicyChars,
	"UserPolicySizeQuota":             policy.MaxUserInlineChars,
	"GroupPolicySizeQuota":            policy.MaxGroupInlineChars,
	"RolePolicySizeQuota":             policy.MaxRoleInlineChars,
	"AssumeRolePolicySizeQuota":       policy.MaxTrustPolicyChars,
}
