package providers

import (
	"context"
	"slices"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// RemoveClientIDFromOpenIDConnectProvider removes an audience from a provider; removing one it
// does not have changes nothing, as AWS documents ("This operation is idempotent").
var removeClientID = oidcUpdateRow[iamwire.RemoveClientIDFromOpenIDConnectProviderInput, iamwire.RemoveClientIDFromOpenIDConnectProviderOutput]("RemoveClientIDFromOpenIDConnectProvider",
	func(in *iamwire.RemoveClientIDFromOpenIDConnectProviderInput) string {
		return in.OpenIDConnectProviderArn
	},
	func(*iamwire.RemoveClientIDFromOpenIDConnectProviderInput) error { return nil },
	func(in *iamwire.RemoveClientIDFromOpenIDConnectProviderInput, p *store.OIDCProvider) (bool, error) {
		if !slices.Contains(p.ClientIDs, in.ClientID) {
			return false, nil
		}
		p.ClientIDs = slices.DeleteFunc(p.ClientIDs, func(id string) bool { return id == in.ClientID })
		return true, nil
	})

func (s *Providers) RemoveClientIDFromOpenIDConnectProvider(ctx context.Context, in *iamwire.RemoveClientIDFromOpenIDConnectProviderInput) (*iamwire.RemoveClientIDFromOpenIDConnectProviderOutput, error) {
	return removeClientID.Run(ctx, s, in)
}
