package providers

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UploadServerCertificate stores a TLS server certificate with its private key and optional
// chain. The key must match the certificate; it is sealed at rest and never returned. The
// expiration is the certificate's own.
var uploadServerCert = &op.Op[*Providers, iamwire.UploadServerCertificateInput, iamwire.UploadServerCertificateOutput, op.None]{
	Name: "UploadServerCertificate", Action: "iam:UploadServerCertificate",
	Resolve: core.Created[*Providers]("server-certificate", func(in *iamwire.UploadServerCertificateInput) *string { return in.Path },
		func(in *iamwire.UploadServerCertificateInput) string { return in.ServerCertificateName }),
	Keys: []op.KeySource[iamwire.UploadServerCertificateInput]{core.NewTags(func(in *iamwire.UploadServerCertificateInput) []iamwire.Tag { return in.Tags })},
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.UploadServerCertificateInput, op.None]) (*iamwire.UploadServerCertificateOutput, error) {
		in := r.In
		expiration, err := checkServerCertificate(in.CertificateBody, in.PrivateKey, in.CertificateChain)
		if err != nil {
			return nil, err
		}
		if err := checkNewTags(in.Tags, nil); err != nil {
			return nil, err
		}
		id, err := arn.NewUniqueID(s.Rand, arn.PrefixServerCertificate)
		if err != nil {
			return nil, err
		}
		sealed, err := s.Secrets.Seal([]byte(in.PrivateKey), []byte(id))
		if err != nil {
			return nil, fmt.Errorf("iam: sealing a server certificate's private key: %w", err)
		}
		c := store.ServerCertificate{AccountID: r.Account(), ID: id, Name: in.ServerCertificateName, Path: core.PathOr(in.Path), ARN: r.Target.ARN,
			Body: in.CertificateBody, Chain: core.Optional(in.CertificateChain), SealedPrivateKey: sealed,
			Expiration: expiration, Uploaded: s.Timestamp()}
		tags := core.StoreTags(in.Tags)
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			return core.CreateUnique(serverCertExists(c.Name),
				func() error { _, err := tx.ServerCertificates().Get(ctx, c.AccountID, c.Name); return err },
				func() error {
					if err := tx.ServerCertificates().Create(ctx, c); err != nil || len(tags) == 0 {
						return err
					}
					return tx.Tags().Put(ctx, serverCertTags(c), tags)
				},
				core.Quota(ctx, tx, c.AccountID, func(s store.AccountSummary) int { return s.ServerCertificates },
					MaxServerCertificatesPerAccount, "ServerCertificatesPerAccount"))
		})
		if err != nil {
			return nil, err
		}
		m := wireServerCertMetadata(&c)
		return &iamwire.UploadServerCertificateOutput{ServerCertificateMetadata: &m, Tags: core.WireTags(tags)}, nil
	}}

func (s *Providers) UploadServerCertificate(ctx context.Context, in *iamwire.UploadServerCertificateInput) (*iamwire.UploadServerCertificateOutput, error) {
	return uploadServerCert.Run(ctx, s, in)
}
