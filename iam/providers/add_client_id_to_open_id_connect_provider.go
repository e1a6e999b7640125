package providers

import (
	"context"
	"slices"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AddClientIDToOpenIDConnectProvider adds an audience to a provider; adding one it already has
// changes nothing, as AWS documents ("This operation is idempotent").
var addClientID = oidcUpdateRow[iamwire.AddClientIDToOpenIDConnectProviderInput, iamwire.AddClientIDToOpenIDConnectProviderOutput]("AddClientIDToOpenIDConnectProvider",
	func(in *iamwire.AddClientIDToOpenIDConnectProviderInput) string { return in.OpenIDConnectProviderArn },
	func(*iamwire.AddClientIDToOpenIDConnectProviderInput) error { return nil },
	func(in *iamwire.AddClientIDToOpenIDConnectProviderInput, p *store.OIDCProvider) (bool, error) {
		if slices.Contains(p.ClientIDs, in.ClientID) {
			return false, nil
		}
		if len(p.ClientIDs) >= MaxClientIDsPerOIDCProvider {
			return false, core.QuotaExceeded("ClientIdsPerOpenIdConnectProvider", MaxClientIDsPerOIDCProvider)
		}
		p.ClientIDs = append(p.ClientIDs, in.ClientID)
		return true, nil
	})

func (s *Providers) AddClientIDToOpenIDConnectProvider(ctx context.Context, in *iamwire.AddClientIDToOpenIDConnectProviderInput) (*iamwire.AddClientIDToOpenIDConnectProviderOutput, error) {
	return addClientID.Run(ctx, s, in)
}
