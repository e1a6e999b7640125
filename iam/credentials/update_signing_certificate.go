package credentials

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateSigningCertificate makes a signing certificate of a user (without UserName, of the
// caller, root included) Active or Inactive.
var updateSigningCertificate = &op.Op[*Credentials, iamwire.UpdateSigningCertificateInput, iamwire.UpdateSigningCertificateOutput, core.Owner]{
	Name: "UpdateSigningCertificate", Action: "iam:UpdateSigningCertificate",
	Resolve: core.OwnerOf[*Credentials](func(in *iamwire.UpdateSigningCertificateInput) *string { return in.UserName }, core.SelfUserOrRoot),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.UpdateSigningCertificateInput, core.Owner]) (*iamwire.UpdateSigningCertificateOutput, error) {
		o := r.Entity()
		in, account := r.In, r.Account()
		var err error
		if in.Status != iamwire.StatusTypeActive && in.Status != iamwire.StatusTypeInactive {
			return nil, iamerr.BadStatus.Err(in.Status)
		}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			if err := ownedCertificate(ctx, tx, account, o, in.CertificateId); err != nil {
				return err
			}
			return tx.SigningCertificates().UpdateStatus(ctx, account, in.CertificateId, string(in.Status))
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.UpdateSigningCertificateOutput{}, nil
	}}

func (s *Credentials) UpdateSigningCertificate(ctx context.Context, in *iamwire.UpdateSigningCertificateInput) (*iamwire.UpdateSigningCertificateOutput, error) {
	return updateSigningCertificate.Run(ctx, s, in)
}

// ownedCertificate checks, inside a write, that certificate id belongs to the owner.
func ownedCertificate(ctx context.Context, tx store.Tx, account string, o core.Owner, id string) error {
	userID, err := o.InTx(ctx, tx)
	if err != nil {
		return err
	}
	c, err := tx.SigningCertificates().Get(ctx, account, id)
	if core.IsNotFound(err) || (err == nil && c.UserID != userID) {
		return iamerr.NoSuchCertificate.Err(id)
	}
	return err
}
