package core

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
)

// ReadOr is Read answering missing when read finds nothing (store.ErrNotFound): the body of the
// operations that return one thing or its NoSuchEntity.
func ReadOr[T any](ctx context.Context, st store.Store, missing error, read func(tx store.Tx) (T, error)) (T, error) {
	out, err := Read(ctx, st, read)
	if IsNotFound(err) {
		return out, missing
	}
	return out, err
}
