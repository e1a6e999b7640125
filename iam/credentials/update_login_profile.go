package credentials

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateLoginProfile is an administrator's reset of a user's password and/or of whether it
// must be changed at the next sign-in. A new password must satisfy the password policy; reuse
// prevention binds only the users changing their own (ChangePassword). A new password restarts
// the MaxPasswordAge clock.
var updateLoginProfile = &op.Op[*Credentials, iamwire.UpdateLoginProfileInput, iamwire.UpdateLoginProfileOutput, core.Owner]{
	Name: "UpdateLoginProfile", Action: "iam:UpdateLoginProfile",
	Resolve: core.NamedUser[*Credentials](func(in *iamwire.UpdateLoginProfileInput) string { return in.UserName }),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.UpdateLoginProfileInput, core.Owner]) (*iamwire.UpdateLoginProfileOutput, error) {
		in, o, account := r.In, r.Entity(), r.Account()
		var err error
		var hash []byte
		if in.Password != nil {
			err = s.Store.View(ctx, func(tx store.Tx) error {
				if _, err := tx.LoginProfiles().Get(ctx, o.ID()); core.IsNotFound(err) {
					return iamerr.NoSuchLoginProfile.Err(o.Name())
				} else if err != nil {
					return err
				}
				p, err := loadPasswordPolicy(ctx, tx, account)
				if err != nil {
					return err
				}
				return p.check(*in.Password)
			})
			if err != nil {
				return nil, err
			}
			if hash, err = s.hash(*in.Password); err != nil {
				return nil, err
			}
		}
		now := s.Timestamp()
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			id, err := o.InTx(ctx, tx)
			if err != nil {
				return err
			}
			lp, err := tx.LoginProfiles().Get(ctx, id)
			if core.IsNotFound(err) {
				return iamerr.NoSuchLoginProfile.Err(o.Name())
			} else if err != nil {
				return err
			}
			if in.PasswordResetRequired != nil {
				lp.PasswordResetRequired = *in.PasswordResetRequired
			}
			if hash != nil {
				p, err := loadPasswordPolicy(ctx, tx, account)
				if err != nil {
					return err
				}
				if err := p.check(*in.Password); err != nil {
					return err
				}
				lp.PasswordHash, lp.PasswordChanged = hash, now
				if err := rememberPassword(ctx, tx, id, hash, now); err != nil {
					return err
				}
			}
			return tx.LoginProfiles().Update(ctx, lp)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.UpdateLoginProfileOutput{}, nil
	}}

func (s *Credentials) UpdateLoginProfile(ctx context.Context, in *iamwire.UpdateLoginProfileInput) (*iamwire.UpdateLoginProfileOutput, error) {
	return updateLoginProfile.Run(ctx, s, in)
}
