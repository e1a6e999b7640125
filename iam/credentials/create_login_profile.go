package credentials

import (
	"context"
	"errors"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
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
			p, err := loadPasswordPolicy(ctx, tx, account)
			if err != nil {
				return err
			}
			return p.check(pw)
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
			p, err := loadPasswordPolicy(ctx, tx, account)
			if err != nil {
				return err
			}
			if err := p.check(pw); err != nil {
				return err
			}
			if err := tx.LoginProfiles().Create(ctx, lp); err != nil {
				if errors.Is(err, store.ErrAlreadyExists) {
					return iamerr.LoginProfileExists.Err(o.Name())
				}
				return err
			}
			return rememberPassword(ctx, tx, lp.UserID, hash, now)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.CreateLoginProfileOutput{LoginProfile: wireLoginProfile(o.Name(), lp)}, nil
	}}

func (s *Credentials) CreateLoginProfile(ctx context.Context, in *iamwire.CreateLoginProfileInput) (*iamwire.CreateLoginProfileOutput, error) {
	return createLoginProfile.Run(ctx, s, in)
}

// wireLoginProfile is a login profile as AWS returns it: the user, when the password was first
// created, and whether it must be changed at the next sign-in.
func wireLoginProfile(user string, lp store.LoginProfile) iamwire.LoginProfile {
	reset := lp.PasswordResetRequired
	return iamwire.LoginProfile{UserName: user, CreateDate: lp.Created, PasswordResetRequired: &reset}
}
