package credentials

import (
	"context"
	"errors"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UploadSigningCertificate associates an X.509 signing certificate with a user, or, without
// UserName, with the caller (the root user included, as AWS allows). The certificate is parsed
// and checked (see parseSigningCertificate); each owner has at most
// MaxSigningCertificatesPerUser, and a certificate belongs to one owner in the account.
var uploadSigningCertificate = &op.Op[*Credentials, iamwire.UploadSigningCertificateInput, iamwire.UploadSigningCertificateOutput, core.Owner]{
	Name: "UploadSigningCertificate", Action: "iam:UploadSigningCertificate",
	Resolve: core.OwnerOf[*Credentials](func(in *iamwire.UploadSigningCertificateInput) *string { return in.UserName }, core.SelfUserOrRoot),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.UploadSigningCertificateInput, core.Owner]) (*iamwire.UploadSigningCertificateOutput, error) {
		in, o, account := r.In, r.Entity(), r.Account()
		var err error
		body, id, perr := parseSigningCertificate(in.CertificateBody, s.Now())
		if perr != nil {
			return nil, perr
		}
		c := store.SigningCertificate{ID: id, AccountID: account, Body: body, Status: store.StatusActive,
			Uploaded: s.Timestamp()}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			if c.UserID, err = o.InTx(ctx, tx); err != nil {
				return err
			}
			if _, err := tx.SigningCertificates().Get(ctx, account, id); err == nil {
				return iamerr.DuplicateCertificate.Err(id)
			} else if !core.IsNotFound(err) {
				return err
			}
			have, _, err := tx.SigningCertificates().ForUser(ctx, account, c.UserID,
				store.ListOptions{Limit: MaxSigningCertificatesPerUser + 1})
			if err != nil {
				return err
			}
			if len(have) >= MaxSigningCertificatesPerUser {
				return core.QuotaExceeded("CertificatesPerUser", MaxSigningCertificatesPerUser)
			}
			if err := tx.SigningCertificates().Create(ctx, c); errors.Is(err, store.ErrAlreadyExists) {
				return iamerr.DuplicateCertificate.Err(id)
			} else if err != nil {
				return err
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		c.UserName = o.Name()
		return &iamwire.UploadSigningCertificateOutput{Certificate: wireSigningCertificate(c)}, nil
	}}

func (s *Credentials) UploadSigningCertificate(ctx context.Context, in *iamwire.UploadSigningCertificateInput) (*iamwire.UploadSigningCertificateOutput, error) {
	return uploadSigningCertificate.Run(ctx, s, in)
}
