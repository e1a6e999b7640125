package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListSigningCertificates lists the signing certificates of a user or, without UserName, of
// the caller (for the root user, the account's root certificates), ordered by certificate ID.
func (s *Credentials) ListSigningCertificates(ctx context.Context, in *iamwire.ListSigningCertificatesInput) (*iamwire.ListSigningCertificatesOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	o, err := s.ownerOf(ctx, call, in.UserName, true)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, call, "iam:ListSigningCertificates", o); err != nil {
		return nil, err
	}
	opts, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	userID := ""
	if !o.root {
		userID = o.user.ID
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
}
