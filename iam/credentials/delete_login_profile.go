package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteLoginProfile removes a user's console password (without UserName, the calling user's).
// The user's access keys keep working; the password history stays, so reuse prevention still
// remembers the passwords if a new one is created.
func (s *Credentials) DeleteLoginProfile(ctx context.Context, in *iamwire.DeleteLoginProfileInput) (*iamwire.DeleteLoginProfileOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	o, err := s.ownerOf(ctx, call, in.UserName, false)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, call, "iam:DeleteLoginProfile", o); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		id, err := o.userID(ctx, tx, account)
		if err != nil {
			return err
		}
		if err := tx.LoginProfiles().Delete(ctx, id); core.IsNotFound(err) {
			return noSuchLoginProfile(o.user.Name)
		} else if err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.DeleteLoginProfileOutput{}, nil
}
