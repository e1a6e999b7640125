package credentials

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/internal/password"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ChangePassword lets an IAM user change its own console password, proving it with the old
// one. The caller needs iam:ChangePassword on itself, unless the account's password policy
// allows all users to change their passwords (AllowUsersToChangePassword) and no policy
// explicitly denies it. The new password must satisfy the policy and must not be one of the
// last PasswordReusePrevention passwords; once a password has expired under a policy with
// HardExpiry, only an administrator can set a new one (UpdateLoginProfile).
// The authorization is decided by the handler, with the password policy standing in for a
// policy that allows the action (authorizeChange), so the row asks for no permission itself.
var changePassword = &op.Op[*Credentials, iamwire.ChangePasswordInput, iamwire.ChangePasswordOutput, core.Owner]{
	Name: "ChangePassword", Action: "iam:ChangePassword", NoPermission: true,
	Resolve: op.Resolver[*Credentials, iamwire.ChangePasswordInput, core.Owner]{Keys: ownSelf.Keys,
		Find: func(s *Credentials, ctx context.Context, call *callctx.Call, in *iamwire.ChangePasswordInput) (op.Target[core.Owner], error) {
			if call.Caller.Kind != callctx.KindUser {
				return op.Target[core.Owner]{}, iamerr.NotAnIAMUser.Err()
			}
			t, err := ownSelf.Find(s, ctx, call, in)
			if err == nil && t.Missing != nil {
				return t, t.Missing
			}
			return t, err
		}},
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.ChangePasswordInput, core.Owner]) (*iamwire.ChangePasswordOutput, error) {
		if err := s.authorizeChange(ctx, r.Call, r.Target); err != nil {
			return nil, err
		}
		if err := s.changeOwnPassword(ctx, r.Account(), r.Entity().User.User, r.In.OldPassword, r.In.NewPassword, false); err != nil {
			return nil, err
		}
		return &iamwire.ChangePasswordOutput{}, nil
	}}

// ownSelf is the calling user.
var ownSelf = core.OwnerOf[*Credentials](func(*iamwire.ChangePasswordInput) *string { return nil }, core.SelfUser)

// authorizeChange authorizes iam:ChangePassword on the caller itself, with the password
// policy's AllowUsersToChangePassword standing in for a policy that allows it.
func (s *Credentials) authorizeChange(ctx context.Context, call *callctx.Call, t op.Target[core.Owner]) error {
	d, err := s.Authz.Decide(ctx, call, authz.Request{Action: "iam:ChangePassword", Resource: t.ARN, Keys: t.Keys})
	if err != nil {
		return err
	}
	if d.Denied == nil {
		return nil
	}
	if d.Result.Decision == policy.ImplicitDeny {
		p, err := core.Read(ctx, s.Store, func(tx store.Tx) (passwordPolicy, error) { return loadPasswordPolicy(ctx, tx, call.Caller.AccountID) })
		if err != nil {
			return err
		}
		if p.usersMayChange() {
			return nil
		}
	}
	return d.Denied
}

// changeOwnPassword replaces a user's password after checking the old one, the policy, reuse
// and expiry. atSignIn is the console's forced change, allowed only when the user must change
// its password (a reset was required, or it expired without HardExpiry).
func (s *Credentials) changeOwnPassword(ctx context.Context, account string, u *store.User, oldPW, newPW string, atSignIn bool) error {
	var lp store.LoginProfile
	var p passwordPolicy
	var history []store.PasswordHistoryEntry
	err := s.Store.View(ctx, func(tx store.Tx) error {
		var err error
		lp, err = tx.LoginProfiles().Get(ctx, u.ID)
		if core.IsNotFound(err) {
			if atSignIn {
				return ErrSignInFailed
			}
			return iamerr.NoSuchLoginProfile.Err(u.Name)
		} else if err != nil {
			return err
		}
		if p, err = loadPasswordPolicy(ctx, tx, account); err != nil {
			return err
		}
		if n := p.reusePrevention(); n > 0 {
			history, err = tx.LoginProfiles().PasswordHistory(ctx, u.ID, n)
		}
		return err
	})
	if err != nil {
		return err
	}
	ok, err := password.Verify(lp.PasswordHash, oldPW)
	if err != nil && !errors.Is(err, password.ErrMalformedHash) {
		return fmt.Errorf("iam: verifying a password: %w", err)
	}
	if !ok {
		if atSignIn {
			return ErrSignInFailed
		}
		return iamerr.WrongOldPassword.Err()
	}
	now := s.Now()
	expired := p.expired(lp, now)
	if expired && p.hardExpiry() {
		if atSignIn {
			return ErrPasswordExpired
		}
		return iamerr.PasswordHardExpired.Err()
	}
	if atSignIn && !expired && !lp.PasswordResetRequired {
		return ErrChangeNotRequired
	}
	if err := p.check(newPW); err != nil {
		return err
	}
	if again, err := reused(newPW, lp.PasswordHash, history, p.reusePrevention()); err != nil {
		return err
	} else if again {
		return iamerr.PasswordPolicyViolation.Err()
	}
	hash, err := s.hash(newPW)
	if err != nil {
		return err
	}
	at := s.Timestamp()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := tx.LoginProfiles().Get(ctx, u.ID)
		if err != nil && !core.IsNotFound(err) {
			return err
		}
		if err != nil || string(cur.PasswordHash) != string(lp.PasswordHash) {
			// The password was deleted or changed since the old one was checked.
			if atSignIn {
				return ErrSignInFailed
			}
			return iamerr.WrongOldPassword.Err()
		}
		cur.PasswordHash, cur.PasswordChanged, cur.PasswordResetRequired = hash, at, false
		if err := tx.LoginProfiles().Update(ctx, cur); err != nil {
			return err
		}
		return rememberPassword(ctx, tx, u.ID, hash, at)
	})
}
