package core

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
)

// CreateTagged is the create of CreateUnique for an entity created with tags: create stores
// the entity, then, when there are any, its tags are stored on res in the same transaction.
func CreateTagged(ctx context.Context, tx store.Tx, res store.Resource, tags []store.Tag, create func() error) func() error {
	return func() error {
		if err := create(); err != nil || len(tags) == 0 {
			return err
		}
		return tx.Tags().Put(ctx, res, tags)
	}
}
