package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListServerCertificates lists the account's certificates whose path starts with PathPrefix,
// ordered by name without regard to case, in pages. It is authorized on the prefix's ARN
// (arn:aws:iam::ACCOUNT:server-certificate/PREFIX), as AWS names it in its denials.
var listServerCerts = &op.Op[*Providers, iamwire.ListServerCertificatesInput, iamwire.ListServerCertificatesOutput, op.None]{
	Name: "ListServerCertificates", Action: "iam:ListServerCertificates",
	Resolve: core.PathScoped[*Providers]("server-certificate", func(in *iamwire.ListServerCertificatesInput) *string { return in.PathPrefix }),
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.ListServerCertificatesInput, op.None]) (*iamwire.ListServerCertificatesOutput, error) {
		prefix := core.PathOr(r.In.PathPrefix)
		page, err := core.List(ctx, s.Store, r.In.Marker, r.In.MaxItems, &prefix,
			func(tx store.Tx, o store.ListOptions) ([]store.ServerCertificate, bool, error) {
				return tx.ServerCertificates().List(ctx, r.Account(), o)
			},
			func(c *store.ServerCertificate) string { return c.Name }, wireServerCertMetadata)
		if err != nil {
			return nil, err
		}
		return &iamwire.ListServerCertificatesOutput{ServerCertificateMetadataList: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

func (s *Providers) ListServerCertificates(ctx context.Context, in *iamwire.ListServerCertificatesInput) (*iamwire.ListServerCertificatesOutput, error) {
	return listServerCerts.Run(ctx, s, in)
}
