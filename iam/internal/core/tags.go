package core

import (
	"strings"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// reservedTagPrefix begins the tag keys AWS reserves for itself, in any case.
const reservedTagPrefix = "aws:"

// CheckNewTags applies the rules the model cannot express to tags a request adds to a
// resource that has existing tags: keys unique without regard to case (IAM tag keys are case
// insensitive), no reserved aws: prefix, and at most MaxTagsPerResource once merged.
func CheckNewTags(add []iamwire.Tag, existing []store.Tag, quota string) *awserr.Error {
	seen := make(map[string]bool, len(add)+len(existing))
	for _, t := range add {
		k := strings.ToLower(t.Key)
		if seen[k] {
			return DuplicateTagKeys()
		}
		seen[k] = true
		if strings.HasPrefix(k, reservedTagPrefix) {
			return ReservedTagKey(t.Key)
		}
	}
	total := len(add)
	for _, t := range existing {
		if !seen[strings.ToLower(t.Key)] {
			total++
		}
	}
	if total > MaxTagsPerResource {
		return QuotaExceeded(quota, MaxTagsPerResource)
	}
	return nil
}

func StoreTags(tags []iamwire.Tag) []store.Tag {
	out := make([]store.Tag, len(tags))
	for i, t := range tags {
		out[i] = store.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

// WireTags converts stored tags to the wire shape; nil when there are none, so the member is
// left out of the response.
func WireTags(tags []store.Tag) []iamwire.Tag {
	if len(tags) == 0 {
		return nil
	}
	out := make([]iamwire.Tag, len(tags))
	for i, t := range tags {
		out[i] = iamwire.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

// ResourceTagKeys are the condition keys describing an existing resource's tags: the global
// aws:ResourceTag/… and IAM's own iam:ResourceTag/… (Service Authorization Reference, IAM
// resource types).
func ResourceTagKeys(tags []store.Tag) []authz.Key {
	keys := make([]authz.Key, 0, 2*len(tags))
	for _, t := range tags {
		keys = append(keys, authz.StringKey("aws:ResourceTag/"+t.Key, t.Value), authz.StringKey("iam:ResourceTag/"+t.Key, t.Value))
	}
	return keys
}

// RequestTagKeys are the condition keys of tags a request adds: aws:RequestTag/… and
// aws:TagKeys.
func RequestTagKeys(tags []iamwire.Tag) []authz.Key {
	keys := make([]authz.Key, 0, len(tags)+1)
	names := make([]string, 0, len(tags))
	for _, t := range tags {
		keys = append(keys, authz.StringKey("aws:RequestTag/"+t.Key, t.Value))
		names = append(names, t.Key)
	}
	return append(keys, authz.ListKey("aws:TagKeys", names))
}
