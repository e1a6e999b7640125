package providers

import (
	"context"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// certs is the server certificate as a kind of named entity, named by its name (ignoring case).
var certs = core.TaggedKind(readCert, missingCert)

func readCert(ctx context.Context, tx store.Tx, account, name string) (store.ServerCertificate, string, store.Resource, error) {
	c, err := tx.ServerCertificates().Get(ctx, account, name)
	return c, c.ARN, serverCertTags(c), err
}

func missingCert(account, name string) (string, *awserr.Error) {
	return arn.Entity(account, "server-certificate", "/", name), iamerr.NoSuchServerCert.Err(name)
}

// certNamed is the resolver of an operation on the certificate a request names.
func certNamed[In any](name func(*In) string) op.Resolver[*Providers, In, core.Found[store.ServerCertificate]] {
	return core.ByName[*Providers](certs, name)
}

// serverCertInTx re-reads a certificate inside a write transaction.
func serverCertInTx(ctx context.Context, tx store.Tx, account, name string) (store.ServerCertificate, error) {
	c, err := tx.ServerCertificates().Get(ctx, account, name)
	if errors.Is(err, store.ErrNotFound) {
		return c, iamerr.NoSuchServerCert.Err(name)
	}
	return c, err
}

func serverCertTags(c store.ServerCertificate) store.Resource {
	return store.Resource{Kind: store.KindServerCertificate, Key: c.ID}
}

func wireServerCertMetadata(c *store.ServerCertificate) iamwire.ServerCertificateMetadata {
	uploaded, expiration := c.Uploaded, c.Expiration
	m := iamwire.ServerCertificateMetadata{Path: c.Path, ServerCertificateName: c.Name, ServerCertificateId: c.ID,
		Arn: c.ARN, UploadDate: &uploaded}
	if !expiration.IsZero() {
		m.Expiration = &expiration
	}
	return m
}

// checkServerCertificate checks what UploadServerCertificate is given, in AWS's order: the body
// must be a PEM X.509 certificate, the key an unencrypted PEM RSA or ECDSA private key whose
// public half is the certificate's, and the chain, when given, must start with the body's
// issuer and go on with each certificate's issuer in turn. It returns the body's expiration.
func checkServerCertificate(body, privateKey string, chain *string) (time.Time, error) {
	certs := pemCertificates(body)
	if len(certs) == 0 {
		return time.Time{}, iamerr.UnparsableCertificate.Err()
	}
	cert, err := x509.ParseCertificate(certs[0])
	if err != nil {
		return time.Time{}, iamerr.UnparsableCertificate.Err()
	}
	key, err := parsePrivateKey(privateKey)
	if err != nil {
		return time.Time{}, iamerr.MalformedPrivateKey.Err()
	}
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(cert.PublicKey) {
		return time.Time{}, iamerr.KeyPairMismatch.Err()
	}
	if chain != nil {
		if err := checkChain(cert, *chain); err != nil {
			return time.Time{}, err
		}
	}
	return cert.NotAfter.UTC().Truncate(time.Second), nil
}

// checkChain checks that each certificate of the chain signed the one before it, the first
// having signed leaf. Only signatures are checked: IAM stores the chain for services that
// present it, and does not decide which roots they trust.
func checkChain(leaf *x509.Certificate, chain string) error {
	blocks := pemCertificates(chain)
	if len(blocks) == 0 {
		return iamerr.InvalidChain.Err(0)
	}
	child := leaf
	for i, der := range blocks {
		parent, err := x509.ParseCertificate(der)
		if err != nil {
			return iamerr.InvalidChain.Err(i)
		}
		if err := parent.CheckSignature(child.SignatureAlgorithm, child.RawTBSCertificate, child.Signature); err != nil {
			return iamerr.InvalidChain.Err(i - 1)
		}
		child = parent
	}
	return nil
}

// pemCertificates returns the DER bytes of the CERTIFICATE blocks of a PEM text, in order.
func pemCertificates(text string) [][]byte {
	var out [][]byte
	rest := []byte(text)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return out
		}
		if block.Type == "CERTIFICATE" {
			out = append(out, block.Bytes)
		}
	}
}

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
			return core.CreateUnique(iamerr.ServerCertExists.Err(c.Name),
				func() error { _, err := tx.ServerCertificates().Get(ctx, c.AccountID, c.Name); return err },
				core.CreateTagged(ctx, tx, serverCertTags(c), tags, func() error { return tx.ServerCertificates().Create(ctx, c) }),
				core.Quota(ctx, tx, c.AccountID, func(s store.AccountSummary) int { return s.ServerCertificates },
					MaxServerCertificatesPerAccount, "ServerCertificatesPerAccount"))
		})
		if err != nil {
			return nil, err
		}
		m := wireServerCertMetadata(&c)
		return &iamwire.UploadServerCertificateOutput{ServerCertificateMetadata: &m, Tags: core.WireTags(tags)}, nil
	}}

// GetServerCertificate returns a certificate's metadata, body, chain and tags; never its
// private key.
var getServerCert = &op.Op[*Providers, iamwire.GetServerCertificateInput, iamwire.GetServerCertificateOutput, core.Found[store.ServerCertificate]]{
	Name: "GetServerCertificate", Action: "iam:GetServerCertificate",
	Resolve: certNamed(func(in *iamwire.GetServerCertificateInput) string { return in.ServerCertificateName }),
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.GetServerCertificateInput, core.Found[store.ServerCertificate]]) (*iamwire.GetServerCertificateOutput, error) {
		c := r.Entity().Item
		out := &iamwire.GetServerCertificateOutput{ServerCertificate: iamwire.ServerCertificate{
			ServerCertificateMetadata: wireServerCertMetadata(&c), CertificateBody: c.Body, Tags: wireTags(r.Entity().Tags)}}
		if c.Chain != "" {
			out.ServerCertificate.CertificateChain = &c.Chain
		}
		return out, nil
	}}

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
				return iamerr.ServerCertExists.Err(name)
			} else if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			cur.Name, cur.Path, cur.ARN = name, path, newARN
			return core.Unique(tx.ServerCertificates().Update(ctx, cur), iamerr.ServerCertExists.Err(name))
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.UpdateServerCertificateOutput{}, nil
	}}

// DeleteServerCertificate deletes a certificate, its sealed private key and its tags.
var deleteServerCert = &op.Op[*Providers, iamwire.DeleteServerCertificateInput, iamwire.DeleteServerCertificateOutput, core.Found[store.ServerCertificate]]{
	Name: "DeleteServerCertificate", Action: "iam:DeleteServerCertificate",
	Resolve: certNamed(func(in *iamwire.DeleteServerCertificateInput) string { return in.ServerCertificateName }),
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.DeleteServerCertificateInput, core.Found[store.ServerCertificate]]) (*iamwire.DeleteServerCertificateOutput, error) {
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			cur, err := serverCertInTx(ctx, tx, r.Account(), r.In.ServerCertificateName)
			if err != nil {
				return err
			}
			return tx.ServerCertificates().Delete(ctx, cur.ID)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteServerCertificateOutput{}, nil
	}}
