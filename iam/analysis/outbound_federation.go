package analysis

import (
	"context"
	"errors"
	"path"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// outboundIssuerPath is where, under the server's public URL, the issuers of outbound web
// identity federation live: each account's issuer is PublicURL + outboundIssuerPath + a
// random ID, and (once STS vends tokens) serves /.well-known/openid-configuration and
// /.well-known/jwks.json below it, as AWS's https://ID.tokens.sts.global.api.aws does. It is
// federation/issuer's PathPrefix, which serves them (this family may not import it).
const outboundIssuerPath = "/outbound-federation/"

// setOutboundFederation turns an account's outbound web identity federation on or off in one
// transaction, and returns its issuer. The issuer is made the first time the feature is
// enabled and kept, so that relying parties configured for it keep working after the feature
// is turned off and on again.
func (s *Analysis) setOutboundFederation(ctx context.Context, account string, enable bool) (string, error) {
	var issuer string
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		st, err := tx.Accounts().Settings(ctx, account)
		if err != nil {
			return err
		}
		switch {
		case enable && st.OutboundWebIdentityFederation:
			return iamerr.FederationEnabled.Err()
		case !enable && !st.OutboundWebIdentityFederation:
			return iamerr.FederationDisabled.Err()
		}
		if enable && st.OutboundWebIdentityIssuer == "" {
			id, err := core.NewJobID(s.Rand)
			if err != nil {
				return err
			}
			st.OutboundWebIdentityIssuer = s.publicURL() + outboundIssuerPath + id
		}
		st.OutboundWebIdentityFederation = enable
		issuer = st.OutboundWebIdentityIssuer
		if err := publishIssuer(ctx, tx, account, issuer); err != nil {
			return err
		}
		return tx.Accounts().PutSettings(ctx, account, st)
	})
	return issuer, err
}

// publishIssuer records the account's issuer for STS, which keeps its signing keys there and
// serves its discovery document and JWKS from the moment it exists (with no key until the
// first token is minted).
func publishIssuer(ctx context.Context, tx store.Tx, account, issuer string) error {
	_, err := tx.OutboundIssuers().Get(ctx, account)
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return tx.OutboundIssuers().Put(ctx, store.OutboundIssuer{AccountID: account, IssuerID: path.Base(issuer), URL: issuer})
}

// EnableOutboundWebIdentityFederation lets the account's principals obtain JSON web tokens
// (sts:GetWebIdentityToken) that external services verify against the account's issuer, which
// it returns: a URL under this Gatehouse's public URL, unique to the account. FeatureEnabled
// when it is on already.
var enableOutboundWebIdentityFederation = accountRow("EnableOutboundWebIdentityFederation", (*Analysis).enableOutboundWebIdentityFederationFor)

// enableOutboundWebIdentityFederationFor is EnableOutboundWebIdentityFederation's answer for account.
func (s *Analysis) enableOutboundWebIdentityFederationFor(ctx context.Context, account string, _ *iamwire.EnableOutboundWebIdentityFederationInput) (*iamwire.EnableOutboundWebIdentityFederationOutput, error) {
	issuer, err := s.setOutboundFederation(ctx, account, true)
	if err != nil {
		return nil, err
	}
	return &iamwire.EnableOutboundWebIdentityFederationOutput{IssuerIdentifier: &issuer}, nil
}

// DisableOutboundWebIdentityFederation stops the account's principals from obtaining web
// identity tokens. The issuer is kept for when the feature is enabled again. FeatureDisabled
// when it is off already.
var disableOutboundWebIdentityFederation = accountRow("DisableOutboundWebIdentityFederation", (*Analysis).disableOutboundWebIdentityFederationFor)

// disableOutboundWebIdentityFederationFor is DisableOutboundWebIdentityFederation's answer for account.
func (s *Analysis) disableOutboundWebIdentityFederationFor(ctx context.Context, account string, _ *iamwire.DisableOutboundWebIdentityFederationInput) (*iamwire.DisableOutboundWebIdentityFederationOutput, error) {
	if _, err := s.setOutboundFederation(ctx, account, false); err != nil {
		return nil, err
	}
	return &iamwire.DisableOutboundWebIdentityFederationOutput{}, nil
}

// GetOutboundWebIdentityFederationInfo returns the account's issuer and whether token vending
// is enabled; FeatureDisabled while the feature is off, as the model's only error says.
var getOutboundWebIdentityFederationInfo = accountRow("GetOutboundWebIdentityFederationInfo", (*Analysis).getOutboundWebIdentityFederationInfoFor)

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
		return nil, iamerr.FederationDisabled.Err()
	}
	enabled := true
	return &iamwire.GetOutboundWebIdentityFederationInfoOutput{IssuerIdentifier: &st.OutboundWebIdentityIssuer, JwtVendingEnabled: &enabled}, nil
}
