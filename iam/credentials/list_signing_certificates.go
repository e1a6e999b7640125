package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListSigningCertificates lists the signing certificates of a user or, without UserName, of
// the caller (for the root user, the account's root certificates), ordered by certificate ID.
var listSigningCertificates = &op.Op[*Credentials, iamwire.ListSigningCertificatesInput, iamwire.ListSigningCertificatesOutput, core.Owner]{
	Name: "ListSigningCertificates", Action: "iam:ListSigningCertificates",
	Resolve: core.OwnerOf[*Credentials](func(in *iamwire.ListSigningCertificatesInput) *string { return in.UserName }, core.SelfUserOrRoot),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.ListSigningCertificatesInput, core.Owner]) (*iamwire.ListSigningCertificatesOutput, error) {
		in, o, account := r.In, r.Entity(), r.Account()
		opts, err := core.Page(in.Marker, in.MaxItems)
		if err != nil {
			return nil, err
		}
		userID := ""
		if !o.Root {
			userID = o.ID()
		}
		var certs []store.SigningCertificate
		var more bool
		err = s.Store.View(ctx, func(tx store.Tx) error {
			certs, more, err = tx.SigningCertificates().ForUser(ctx, account, userID, opts)
			return err
		})
		if err != nil {
			return nil, err
		}
		out := &iamwire.ListSigningCertificatesOutput{Certificates: make([]iamwire.SigningCertificate, len(certs))}
		for i, c := range certs {
			out.Certificates[i] = wireSigningCertificate(c)
		}
		last := ""
		if len(certs) > 0 {
			last = certs[len(certs)-1].ID
		}
		out.Marker, out.IsTruncated = core.NextMarker(more, last)
		return out, nil
	}}

func (s *Credentials) ListSigningCertificates(ctx context.Context, in *iamwire.ListSigningCertificatesInput) (*iamwire.ListSigningCertificatesOutput, error) {
	return listSigningCertificates.Run(ctx, s, in)
}
