package account

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetAccountPasswordPolicy returns the account's custom password policy; an account without
// one (which uses AWS's default policy) answers NoSuchEntity, as AWS does.
var getAccountPasswordPolicy = &op.Op[*Account, iamwire.GetAccountPasswordPolicyInput, iamwire.GetAccountPasswordPolicyOutput, op.None]{
	Name: "GetAccountPasswordPolicy", Action: "iam:GetAccountPasswordPolicy",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.GetAccountPasswordPolicyInput, op.None]) (*iamwire.GetAccountPasswordPolicyOutput, error) {
		account := r.Account()
		var err error
		var p store.PasswordPolicy
		err = s.Store.View(ctx, func(tx store.Tx) error {
			p, err = tx.Accounts().PasswordPolicy(ctx, account)
			if core.IsNotFound(err) {
				return iamerr.NoPasswordPolicy.Err(account)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.GetAccountPasswordPolicyOutput{PasswordPolicy: wirePasswordPolicy(p)}, nil
	}}

func (s *Account) GetAccountPasswordPolicy(ctx context.Context, in *iamwire.GetAccountPasswordPolicyInput) (*iamwire.GetAccountPasswordPolicyOutput, error) {
	return getAccountPasswordPolicy.Run(ctx, s, in)
}

// wirePasswordPolicy is a policy as AWS returns it: every Require… flag, ExpirePasswords
// derived from MaxPasswordAge, and MaxPasswordAge, PasswordReusePrevention and HardExpiry only
// when set (a policy made with the defaults has none of the three).
func wirePasswordPolicy(p store.PasswordPolicy) iamwire.PasswordPolicy {
	b := func(v bool) *bool { return &v }
	n := func(v int) *int32 { x := int32(v); return &x }
	out := iamwire.PasswordPolicy{MinimumPasswordLength: n(p.MinimumPasswordLength), RequireSymbols: b(p.RequireSymbols),
		RequireNumbers: b(p.RequireNumbers), RequireUppercaseCharacters: b(p.RequireUppercaseCharacters),
		RequireLowercaseCharacters: b(p.RequireLowercaseCharacters), AllowUsersToChangePassword: b(p.AllowUsersToChangePassword),
		ExpirePasswords: b(p.MaxPasswordAge > 0)}
	if p.MaxPasswordAge > 0 {
		out.MaxPasswordAge = n(p.MaxPasswordAge)
	}
	if p.PasswordReusePrevention > 0 {
		out.PasswordReusePrevention = n(p.PasswordReusePrevention)
	}
	if p.HardExpiry {
		out.HardExpiry = b(true)
	}
	return out
}
