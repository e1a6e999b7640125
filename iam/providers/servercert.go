package providers

import (
	"context"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// certs is the server certificate as a kind of named entity, named by its name (ignoring case).
var certs = core.TaggedKind(func(ctx context.Context, tx store.Tx, account, name string) (store.ServerCertificate, string, store.Resource, error) {
	c, err := tx.ServerCertificates().Get(ctx, account, name)
	return c, c.ARN, serverCertTags(c), err
}, func(account, name string) (string, *awserr.Error) {
	return arn.Entity(account, "server-certificate", "/", name), noSuchServerCert(name)
})

// certNamed is the resolver of an operation on the certificate a request names.
func certNamed[In any](name func(*In) string) op.Resolver[*Providers, In, core.Found[store.ServerCertificate]] {
	return core.ByName[*Providers](certs, name)
}

// serverCertInTx re-reads a certificate inside a write transaction.
func serverCertInTx(ctx context.Context, tx store.Tx, account, name string) (store.ServerCertificate, error) {
	c, err := tx.ServerCertificates().Get(ctx, account, name)
	if errors.Is(err, store.ErrNotFound) {
		return c, noSuchServerCert(name)
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
		return time.Time{}, malformedCertificate()
	}
	cert, err := x509.ParseCertificate(certs[0])
	if err != nil {
		return time.Time{}, malformedCertificate()
	}
	key, err := parsePrivateKey(privateKey)
	if err != nil {
		return time.Time{}, malformedPrivateKey()
	}
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(cert.PublicKey) {
		return time.Time{}, keyPairMismatch()
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
		return invalidChain(0)
	}
	child := leaf
	for i, der := range blocks {
		parent, err := x509.ParseCertificate(der)
		if err != nil {
			return invalidChain(i)
		}
		if err := parent.CheckSignature(child.SignatureAlgorithm, child.RawTBSCertificate, child.Signature); err != nil {
			return invalidChain(i - 1)
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
