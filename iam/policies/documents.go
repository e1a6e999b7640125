package policies

import (
	"strings"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// checkManagedDocument applies IAM's rules for a managed policy version's document: at most
// MaxManagedPolicyChars without whitespace (LimitExceeded), and a valid identity policy
// (MalformedPolicyDocument with the validator's first message).
func checkManagedDocument(doc string) error {
	if policy.SizeWithoutWhitespace([]byte(doc)) > MaxManagedPolicyChars {
		return core.QuotaExceeded(quotaPolicySize, MaxManagedPolicyChars)
	}
	if err := core.ValidateDocument(doc, policy.IAMManaged); err != nil {
		return err
	}
	return nil
}

// checkPolicyTags applies the tag rules to tags added to a policy with existing tags. Keys
// that differ only in case are refused as duplicates, since the store keeps tag keys unique
// without regard to case (AWS itself keeps both spellings on a policy).
func checkPolicyTags(add []iamwire.Tag, existing []store.Tag) error {
	seen := make(map[string]bool, len(add))
	for _, t := range add {
		k := strings.ToLower(t.Key)
		if seen[k] {
			return iamerr.DuplicatePolicyTagKeys.Err()
		}
		seen[k] = true
	}
	if err := core.CheckNewTags(add, existing, quotaTagsPerPolicy); err != nil {
		return err
	}
	return nil
}
