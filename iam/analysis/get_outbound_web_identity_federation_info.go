package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetOutboundWebIdentityFederationInfo returns the account's issuer and whether token vending
// is enabled; FeatureDisabled while the feature is off, as the model's only error says.
var getOutboundWebIdentityFederationInfo = accountRow("GetOutboundWebIdentityFederationInfo", (*Analysis).getOutboundWebIdentityFederationInfoFor)

func (s *Analysis) GetOutboundWebIdentityFederationInfo(ctx context.Context, in *iamwire.GetOutboundWebIdentityFederationInfoInput) (*iamwire.GetOutboundWebIdentityFederationInfoOutput, error) {
	return getOutboundWebIdentityFederationInfo.Run(ctx, s, in)
}

// getOutboundWebIdentityFederationInfoFor is GetOutboundWebIdentityFederationInfo's answer for account.
func (s *Analysis) getOutboundWebIdentityFederationInfoFor(ctx context.Context, account string, _ *iamwire.GetOutboundWebIdentityFederationInfoInput) (*iamwire.GetOutboundWebIdentityFederationInfoOutput, error) {
	var st store.AccountSettings
	err := s.Store.View(ctx, func(tx store.Tx) error {
		var err error
		st, err = tx.Accounts().Settings(ctx, account)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !st.OutboundWebIdentityFederation {
		return nil, federationDisabled()
	}
	enabled := true
	return &iamwire.GetOutboundWebIdentityFederationInfoOutput{IssuerIdentifier: &st.OutboundWebIdentityIssuer, JwtVendingEnabled: &enabled}, nil
}
