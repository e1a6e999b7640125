package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DisableOutboundWebIdentityFederation stops the account's principals from obtaining web
// identity tokens. The issuer is kept for when the feature is enabled again. FeatureDisabled
// when it is off already.
var disableOutboundWebIdentityFederation = accountRow("DisableOutboundWebIdentityFederation", (*Analysis).disableOutboundWebIdentityFederationFor)

func (s *Analysis) DisableOutboundWebIdentityFederation(ctx context.Context, in *iamwire.DisableOutboundWebIdentityFederationInput) (*iamwire.DisableOutboundWebIdentityFederationOutput, error) {
	return disableOutboundWebIdentityFederation.Run(ctx, s, in)
}

// disableOutboundWebIdentityFederationFor is DisableOutboundWebIdentityFederation's answer for account.
func (s *Analysis) disableOutboundWebIdentityFederationFor(ctx context.Context, account string, _ *iamwire.DisableOutboundWebIdentityFederationInput) (*iamwire.DisableOutboundWebIdentityFederationOutput, error) {
	if _, err := s.setOutboundFederation(ctx, account, false); err != nil {
		return nil, err
	}
	return &iamwire.DisableOutboundWebIdentityFederationOutput{}, nil
}
