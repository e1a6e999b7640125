package core

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Tagged is a taggable entity as the tagging rows find it: its tag resource and its tags.
type Tagged struct {
	Resource store.Resource
	Tags     []store.Tag
}

// Taggable is one kind of taggable entity (user, role, customer managed policy, instance
// profile, OIDC provider, SAML provider, server certificate, virtual MFA device): what the one
// tagging implementation (TagRow, UntagRow, ListTagsRow) needs to know about it. Every kind's
// tags live in the store's one tag mechanism (store.Tags), keyed by store.Resource.
type Taggable[S Family] struct {
	// Prefixes are the prefixes of the kind's tag condition keys: ResourceTagPrefixes, or
	// "aws:ResourceTag" alone for the resource types the Service Authorization Reference gives
	// no iam:ResourceTag (mfa).
	Prefixes []string
	// Lookup reads the entity a request names (its name, ARN or serial number) in a
	// transaction: the ARN it is authorized on and its tag resource; store.ErrNotFound when the
	// caller's account has none.
	Lookup func(ctx context.Context, tx store.Tx, account, name string) (arn string, r store.Resource, err error)
	// Missing is the ARN a name that names nothing is authorized on, and the NoSuchEntity
	// answered after authorization.
	Missing func(account, name string) (string, *awserr.Error)
	// Quota names the tags-per-resource quota in LimitExceeded (CheckNewTags).
	Quota string
	// Check, when set, replaces CheckNewTags (kinds whose limits AWS words otherwise).
	Check func(add []iamwire.Tag, existing []store.Tag) error
	// Find, when set, replaces the resolver made from Lookup and Missing (kinds whose
	// authorization has rules of its own). change is true for TagRow and UntagRow.
	Find func(s S, ctx context.Context, call *callctx.Call, name string, change bool) (op.Target[Tagged], error)
}

// keys names the condition keys of the kind's tags.
func (k *Taggable[S]) keys() []string {
	keys := make([]string, len(k.Prefixes))
	for i, p := range k.Prefixes {
		keys[i] = p + "/${TagKey}"
	}
	return keys
}

// find reads the entity named, with its tags.
func (k *Taggable[S]) find(s S, ctx context.Context, call *callctx.Call, name string, change bool) (op.Target[Tagged], error) {
	if k.Find != nil {
		return k.Find(s, ctx, call, name, change)
	}
	account := call.Caller.AccountID
	var t op.Target[Tagged]
	err := s.Shared().Store.View(ctx, func(tx store.Tx) error {
		a, res, err := k.Lookup(ctx, tx, account, name)
		if err != nil {
			return err
		}
		tags, err := tx.Tags().List(ctx, res)
		t = op.Target[Tagged]{ARN: a, Keys: op.ResourceTagKeys(tags, k.Prefixes...), Entity: Tagged{Resource: res, Tags: tags}}
		return err
	})
	if IsNotFound(err) {
		a, missing := k.Missing(account, name)
		return op.Target[Tagged]{ARN: a, Missing: missing}, nil
	}
	return t, err
}

// inTx re-reads, in a write transaction, the tag resource a request was authorized on: the
// entity may have gone, or been replaced by another of the same name, since.
func (k *Taggable[S]) inTx(ctx context.Context, tx store.Tx, account, name string, was store.Resource) (store.Resource, error) {
	_, res, err := k.Lookup(ctx, tx, account, name)
	if IsNotFound(err) || err == nil && res != was {
		_, missing := k.Missing(account, name)
		return res, missing
	}
	return res, err
}

// resolver is the rows' resolver: the entity named by the request member name.
func tagResolver[S Family, In any](k *Taggable[S], name func(*In) string, change bool) op.Resolver[S, In, Tagged] {
	return op.Resolver[S, In, Tagged]{Keys: k.keys(),
		Find: func(s S, ctx context.Context, call *callctx.Call, in *In) (op.Target[Tagged], error) {
			return k.find(s, ctx, call, name(in), change)
		}}
}

// TagRow is the Tag* operation of a kind: it adds tags to the entity the request names,
// replacing the value (and the key's spelling) of any tag whose key matches without regard to
// case. The tags must be unique without regard to case, not reserved (aws:), and at most
// MaxTagsPerResource once merged. args returns the entity's name and the tags.
func TagRow[S Family, In, Out any](k *Taggable[S], name string, args func(*In) (string, []iamwire.Tag)) *op.Op[S, In, Out, Tagged] {
	return &op.Op[S, In, Out, Tagged]{Name: name, Action: "iam:" + name,
		Resolve: tagResolver(k, func(in *In) string { n, _ := args(in); return n }, true),
		Keys:    []op.KeySource[In]{op.RequestTags(func(in *In) []iamwire.Tag { _, t := args(in); return t })},
		Handle: func(s S, ctx context.Context, r *op.Request[In, Tagged]) (*Out, error) {
			name, add := args(r.In)
			err := s.Shared().Store.Update(ctx, func(tx store.Tx) error {
				res, err := k.inTx(ctx, tx, r.Account(), name, r.Entity().Resource)
				if err != nil {
					return err
				}
				existing, err := tx.Tags().List(ctx, res)
				if err != nil {
					return err
				}
				if k.Check != nil {
					err = k.Check(add, existing)
				} else if e := CheckNewTags(add, existing, k.Quota); e != nil {
					err = e
				}
				if err != nil {
					return err
				}
				return tx.Tags().Put(ctx, res, StoreTags(add))
			})
			if err != nil {
				return nil, err
			}
			return new(Out), nil
		}}
}

// UntagRow is the Untag* operation of a kind: it removes the entity's tags with the keys given,
// ignoring case; keys the entity does not have are ignored, as AWS ignores them. args returns
// the entity's name and the keys.
func UntagRow[S Family, In, Out any](k *Taggable[S], name string, args func(*In) (string, []string)) *op.Op[S, In, Out, Tagged] {
	return &op.Op[S, In, Out, Tagged]{Name: name, Action: "iam:" + name,
		Resolve: tagResolver(k, func(in *In) string { n, _ := args(in); return n }, true),
		Keys:    []op.KeySource[In]{op.TagKeysOf(func(in *In) []string { _, keys := args(in); return keys })},
		Handle: func(s S, ctx context.Context, r *op.Request[In, Tagged]) (*Out, error) {
			name, keys := args(r.In)
			err := s.Shared().Store.Update(ctx, func(tx store.Tx) error {
				res, err := k.inTx(ctx, tx, r.Account(), name, r.Entity().Resource)
				if err != nil {
					return err
				}
				return tx.Tags().Remove(ctx, res, keys)
			})
			if err != nil {
				return nil, err
			}
			return new(Out), nil
		}}
}

// TagList is the shape of every List*Tags answer.
type TagList = struct {
	Tags        []iamwire.Tag
	IsTruncated *bool
	Marker      *string
}

// ListTagsRow is the List*Tags operation of a kind: the entity's tags in the order their keys
// were first added, in pages cut from the full list (SlicePage). Tags is never nil, as AWS
// always answers the member. args returns the entity's name, the Marker and MaxItems.
func ListTagsRow[S Family, In any, Out ~TagList](k *Taggable[S], name string, args func(*In) (string, *string, *int32)) *op.Op[S, In, Out, Tagged] {
	return &op.Op[S, In, Out, Tagged]{Name: name, Action: "iam:" + name,
		Resolve: tagResolver(k, func(in *In) string { n, _, _ := args(in); return n }, false),
		Handle: func(s S, ctx context.Context, r *op.Request[In, Tagged]) (*Out, error) {
			_, marker, maxItems := args(r.In)
			l, err := SlicePage(r.Entity().Tags, marker, maxItems)
			if err != nil {
				return nil, err
			}
			out := Out(TagList{Tags: Convert(l, wireTag).Items, IsTruncated: l.IsTruncated, Marker: l.Marker})
			return &out, nil
		}}
}

func wireTag(t *store.Tag) iamwire.Tag { return iamwire.Tag{Key: t.Key, Value: t.Value} }
