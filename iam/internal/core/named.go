package core

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
)

// Named is a kind of entity that requests name (a role, an instance profile, a provider, a
// certificate, a managed policy, …): how a family reads one, and what a name that names
// nothing is authorized on and answered. ByName makes its resolver.
type Named[E any] struct {
	// Keys names the condition keys Read may return, as the Service Authorization Reference
	// spells them.
	Keys []string
	// Read reads the entity named in a read transaction, with the ARN it is authorized on and
	// its condition keys; store.ErrNotFound when the caller's account has none.
	Read func(ctx context.Context, tx store.Tx, account, name string) (e E, arn string, keys []authz.Key, err error)
	// Missing is the ARN a name that names nothing is authorized on, and the NoSuchEntity
	// answered after authorization.
	Missing func(account, name string) (string, *awserr.Error)
}

// Find reads the entity named in the account: its target, with Missing set when there is none.
func (k *Named[E]) Find(ctx context.Context, st store.Store, account, name string) (op.Target[E], error) {
	var t op.Target[E]
	err := st.View(ctx, func(tx store.Tx) error {
		e, a, keys, err := k.Read(ctx, tx, account, name)
		t = op.Target[E]{ARN: a, Keys: keys, Entity: e}
		return err
	})
	if IsNotFound(err) {
		a, missing := k.Missing(account, name)
		return op.Target[E]{ARN: a, Missing: missing}, nil
	}
	return t, err
}

// ByName is the resolver of an operation on the entity of kind k that the request names.
func ByName[S Family, In, E any](k *Named[E], name func(*In) string) op.Resolver[S, In, E] {
	return op.Resolver[S, In, E]{Keys: k.Keys,
		Find: func(s S, ctx context.Context, call *callctx.Call, in *In) (op.Target[E], error) {
			return k.Find(ctx, s.Shared().Store, call.Caller.AccountID, name(in))
		}}
}

// Found is an entity with its tags, as a TaggedKind finds it.
type Found[E any] struct {
	Item E
	Tags []store.Tag
}

// TaggedKind is a Named whose condition keys are the entity's tags (aws:ResourceTag/…; the
// Service Authorization Reference gives these resource types no iam:ResourceTag). read reads the entity named, with the ARN it is authorized on and its
// tag resource (store.ErrNotFound when the account has none; another error, such as a
// malformed ARN, is answered before authorization); missing is Named.Missing.
func TaggedKind[E any](read func(ctx context.Context, tx store.Tx, account, name string) (E, string, store.Resource, error),
	missing func(account, name string) (string, *awserr.Error)) *Named[Found[E]] {
	return &Named[Found[E]]{Keys: []string{op.ResourceTag}, Missing: missing,
		Read: func(ctx context.Context, tx store.Tx, account, name string) (Found[E], string, []authz.Key, error) {
			e, a, res, err := read(ctx, tx, account, name)
			if err != nil {
				return Found[E]{}, "", nil, err
			}
			tags, err := tx.Tags().List(ctx, res)
			return Found[E]{Item: e, Tags: tags}, a, op.ResourceTagKeys(tags, GlobalTagPrefixes...), err
		}}
}
