package analysis

import (
	"context"
	"errors"
	"path"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
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
			return federationEnabled()
		case !enable && !st.OutboundWebIdentityFederation:
			return federationDisabled()
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
