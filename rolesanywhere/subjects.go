package rolesanywhere

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/rolesanywherewire"
)

// Subjects: the certificate identities CreateSession has seen, one per distinct subject name,
// with the certificates (credentials) presented under it, the latest first.

// maxCredentials bounds the certificates a subject remembers.
const maxCredentials = 10

type subject struct {
	X509Subject string
	LastSeen    time.Time
	Credentials []rolesanywherewire.CredentialSummary
}

// subjectID is the subject's ID, derived from the account and the subject name so that every
// node records a certificate identity under the same ID.
func subjectID(account, name string) string {
	sum := sha256.Sum256([]byte(account + "\x00" + name))
	id, _ := newID(bytesReader(sum[:16]))
	return id
}

type bytesReader []byte

func (b bytesReader) Read(p []byte) (int, error) { return copy(p, b), nil }

// recordSubject notes that cert was presented (failed: and refused) in the account.
func (s *Service) recordSubject(ctx context.Context, region string, account, partition string, cert *x509.Certificate, failed bool) error {
	name := cert.Subject.String()
	id := subjectID(account, name)
	now := s.now().UTC()
	serial, issuer := cert.SerialNumber.String(), cert.Issuer.String()
	pemData := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}))
	enabled := true
	c := rolesanywherewire.CredentialSummary{SeenAt: &now, SerialNumber: &serial, Issuer: &issuer, Enabled: &enabled,
		X509CertificateData: &pemData, Failed: &failed}
	return s.store.Update(ctx, func(tx store.Tx) error {
		r, err := load(ctx, tx, account, store.RolesAnywhereSubject, id)
		if err != nil {
			return err
		}
		fresh := r == nil
		if fresh {
			r = &resource{Kind: store.RolesAnywhereSubject, ID: id, Name: name, Created: now,
				body: body{ARN: "arn:" + partition + ":rolesanywhere:" + region + ":" + account + ":subject/" + id, Enabled: true,
					Subject: &subject{X509Subject: name}}}
		}
		r.Updated, r.Subject.LastSeen = now, now
		creds := []rolesanywherewire.CredentialSummary{c}
		for _, old := range r.Subject.Credentials {
			if *old.SerialNumber != serial && len(creds) < maxCredentials {
				creds = append(creds, old)
			}
		}
		r.Subject.Credentials = creds
		rec, err := r.record(account)
		if err != nil {
			return err
		}
		if fresh {
			err = tx.RolesAnywhere().Create(ctx, rec)
			if errors.Is(err, store.ErrAlreadyExists) {
				return tx.RolesAnywhere().Update(ctx, rec)
			}
			return err
		}
		return tx.RolesAnywhere().Update(ctx, rec)
	})
}

func (r *resource) subjectDetail() *rolesanywherewire.SubjectDetail {
	return &rolesanywherewire.SubjectDetail{SubjectArn: &r.ARN, SubjectId: &r.ID, Enabled: &r.Enabled, X509Subject: &r.Subject.X509Subject,
		LastSeenAt: &r.Subject.LastSeen, CreatedAt: &r.Created, UpdatedAt: &r.Updated, Credentials: r.Subject.Credentials,
		InstanceProperties: []rolesanywherewire.InstanceProperty{}}
}

var getSubject = resourceRow("GetSubject", store.RolesAnywhereSubject, func(in *rolesanywherewire.GetSubjectInput) string { return in.SubjectId }, read,
	func(r *resource) *rolesanywherewire.GetSubjectOutput {
		return &rolesanywherewire.GetSubjectOutput{Subject: r.subjectDetail()}
	})

var listSubjects = listRow("ListSubjects", store.RolesAnywhereSubject, func(in *rolesanywherewire.ListSubjectsInput) (*string, *int32) { return in.NextToken, in.PageSize },
	func(items []*resource, next *string) *rolesanywherewire.ListSubjectsOutput {
		out := &rolesanywherewire.ListSubjectsOutput{NextToken: next, Subjects: []rolesanywherewire.SubjectSummary{}}
		for _, it := range items {
			d := it.subjectDetail()
			out.Subjects = append(out.Subjects, rolesanywherewire.SubjectSummary{SubjectArn: d.SubjectArn, SubjectId: d.SubjectId,
				Enabled: d.Enabled, X509Subject: d.X509Subject, LastSeenAt: d.LastSeenAt, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt})
		}
		return out
	})
