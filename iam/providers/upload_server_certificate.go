package providers

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UploadServerCertificate stores a TLS server certificate with its private key and optional
// chain. The key must match the certificate; it is sealed at rest and never returned. The
// expiration is the certificate's own.
func (s *Providers) UploadServerCertificate(ctx context.Context, in *iamwire.UploadServerCertificateInput) (*iamwire.UploadServerCertificateOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	path := "/"
	if in.Path != nil {
		path = *in.Path
	}
	certARN := serverCertARN(account, path, in.ServerCertificateName)
	if err := s.Authorize(ctx, call, "iam:UploadServerCertificate", certARN, core.RequestTagKeys(in.Tags)...); err != nil {
		return nil, err
	}
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
	c := store.ServerCertificate{AccountID: account, ID: id, Name: in.ServerCertificateName, Path: path, ARN: certARN,
		Body: in.CertificateBody, Chain: core.Optional(in.CertificateChain), SealedPrivateKey: sealed,
		Expiration: expiration, Uploaded: s.Timestamp()}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.ServerCertificates().Get(ctx, account, in.ServerCertificateName); err == nil {
			return serverCertExists(in.ServerCertificateName)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		sum, err := tx.Accounts().Summary(ctx, account)
		if err != nil {
			return err
		}
		if sum.ServerCertificates >= MaxServerCertificatesPerAccount {
			return core.QuotaExceeded("ServerCertificatesPerAccount", MaxServerCertificatesPerAccount)
		}
		if err := tx.ServerCertificates().Create(ctx, c); err != nil {
			if errors.Is(err, store.ErrAlreadyExists) {
				return serverCertExists(in.ServerCertificateName)
			}
			return err
		}
		if len(in.Tags) > 0 {
			return tx.Tags().Put(ctx, serverCertTags(c), core.StoreTags(in.Tags))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	m := wireServerCertMetadata(&c)
	return &iamwire.UploadServerCertificateOutput{ServerCertificateMetadata: &m, Tags: core.WireTags(core.StoreTags(in.Tags))}, nil
}
