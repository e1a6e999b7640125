package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateOpenIDConnectProviderThumbprint replaces a provider's whole thumbprint list.
var updateThumbprint = oidcUpdateRow[iamwire.UpdateOpenIDConnectProviderThumbprintInput, iamwire.UpdateOpenIDConnectProviderThumbprintOutput]("UpdateOpenIDConnectProviderThumbprint",
	func(in *iamwire.UpdateOpenIDConnectProviderThumbprintInput) string {
		return in.OpenIDConnectProviderArn
	},
	func(in *iamwire.UpdateOpenIDConnectProviderThumbprintInput) error {
		return checkThumbprints(in.ThumbprintList)
	},
	func(in *iamwire.UpdateOpenIDConnectProviderThumbprintInput, p *store.OIDCProvider) (bool, error) {
		p.Thumbprints = in.ThumbprintList
		return true, nil
	})

func (s *Providers) UpdateOpenIDConnectProviderThumbprint(ctx context.Context, in *iamwire.UpdateOpenIDConnectProviderThumbprintInput) (*iamwire.UpdateOpenIDConnectProviderThumbprintOutput, error) {
	return updateThumbprint.Run(ctx, s, in)
}
