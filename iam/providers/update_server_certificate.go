package providers

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateServerCertificate renames a certificate or moves it to another path. As AWS documents,
// the caller needs iam:UpdateServerCertificate on both the old and the new certificate ARN.
var updateServerCert = &op.Op[*Providers, iamwire.UpdateServerCertificateInput, iamwire.UpdateServerCertificateOutput, core.Found[store.ServerCertificate]]{
	Name: "UpdateServerCertificate", Action: "iam:UpdateServerCertificate", Also: []string{"iam:UpdateServerCertificate"},
	Resolve: certNamed(func(in *iamwire.UpdateServerCertificateInput) string { return in.ServerCertificateName }),
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.UpdateServerCertificateInput, core.Found[store.ServerCertificate]]) (*iamwire.UpdateServerCertificateOutput, error) {
		in, c := r.In, r.Entity().Item
		name, path := c.Name, c.Path
		if in.NewServerCertificateName != nil {
			name = *in.NewServerCertificateName
		}
		if in.NewPath != nil {
			path = *in.NewPath
		}
		newARN := arn.Entity(r.Account(), "server-certificate", path, name)
		if newARN != c.ARN {
			if err := r.AuthorizeOther(ctx, authz.Request{Action: "iam:UpdateServerCertificate", Resource: newARN, Keys: r.Target.Keys}); err != nil {
				return nil, err
			}
		}
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			cur, err := serverCertInTx(ctx, tx, r.Account(), in.ServerCertificateName)
			if err != nil {
				return err
			}
			if other, err := tx.ServerCertificates().Get(ctx, r.Account(), name); err == nil && other.ID != cur.ID {
				return serverCertExists(name)
			} else if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			cur.Name, cur.Path, cur.ARN = name, path, newARN
			if err := tx.ServerCertificates().Update(ctx, cur); errors.Is(err, store.ErrAlreadyExists) {
				return serverCertExists(name)
			} else if err != nil {
				return err
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.UpdateServerCertificateOutput{}, nil
	}}

func (s *Providers) UpdateServerCertificate(ctx context.Context, in *iamwire.UpdateServerCertificateInput) (*iamwire.UpdateServerCertificateOutput, error) {
	return updateServerCert.Run(ctx, s, in)
}
