package providers

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateServerCertificate renames a certificate or moves it to another path. As AWS documents,
// the caller needs iam:UpdateServerCertificate on both the old and the new certificate ARN.
func (s *Providers) UpdateServerCertificate(ctx context.Context, in *iamwire.UpdateServerCertificateInput) (*iamwire.UpdateServerCertificateOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	c, tags, err := s.findServerCert(ctx, account, in.ServerCertificateName)
	if err != nil {
		return nil, err
	}
	tagKeys := core.ResourceTagKeys(tags)
	resource := serverCertResource(account, in.ServerCertificateName, c)
	if err := s.Authorize(ctx, call, "iam:UpdateServerCertificate", resource, tagKeys...); err != nil {
		return nil, err
	}
	if c == nil {
		return nil, noSuchServerCert(in.ServerCertificateName)
	}
	name, path := c.Name, c.Path
	if in.NewServerCertificateName != nil {
		name = *in.NewServerCertificateName
	}
	if in.NewPath != nil {
		path = *in.NewPath
	}
	newARN := serverCertARN(account, path, name)
	if newARN != c.ARN {
		if err := s.Authorize(ctx, call, "iam:UpdateServerCertificate", newARN, tagKeys...); err != nil {
			return nil, err
		}
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := serverCertInTx(ctx, tx, account, in.ServerCertificateName)
		if err != nil {
			return err
		}
		if other, err := tx.ServerCertificates().Get(ctx, account, name); err == nil && other.ID != cur.ID {
			return serverCertExists(name)
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		cur.Name, cur.Path, cur.ARN = name, path, newARN
		if err := tx.ServerCertificates().Update(ctx, cur); err != nil {
			if errors.Is(err, store.ErrAlreadyExists) {
				return serverCertExists(name)
			}
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UpdateServerCertificateOutput{}, nil
}
