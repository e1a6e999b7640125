package credentials

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreateLoginProfile gives a user a console password, which must satisfy the account's password
// policy (or AWS's default policy when the account has none). Only the argon2id hash is kept.
// Without UserName the caller's own user gets the password.
var createLoginProfile = &op.Op[*Credentials, iamwire.CreateLoginProfileInput, iamwire.CreateLoginProfileOutput, core.Owner]{
	Name: "CreateLoginProfile", Action: "iam:CreateLoginProfile",
	Resolve: core.OwnerOf[*Credentials](func(in *iamwire.CreateLoginProfileInput) *string { return in.UserName }, core.SelfUser),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.CreateLoginProfileInput, core.Owner]) (*iamwire.CreateLoginProfileOutput, error) {
		var err error
		in, o, account := r.In, r.Entity(), r.Account()
		if in.Password == nil {
			return nil, iamerr.MissingPassword.Err()
		}
		pw := *in.Password
		err = s.Store.View(ctx, func(tx store.Tx) error {
			if _, err := tx.LoginProfiles().Get(ctx, o.ID()); err == nil {
				return iamerr.LoginProfileExists.Err(o.Name())
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
			return checkNewPassword(ctx, tx, account, pw)
		})
		if err != nil {
			return nil, err
		}
		hash, err := s.hash(pw)
		if err != nil {
			return nil, err
		}
		now := s.Timestamp()
		lp := store.LoginProfile{PasswordHash: hash, Created: now, PasswordChanged: now,
			PasswordResetRequired: in.PasswordResetRequired != nil && *in.PasswordResetRequired}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			if lp.UserID, err = o.InTx(ctx, tx); err != nil {
				return err
			}
			if err := checkNewPassword(ctx, tx, account, pw); err != nil {
				return err
			}
			if err := core.Unique(tx.LoginProfiles().Create(ctx, lp), iamerr.LoginProfileExists.Err(o.Name())); err != nil {
				return err
			}
			return rememberPassword(ctx, tx, lp.UserID, hash, now)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.CreateLoginProfileOutput{LoginProfile: wireLoginProfile(o.Name(), lp)}, nil
	}}

// wireLoginProfile is a login profile as AWS returns it: the user, when the password was first
// created, and whether it must be changed at the next sign-in.
func wireLoginProfile(user string, lp store.LoginProfile) iamwire.LoginProfile {
	reset := lp.PasswordResetRequired
	return iamwire.LoginProfile{UserName: user, CreateDate: lp.Created, PasswordResetRequired: &reset}
}

// GetLoginProfile reports whether a user (or, without UserName, the calling user) has a console
// password: when it was created and whether it must be changed. The password itself never
// leaves the store, not even as a hash.
var getLoginProfile = &op.Op[*Credentials, iamwire.GetLoginProfileInput, iamwire.GetLoginProfileOutput, core.Owner]{
	Name: "GetLoginProfile", Action: "iam:GetLoginProfile",
	Resolve: core.OwnerOf[*Credentials](func(in *iamwire.GetLoginProfileInput) *string { return in.UserName }, core.SelfUser),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.GetLoginProfileInput, core.Owner]) (*iamwire.GetLoginProfileOutput, error) {
		o := r.Entity()
		lp, err := core.ReadOr(ctx, s.Store, iamerr.NoSuchLoginProfile.Err(o.Name()), func(tx store.Tx) (store.LoginProfile, error) {
			return tx.LoginProfiles().Get(ctx, o.ID())
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.GetLoginProfileOutput{LoginProfile: wireLoginProfile(o.Name(), lp)}, nil
	}}

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
				return checkNewPassword(ctx, tx, account, *in.Password)
			})
			if err != nil {
				return nil, err
			}
			if hash, err = s.hash(*in.Password); err != nil {
				return nil, err
			}
		}
		now := s.Timestamp()
		return core.Done[iamwire.UpdateLoginProfileOutput](o.Write(ctx, s.Store, iamerr.NoSuchLoginProfile.Err(o.Name()), func(tx store.Tx, id string) error {
			lp, err := tx.LoginProfiles().Get(ctx, id)
			if err != nil {
				return err
			}
			if in.PasswordResetRequired != nil {
				lp.PasswordResetRequired = *in.PasswordResetRequired
			}
			if hash != nil {
				if err := checkNewPassword(ctx, tx, account, *in.Password); err != nil {
					return err
				}
				lp.PasswordHash, lp.PasswordChanged = hash, now
				if err := rememberPassword(ctx, tx, id, hash, now); err != nil {
					return err
				}
			}
			return tx.LoginProfiles().Update(ctx, lp)
		}))
	}}

// DeleteLoginProfile removes a user's console password (without UserName, the calling user's).
// The user's access keys keep working; the password history stays, so reuse prevention still
// remembers the passwords if a new one is created.
var deleteLoginProfile = &op.Op[*Credentials, iamwire.DeleteLoginProfileInput, iamwire.DeleteLoginProfileOutput, core.Owner]{
	Name: "DeleteLoginProfile", Action: "iam:DeleteLoginProfile",
	Resolve: core.OwnerOf[*Credentials](func(in *iamwire.DeleteLoginProfileInput) *string { return in.UserName }, core.SelfUser),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.DeleteLoginProfileInput, core.Owner]) (*iamwire.DeleteLoginProfileOutput, error) {
		o := r.Entity()
		return core.Done[iamwire.DeleteLoginProfileOutput](o.Write(ctx, s.Store, iamerr.NoSuchLoginProfile.Err(o.Name()),
			func(tx store.Tx, id string) error { return tx.LoginProfiles().Delete(ctx, id) }))
	}}
