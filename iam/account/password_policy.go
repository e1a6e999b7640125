package account

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
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

// UpdateAccountPasswordPolicy sets the account's password policy. As in AWS, the request
// replaces the whole policy: a member left out takes its default (MinimumPasswordLength 6,
// every flag false, no expiry, no reuse prevention), not its previous value. The model's
// ranges (length 6–128, age 1–1095 days, reuse 1–24) are checked by the wire layer. The new
// rules bind the next password set; MaxPasswordAge applies at once to existing passwords.
var updateAccountPasswordPolicy = &op.Op[*Account, iamwire.UpdateAccountPasswordPolicyInput, iamwire.UpdateAccountPasswordPolicyOutput, op.None]{
	Name: "UpdateAccountPasswordPolicy", Action: "iam:UpdateAccountPasswordPolicy",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.UpdateAccountPasswordPolicyInput, op.None]) (*iamwire.UpdateAccountPasswordPolicyOutput, error) {
		in, account := r.In, r.Account()
		flag := func(b *bool) bool { return b != nil && *b }
		num := func(n *int32, def int) int {
			if n == nil {
				return def
			}
			return int(*n)
		}
		p := store.PasswordPolicy{
			MinimumPasswordLength:      num(in.MinimumPasswordLength, DefaultMinimumPasswordLength),
			RequireSymbols:             flag(in.RequireSymbols),
			RequireNumbers:             flag(in.RequireNumbers),
			RequireUppercaseCharacters: flag(in.RequireUppercaseCharacters),
			RequireLowercaseCharacters: flag(in.RequireLowercaseCharacters),
			AllowUsersToChangePassword: flag(in.AllowUsersToChangePassword),
			MaxPasswordAge:             num(in.MaxPasswordAge, 0),
			PasswordReusePrevention:    num(in.PasswordReusePrevention, 0),
			HardExpiry:                 flag(in.HardExpiry),
		}
		return core.Done[iamwire.UpdateAccountPasswordPolicyOutput](s.Store.Update(ctx, func(tx store.Tx) error {
			return tx.Accounts().PutPasswordPolicy(ctx, account, p)
		}))
	}}

func (s *Account) UpdateAccountPasswordPolicy(ctx context.Context, in *iamwire.UpdateAccountPasswordPolicyInput) (*iamwire.UpdateAccountPasswordPolicyOutput, error) {
	return updateAccountPasswordPolicy.Run(ctx, s, in)
}

// DeleteAccountPasswordPolicy removes the account's custom password policy; AWS's default
// policy applies again.
var deleteAccountPasswordPolicy = &op.Op[*Account, iamwire.DeleteAccountPasswordPolicyInput, iamwire.DeleteAccountPasswordPolicyOutput, op.None]{
	Name: "DeleteAccountPasswordPolicy", Action: "iam:DeleteAccountPasswordPolicy",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.DeleteAccountPasswordPolicyInput, op.None]) (*iamwire.DeleteAccountPasswordPolicyOutput, error) {
		account := r.Account()
		return core.Done[iamwire.DeleteAccountPasswordPolicyOutput](s.Store.Update(ctx, func(tx store.Tx) error {
			err := tx.Accounts().DeletePasswordPolicy(ctx, account)
			if core.IsNotFound(err) {
				return iamerr.NoPasswordPolicyToDelete.Err()
			}
			return err
		}))
	}}

func (s *Account) DeleteAccountPasswordPolicy(ctx context.Context, in *iamwire.DeleteAccountPasswordPolicyInput) (*iamwire.DeleteAccountPasswordPolicyOutput, error) {
	return deleteAccountPasswordPolicy.Run(ctx, s, in)
}
