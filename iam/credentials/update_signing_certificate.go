package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateSigningCertificate makes a signing certificate of a user (without UserName, of the
// caller, root included) Active or Inactive.
func (s *Credentials) UpdateSigningCertificate(ctx context.Context, in *iamwire.UpdateSigningCertificateInput) (*iamwire.UpdateSigningCertificateOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if in.Status != iamwire.StatusTypeActive && in.Status != iamwire.StatusTypeInactive {
		return nil, badStatus(in.Status)
	}
	account := call.Caller.AccountID
	o, err := s.ownerOf(ctx, call, in.UserName, true)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, call, "iam:UpdateSigningCertificate", o); err != nil {
		return nil, err
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
}

// ownedCertificate checks, inside a write, that certificate id belongs to the owner.
func ownedCertificate(ctx context.Context, tx store.Tx, account string, o owner, id string) error {
	userID, err := o.userID(ctx, tx, account)
	if err != nil {
		return err
	}
	c, err := tx.SigningCertificates().Get(ctx, account, id)
	if core.IsNotFound(err) || (err == nil && c.UserID != userID) {
		return noSuchCertificate(id)
	}
	return err
}
