package core

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// TaggableOf is the Taggable of a kind that TaggedKind(read, missing) resolves: its tagging
// rows find the entity as the kind's other operations do, and answer the same NoSuchEntity.
// check is Taggable.Check (nil for CheckNewTags).
func TaggableOf[S Family, E any](read func(ctx context.Context, tx store.Tx, account, name string) (E, string, store.Resource, error),
	missing func(account, name string) (string, *awserr.Error), check func(add []iamwire.Tag, existing []store.Tag) error) *Taggable[S] {
	return &Taggable[S]{Prefixes: GlobalTagPrefixes, Check: check, Missing: missing,
		Lookup: func(ctx context.Context, tx store.Tx, account, name string) (string, store.Resource, error) {
			_, a, res, err := read(ctx, tx, account, name)
			return a, res, err
		}}
}
