package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetOutboundWebIdentityFederationInfo returns the account's issuer and whether token vending
// is enabled; FeatureDisabled while the feature is off, as the model's only error says.
func (s *Analysis) GetOutboundWebIdentityFederationInfo(ctx context.Context, _ *iamwire.GetOutboundWebIdentityFederationInfoInput) (*iamwire.GetOutboundWebIdentityFederationInfoOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:GetOutboundWebIdentityFederationInfo", "*"); err != nil {
		return nil, err
	}
	var st store.AccountSettings
	err = s.Store.View(ctx, func(tx store.Tx) error {
		var err error
		st, err = tx.Accounts().Settings(ctx, call.Caller.AccountID)
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
