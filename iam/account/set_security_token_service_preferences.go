package account

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// SetSecurityTokenServicePreferences chooses the version of the session tokens STS's global
// endpoint issues: v1Token (valid in the Regions enabled by default) or v2Token (valid in all
// Regions). GetAccountSummary reports it as GlobalEndpointTokenVersion.
var setSecurityTokenServicePreferences = &op.Op[*Account, iamwire.SetSecurityTokenServicePreferencesInput, iamwire.SetSecurityTokenServicePreferencesOutput, op.None]{
	Name: "SetSecurityTokenServicePreferences", Action: "iam:SetSecurityTokenServicePreferences",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.SetSecurityTokenServicePreferencesInput, op.None]) (*iamwire.SetSecurityTokenServicePreferencesOutput, error) {
		in, account := r.In, r.Account()
		var err error
		version := 1
		if in.GlobalEndpointTokenVersion == iamwire.GlobalEndpointTokenVersionV2Token {
			version = 2
		}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			st, err := tx.Accounts().Settings(ctx, account)
			if err != nil {
				return err
			}
			st.GlobalEndpointTokenVersion = version
			return tx.Accounts().PutSettings(ctx, account, st)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.SetSecurityTokenServicePreferencesOutput{}, nil
	}}

func (s *Account) SetSecurityTokenServicePreferences(ctx context.Context, in *iamwire.SetSecurityTokenServicePreferencesInput) (*iamwire.SetSecurityTokenServicePreferencesOutput, error) {
	return setSecurityTokenServicePreferences.Run(ctx, s, in)
}
