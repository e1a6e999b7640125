package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// EnableOutboundWebIdentityFederation lets the account's principals obtain JSON web tokens
// (sts:GetWebIdentityToken) that external services verify against the account's issuer, which
// it returns: a URL under this Gatehouse's public URL, unique to the account. FeatureEnabled
// when it is on already.
func (s *Analysis) EnableOutboundWebIdentityFederation(ctx context.Context, _ *iamwire.EnableOutboundWebIdentityFederationInput) (*iamwire.EnableOutboundWebIdentityFederationOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:EnableOutboundWebIdentityFederation", "*"); err != nil {
		return nil, err
	}
	issuer, err := s.setOutboundFederation(ctx, call.Caller.AccountID, true)
	if err != nil {
		return nil, err
	}
	return &iamwire.EnableOutboundWebIdentityFederationOutput{IssuerIdentifier: &issuer}, nil
}
