package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DisableOutboundWebIdentityFederation stops the account's principals from obtaining web
// identity tokens. The issuer is kept for when the feature is enabled again. FeatureDisabled
// when it is off already.
func (s *Analysis) DisableOutboundWebIdentityFederation(ctx context.Context, _ *iamwire.DisableOutboundWebIdentityFederationInput) (*iamwire.DisableOutboundWebIdentityFederationOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:DisableOutboundWebIdentityFederation", "*"); err != nil {
		return nil, err
	}
	if _, err := s.setOutboundFederation(ctx, call.Caller.AccountID, false); err != nil {
		return nil, err
	}
	return &iamwire.DisableOutboundWebIdentityFederationOutput{}, nil
}
