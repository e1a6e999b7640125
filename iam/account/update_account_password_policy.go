package account

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateAccountPasswordPolicy sets the account's password policy. As in AWS, the request
// replaces the whole policy: a member left out takes its default (MinimumPasswordLength 6,
// every flag false, no expiry, no reuse prevention), not its previous value. The model's
// ranges (length 6–128, age 1–1095 days, reuse 1–24) are checked by the wire layer. The new
// rules bind the next password set; MaxPasswordAge applies at once to existing passwords.
var updateAccountPasswordPolicy = &op.Op[*Account, iamwire.UpdateAccountPasswordPolicyInput, iamwire.UpdateAccountPasswordPolicyOutput, op.None]{
	Name: "UpdateAccountPasswordPolicy", Action: "iam:UpdateAccountPasswordPolicy",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.UpdateAccountPasswordPolicyInput, op.None]) (*iamwire.UpdateAccountPasswordPolicyOutput, error) {
		in, account := r.In, r.Account()
		var err error
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
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			return tx.Accounts().PutPasswordPolicy(ctx, account, p)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.UpdateAccountPasswordPolicyOutput{}, nil
	}}

func (s *Account) UpdateAccountPasswordPolicy(ctx context.Context, in *iamwire.UpdateAccountPasswordPolicyInput) (*iamwire.UpdateAccountPasswordPolicyOutput, error) {
	return updateAccountPasswordPolicy.Run(ctx, s, in)
}
