package credentials

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/internal/password"
	"github.com/gatehouse-iam/gatehouse/store"
)

// passwordPolicy is the password policy in force in an account: its custom policy, or AWS's
// default policy when it has none.
type passwordPolicy struct {
	custom *store.PasswordPolicy // nil: the default policy
	rules  password.Policy
}

// loadPasswordPolicy reads the policy in force in account.
func loadPasswordPolicy(ctx context.Context, tx store.Tx, account string) (passwordPolicy, error) {
	p, err := tx.Accounts().PasswordPolicy(ctx, account)
	if err == nil {
		return passwordPolicy{custom: &p, rules: password.Policy{MinLength: p.MinimumPasswordLength,
			RequireUppercase: p.RequireUppercaseCharacters, RequireLowercase: p.RequireLowercaseCharacters,
			RequireNumbers: p.RequireNumbers, RequireSymbols: p.RequireSymbols}}, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return passwordPolicy{}, err
	}
	a, err := tx.Accounts().Get(ctx, account)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return passwordPolicy{}, err
	}
	return passwordPolicy{rules: password.DefaultPolicy(a.Name, a.Email)}, nil
}

// checkNewPassword answers PasswordPolicyViolation for a new password that breaks the policy in
// force in account.
func checkNewPassword(ctx context.Context, tx store.Tx, account, pw string) error {
	p, err := loadPasswordPolicy(ctx, tx, account)
	if err != nil {
		return err
	}
	return p.check(pw)
}

// check answers PasswordPolicyViolation for a new password that breaks the policy.
func (p passwordPolicy) check(pw string) error {
	if err := p.rules.Check(pw); err != nil {
		return iamerr.PasswordPolicyViolation.Err()
	}
	return nil
}

// expiry is when a password set at changed expires under the policy; zero when it does not
// (no MaxPasswordAge).
func (p passwordPolicy) expiry(changed time.Time) time.Time {
	if p.custom == nil || p.custom.MaxPasswordAge <= 0 {
		return time.Time{}
	}
	return changed.Add(time.Duration(p.custom.MaxPasswordAge) * day)
}

// expired reports whether the password of lp has expired at now.
func (p passwordPolicy) expired(lp store.LoginProfile, now time.Time) bool {
	exp := p.expiry(passwordSet(lp))
	return !exp.IsZero() && !now.Before(exp)
}

func (p passwordPolicy) hardExpiry() bool { return p.custom != nil && p.custom.HardExpiry }

func (p passwordPolicy) reusePrevention() int {
	if p.custom == nil {
		return 0
	}
	return p.custom.PasswordReusePrevention
}

func (p passwordPolicy) usersMayChange() bool {
	return p.custom != nil && p.custom.AllowUsersToChangePassword
}

// passwordSet is when a login profile's password was last set.
func passwordSet(lp store.LoginProfile) time.Time {
	if lp.PasswordChanged.IsZero() {
		return lp.Created
	}
	return lp.PasswordChanged
}

// hash hashes a new password. It is slow by design, so operations call it before their write
// transaction, never inside it.
func (s *Credentials) hash(pw string) ([]byte, error) {
	h, err := password.Hash(pw, s.hashing, s.Rand)
	if err != nil {
		return nil, fmt.Errorf("iam: hashing a password: %w", err)
	}
	return h, nil
}

// rememberPassword adds a newly set password to the user's history, which keeps as many
// passwords as PasswordReusePrevention can ask about, so the policy applies in full as soon
// as it is set.
func rememberPassword(ctx context.Context, tx store.Tx, userID string, hash []byte, at time.Time) error {
	lp := tx.LoginProfiles()
	if err := lp.AddPasswordHistory(ctx, userID, store.PasswordHistoryEntry{PasswordHash: hash, Set: at}); err != nil {
		return err
	}
	return lp.TrimPasswordHistory(ctx, userID, MaxPasswordHistory)
}

// reused reports whether pw is one of the n passwords set most recently (the current one
// included), or the current password current when the history is shorter.
func reused(pw string, current []byte, history []store.PasswordHistoryEntry, n int) (bool, error) {
	if n <= 0 {
		return false, nil
	}
	hashes := make([][]byte, 0, n+1)
	hashes = append(hashes, current)
	for i, e := range history {
		if i >= n {
			break
		}
		if string(e.PasswordHash) != string(current) {
			hashes = append(hashes, e.PasswordHash)
		}
	}
	for _, h := range hashes {
		ok, err := password.Verify(h, pw)
		if err != nil && !errors.Is(err, password.ErrMalformedHash) {
			return false, err
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}
