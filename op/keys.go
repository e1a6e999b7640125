package op

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
)

// The global condition keys of tagging, as the Service Authorization Reference names them.
const (
	RequestTag  = "aws:RequestTag/${TagKey}"
	ResourceTag = "aws:ResourceTag/${TagKey}"
	TagKeys     = "aws:TagKeys"
)

// Tag is the shape every service's tag has: a key and a value. Generated tag types
// (iamwire.Tag, stswire.Tag, …) and store.Tag convert to it.
type Tag = struct {
	Key   string
	Value string
}

// RequestTags are the condition keys of the tags a request adds: aws:RequestTag/KEY for each
// and aws:TagKeys for all of them (IAM User Guide, "Controlling access during AWS requests").
// Without tags the request carries neither.
func RequestTags[In any, T ~Tag](tags func(*In) []T) KeySource[In] {
	return KeySource[In]{Keys: []string{RequestTag, TagKeys}, Of: func(in *In) []authz.Key {
		ts := tags(in)
		if len(ts) == 0 {
			return nil
		}
		keys := make([]authz.Key, 0, len(ts)+1)
		names := make([]string, 0, len(ts))
		for _, t := range ts {
			t := Tag(t)
			keys = append(keys, authz.StringKey("aws:RequestTag/"+t.Key, t.Value))
			names = append(names, t.Key)
		}
		return append(keys, authz.ListKey(TagKeys, names))
	}}
}

// RequestTagMap is RequestTags for services whose tags are a map (restJson1 services such as
// Access Analyzer).
func RequestTagMap[In any](tags func(*In) map[string]string) KeySource[In] {
	return KeySource[In]{Keys: []string{RequestTag, TagKeys}, Of: func(in *In) []authz.Key {
		m := tags(in)
		if len(m) == 0 {
			return nil
		}
		keys := make([]authz.Key, 0, len(m)+1)
		names := make([]string, 0, len(m))
		for k, v := range m {
			keys = append(keys, authz.StringKey("aws:RequestTag/"+k, v))
			names = append(names, k)
		}
		return append(keys, authz.ListKey(TagKeys, names))
	}}
}

// TagKeysOf is aws:TagKeys for a request that names tag keys only (Untag…).
func TagKeysOf[In any](keys func(*In) []string) KeySource[In] {
	return KeySource[In]{Keys: []string{TagKeys}, Of: func(in *In) []authz.Key {
		return []authz.Key{authz.ListKey(TagKeys, keys(in))}
	}}
}

// StringKeyOf is a single-valued condition key taken from an optional request member; absent,
// the request does not carry the key.
func StringKeyOf[In any](name string, value func(*In) *string) KeySource[In] {
	return KeySource[In]{Keys: []string{name}, Of: func(in *In) []authz.Key {
		if v := value(in); v != nil && *v != "" {
			return []authz.Key{authz.StringKey(name, *v)}
		}
		return nil
	}}
}

// ResourceTagKeys are the condition keys describing an existing resource's tags: for each tag,
// KEYPREFIX/KEY for every prefix given ("aws:ResourceTag", and IAM's "iam:ResourceTag" for the
// resource types that have it).
func ResourceTagKeys[T ~Tag](tags []T, prefixes ...string) []authz.Key {
	keys := make([]authz.Key, 0, len(prefixes)*len(tags))
	for _, t := range tags {
		t := Tag(t)
		for _, p := range prefixes {
			keys = append(keys, authz.StringKey(p+"/"+t.Key, t.Value))
		}
	}
	return keys
}

// At is a resolver for an operation whose resource is an ARN computed from the request (a
// create, a list scoped by path); nothing is read and nothing can be missing.
func At[S, In any](resource func(call *callctx.Call, in *In) string) Resolver[S, In, None] {
	return Resolver[S, In, None]{Find: func(_ S, _ context.Context, call *callctx.Call, in *In) (Target[None], error) {
		return Target[None]{ARN: resource(call, in)}, nil
	}}
}
