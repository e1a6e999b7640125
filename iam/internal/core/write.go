package core

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
)

// The write shapes that operations on one existing entity share: re-read it in the write
// transaction, change it, answer an empty output.

// UpdateCurrent runs change in a write transaction on the entity e as reread finds it there: it
// may have gone, or been deleted and recreated under the same name, since the request was
// authorized, and reread answers that as the entity's NoSuchEntity (PrincipalInTx, a family's
// roleInTx or profileInTx).
func UpdateCurrent[E, C any](ctx context.Context, st store.Store, e E,
	reread func(ctx context.Context, tx store.Tx, e E) (C, error), change func(tx store.Tx, cur C) error) error {
	return st.Update(ctx, func(tx store.Tx) error {
		cur, err := reread(ctx, tx, e)
		if err != nil {
			return err
		}
		return change(tx, cur)
	})
}

// Done is the answer of an operation whose output has no members (DeleteRole's, …) once its
// work has ended with err.
func Done[Out any](err error) (*Out, error) {
	if err != nil {
		return nil, err
	}
	return new(Out), nil
}

// Dependent is one kind of thing that keeps an entity from being deleted: how many it has, and
// what AWS's DeleteConflict says must be done about them first ("detach all policies").
type Dependent struct {
	Count int
	Must  string
}

// NoDependents is DeleteConflict for the first of deps (in the order AWS checks them) that the
// entity has any of, or nil when it has none.
func NoDependents(deps ...Dependent) error {
	for _, d := range deps {
		if d.Count > 0 {
			return DeleteConflict(d.Must)
		}
	}
	return nil
}

// DeleteFree deletes an entity that nothing depends on any more (DeleteUser, DeleteGroup,
// DeleteRole, DeleteInstanceProfile): in one write transaction it rereads e, answers
// DeleteConflict for the first kind of dependents the entity still has (deps lists them in the
// order AWS checks them), and otherwise deletes it with del.
func DeleteFree[Out, E, C any](ctx context.Context, st store.Store, e E, reread func(ctx context.Context, tx store.Tx, e E) (C, error),
	deps func(tx store.Tx, cur C) ([]Dependent, error), del func(tx store.Tx, cur C) error) (*Out, error) {
	return Done[Out](UpdateCurrent(ctx, st, e, reread, func(tx store.Tx, cur C) error {
		d, err := deps(tx, cur)
		if err != nil {
			return err
		}
		if err := NoDependents(d...); err != nil {
			return err
		}
		return del(tx, cur)
	}))
}
