package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// EnableOutboundWebIdentityFederation lets the account's principals obtain JSON web tokens
// (sts:GetWebIdentityToken) that external services verify against the account's issuer, which
// it returns: a URL under this Gatehouse's public URL, unique to the account. FeatureEnabled
// when it is on already.
var enableOutboundWebIdentityFederation = accountRow("EnableOutboundWebIdentityFederation", (*Analysis).enableOutboundWebIdentityFederationFor)

func (s *Analysis) EnableOutboundWebIdentityFederation(ctx context.Context, in *iamwire.EnableOutboundWebIdentityFederationInput) (*iamwire.EnableOutboundWebIdentityFederationOutput, error) {
	return enableOutboundWebIdentityFederation.Run(ctx, s, in)
}

// enableOutboundWebIdentityFederationFor is EnableOutboundWebIdentityFederation's answer for account.
func (s *Analysis) enableOutboundWebIdentityFederationFor(ctx context.Context, account string, _ *iamwire.EnableOutboundWebIdentityFederationInput) (*iamwire.EnableOutboundWebIdentityFederationOutput, error) {
	issuer, err := s.setOutboundFederation(ctx, account, true)
	if err != nil {
		return nil, err
	}
	return &iamwire.EnableOutboundWebIdentityFederationOutput{IssuerIdentifier: &issuer}, nil
}
