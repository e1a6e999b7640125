package iam

import (
	"strings"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// reservedTagPrefix begins the tag keys AWS reserves for itself, in any case.
const reservedTagPrefix = "aws:"

// checkNewTags applies the rules the model cannot express to tags a request adds to a
// resource that has existing tags: keys unique without regard to case (IAM tag keys are case
// insensitive), no reserved aws: prefix, and at most MaxTagsPerResource once merged.
func checkNewTags(add []iamwire.Tag, existing []store.Tag, quota string) *awserr.Error {
	seen := make(map[string]bool, len(add)+len(existing))
	for _, t := range add {
		k := strings.ToLower(t.Key)
		if seen[k] {
			return duplicateTagKeys()
		}
		seen[k] = true
		if strings.HasPrefix(k, reservedTagPrefix) {
			return reservedTagKey(t.Key)
		}
	}
	total := len(add)
	for _, t := range existing {
		if !seen[strings.ToLower(t.Key)] {
			total++
		}
	}
	if total > MaxTagsPerResource {
		return quotaExceeded(quota, MaxTagsPerResource)
	}
	return nil
}

func storeTags(tags []iamwire.Tag) []store.Tag {
	out := make([]store.Tag, len(tags))
	for i, t := range tags {
		out[i] = store.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}
