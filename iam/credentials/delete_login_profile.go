package credentials

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteLoginProfile removes a user's console password (without UserName, the calling user's).
// The user's access keys keep working; the password history stays, so reuse prevention still
// remembers the passwords if a new one is created.
var deleteLoginProfile = &op.Op[*Credentials, iamwire.DeleteLoginProfileInput, iamwire.DeleteLoginProfileOutput, core.Owner]{
	Name: "DeleteLoginProfile", Action: "iam:DeleteLoginProfile",
	Resolve: core.OwnerOf[*Credentials](func(in *iamwire.DeleteLoginProfileInput) *string { return in.UserName }, core.SelfUser),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.DeleteLoginProfileInput, core.Owner]) (*iamwire.DeleteLoginProfileOutput, error) {
		o := r.Entity()
		var err error
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			id, err := o.InTx(ctx, tx)
			if err != nil {
				return err
			}
			if err := tx.LoginProfiles().Delete(ctx, id); core.IsNotFound(err) {
				return iamerr.NoSuchLoginProfile.Err(o.Name())
			} else if err != nil {
				return err
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteLoginProfileOutput{}, nil
	}}

func (s *Credentials) DeleteLoginProfile(ctx context.Context, in *iamwire.DeleteLoginProfileInput) (*iamwire.DeleteLoginProfileOutput, error) {
	return deleteLoginProfile.Run(ctx, s, in)
}
