package credentials

import (
	"context"
	"crypto/sha1"
	"crypto/x509"
	"encoding/base32"
	"encoding/pem"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// certificateIDEncoding spells certificate IDs: upper-case base32 without padding, the
// alphabet of IAM's IDs.
var certificateIDEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// parseSigningCertificate checks an X.509 certificate in PEM form and returns its body as
// stored (surrounding whitespace removed) and its certificate ID: the base32 SHA-1 of its DER
// encoding, 32 characters, so the same certificate always has the same ID and uploading it
// twice in one account is DuplicateCertificate. A body that is not exactly one PEM certificate
// is MalformedCertificate, as is an expired certificate; one not yet valid, or with a key IAM
// cannot use, is InvalidCertificate.
func parseSigningCertificate(body string, now time.Time) (stored, id string, e *awserr.Error) {
	stored = strings.TrimSpace(body)
	block, rest := pem.Decode([]byte(stored))
	if block == nil || block.Type != "CERTIFICATE" || strings.TrimSpace(string(rest)) != "" {
		return "", "", malformed(body)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return "", "", malformed(body)
	}
	switch {
	case now.After(cert.NotAfter):
		return "", "", iamerr.ExpiredCertificate.Err()
	case now.Before(cert.NotBefore):
		return "", "", iamerr.InvalidCertificate.Err("it is not valid before " + cert.NotBefore.UTC().Format(time.RFC3339))
	}
	switch cert.PublicKeyAlgorithm {
	case x509.RSA, x509.ECDSA, x509.Ed25519:
	default:
		return "", "", iamerr.InvalidCertificate.Err("its public key algorithm is not supported")
	}
	sum := sha1.Sum(block.Bytes)
	return stored, certificateIDEncoding.EncodeToString(sum[:]), nil
}

// malformed is MalformedCertificate quoting the body, as AWS does, unless the body holds a
// private key pasted by mistake, which an error message must not echo.
func malformed(body string) *awserr.Error {
	if strings.Contains(body, "PRIVATE KEY") {
		return iamwire.ErrMalformedCertificate("The certificate is malformed.")
	}
	return iamerr.MalformedCertificate.Err(body)
}

// wireSigningCertificate is a certificate as Upload and List return it.
func wireSigningCertificate(c store.SigningCertificate) iamwire.SigningCertificate {
	up := c.Uploaded
	return iamwire.SigningCertificate{UserName: c.UserName, CertificateId: c.ID, CertificateBody: c.Body,
		Status: iamwire.StatusType(c.Status), UploadDate: &up}
}

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
			return core.Unique(tx.SigningCertificates().Create(ctx, c), iamerr.DuplicateCertificate.Err(id))
		})
		if err != nil {
			return nil, err
		}
		c.UserName = o.Name()
		return &iamwire.UploadSigningCertificateOutput{Certificate: wireSigningCertificate(c)}, nil
	}}

// UpdateSigningCertificate makes a signing certificate of a user (without UserName, of the
// caller, root included) Active or Inactive.
var updateSigningCertificate = &op.Op[*Credentials, iamwire.UpdateSigningCertificateInput, iamwire.UpdateSigningCertificateOutput, core.Owner]{
	Name: "UpdateSigningCertificate", Action: "iam:UpdateSigningCertificate",
	Resolve: core.OwnerOf[*Credentials](func(in *iamwire.UpdateSigningCertificateInput) *string { return in.UserName }, core.SelfUserOrRoot),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.UpdateSigningCertificateInput, core.Owner]) (*iamwire.UpdateSigningCertificateOutput, error) {
		in, account := r.In, r.Account()
		if err := core.CheckStatus(in.Status); err != nil {
			return nil, err
		}
		return core.Done[iamwire.UpdateSigningCertificateOutput](changeCertificate(ctx, s.Store, account, r.Entity(), in.CertificateId,
			func(tx store.Tx) error {
				return tx.SigningCertificates().UpdateStatus(ctx, account, in.CertificateId, string(in.Status))
			}))
	}}

// changeCertificate runs write in a write transaction once it has checked there that
// certificate id belongs to the owner (else NoSuchEntity).
func changeCertificate(ctx context.Context, st store.Store, account string, o core.Owner, id string, write func(tx store.Tx) error) error {
	return o.Write(ctx, st, iamerr.NoSuchCertificate.Err(id), func(tx store.Tx, userID string) error {
		if c, err := tx.SigningCertificates().Get(ctx, account, id); err != nil {
			return err
		} else if c.UserID != userID {
			return store.ErrNotFound
		}
		return write(tx)
	})
}

// DeleteSigningCertificate removes a signing certificate of a user (without UserName, of the
// caller, root included).
var deleteSigningCertificate = &op.Op[*Credentials, iamwire.DeleteSigningCertificateInput, iamwire.DeleteSigningCertificateOutput, core.Owner]{
	Name: "DeleteSigningCertificate", Action: "iam:DeleteSigningCertificate",
	Resolve: core.OwnerOf[*Credentials](func(in *iamwire.DeleteSigningCertificateInput) *string { return in.UserName }, core.SelfUserOrRoot),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.DeleteSigningCertificateInput, core.Owner]) (*iamwire.DeleteSigningCertificateOutput, error) {
		in, account := r.In, r.Account()
		return core.Done[iamwire.DeleteSigningCertificateOutput](changeCertificate(ctx, s.Store, account, r.Entity(), in.CertificateId,
			func(tx store.Tx) error { return tx.SigningCertificates().Delete(ctx, account, in.CertificateId) }))
	}}

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
