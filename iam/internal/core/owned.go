package core

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Write runs write in a write transaction with the owner's user ID as read again inside it
// (InTx: "" for the root user), and answers missing when write finds nothing
// (store.ErrNotFound): the body of the operations that change or delete one of a user's
// credentials.
func (o Owner) Write(ctx context.Context, st store.Store, missing error, write func(tx store.Tx, userID string) error) error {
	return st.Update(ctx, func(tx store.Tx) error {
		id, err := o.InTx(ctx, tx)
		if err != nil {
			return err
		}
		if err = write(tx, id); IsNotFound(err) {
			return missing
		}
		return err
	})
}

// CheckStatus refuses a credential Status a caller cannot set: the model's statusType also
// lists Expired, which only a service-specific credential reaches, by expiring.
func CheckStatus(s iamwire.StatusType) error {
	if s != iamwire.StatusTypeActive && s != iamwire.StatusTypeInactive {
		return iamerr.BadStatus.Err(s)
	}
	return nil
}
