package credentials_test

import (
	"crypto/sha1"
	"encoding/base32"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// certificateID is the ID IAM gives a certificate: base32 of the SHA-1 of its DER form.
func certificateID(der []byte) string {
	sum := sha1.Sum(der)
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:])
}

func TestSigningCertificateLifecycle(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(iamtest.Created.Add(700 * time.Millisecond))
	_, root := iamtest.Root(t, stacktest.WithClock(clock))
	ctx := t.Context()
	iamtest.MustCreateUser(t, root, "signer")
	body, der := certificate(t, rsaKey(), iamtest.Created.Add(-time.Hour), iamtest.Created.Add(24*time.Hour))

	out := iamtest.Must(t, root.UploadSigningCertificate, &awsiam.UploadSigningCertificateInput{UserName: aws.String("signer"),
		CertificateBody: aws.String(body)})
	want := types.SigningCertificate{UserName: aws.String("signer"), CertificateId: aws.String(certificateID(der)),
		CertificateBody: aws.String(strings.TrimSpace(body)), Status: types.StatusTypeActive, UploadDate: aws.Time(iamtest.Created)}
	if diff := iamtest.Diff(&want, out.Certificate); diff != "" {
		t.Errorf("UploadSigningCertificate (-want +got):\n%s", diff)
	}
	iamtest.Must(t, root.UpdateSigningCertificate, &awsiam.UpdateSigningCertificateInput{UserName: aws.String("signer"),
		CertificateId: want.CertificateId, Status: types.StatusTypeInactive})
	list := iamtest.Must(t, root.ListSigningCertificates, &awsiam.ListSigningCertificatesInput{UserName: aws.String("signer")})
	want.Status = types.StatusTypeInactive
	if diff := iamtest.Diff([]types.SigningCertificate{want}, list.Certificates); diff != "" {
		t.Errorf("ListSigningCertificates (-want +got):\n%s", diff)
	}
	if list.IsTruncated {
		t.Error("IsTruncated = true")
	}

	// A second certificate, and pages of one in certificate ID order.
	second, secondDER := certificate(t, ecdsaKey(t), iamtest.Created.Add(-time.Hour), iamtest.Created.Add(24*time.Hour))
	iamtest.Must(t, root.UploadSigningCertificate, &awsiam.UploadSigningCertificateInput{UserName: aws.String("signer"),
		CertificateBody: aws.String(second)})
	var ids []string
	for _, c := range iamtest.All[types.SigningCertificate](t, root.ListSigningCertificates,
		&awsiam.ListSigningCertificatesInput{UserName: aws.String("signer"), MaxItems: aws.Int32(1)}) {
		ids = append(ids, aws.ToString(c.CertificateId))
	}
	wantIDs := []string{certificateID(der), certificateID(secondDER)}
	slices.Sort(wantIDs)
	if diff := iamtest.Diff(wantIDs, ids); diff != "" {
		t.Errorf("ListSigningCertificates pages (-want +got):\n%s", diff)
	}
	iamtest.Must(t, root.DeleteSigningCertificate, &awsiam.DeleteSigningCertificateInput{UserName: aws.String("signer"),
		CertificateId: aws.String(certificateID(secondDER))})

	iamtest.Refused(t, root.DeleteUser, &awsiam.DeleteUserInput{UserName: aws.String("signer")},
		"DeleteConflict", "Cannot delete entity, must delete signing certificates first.")
	iamtest.Must(t, root.DeleteSigningCertificate, &awsiam.DeleteSigningCertificateInput{UserName: aws.String("signer"),
		CertificateId: want.CertificateId})
	_, err := root.DeleteSigningCertificate(ctx, &awsiam.DeleteSigningCertificateInput{UserName: aws.String("signer"),
		CertificateId: want.CertificateId})
	stacktest.WantError(t, err, "NoSuchEntity", "The Certificate with id "+*want.CertificateId+" cannot be found.")
}

func TestRootSigningCertificates(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	body, der := validCertificate(t, time.Now())
	out := iamtest.Must(t, root.UploadSigningCertificate, &awsiam.UploadSigningCertificateInput{CertificateBody: aws.String(body)})
	if got := aws.ToString(out.Certificate.CertificateId); got != certificateID(der) {
		t.Errorf("CertificateId = %q, want %q", got, certificateID(der))
	}
	list, err := root.ListSigningCertificates(ctx, &awsiam.ListSigningCertificatesInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Certificates) != 1 || aws.ToString(list.Certificates[0].CertificateId) != certificateID(der) {
		t.Errorf("root's certificates = %+v", list.Certificates)
	}
	// A user's certificates are another listing.
	iamtest.MustCreateUser(t, root, "signer")
	list, err = root.ListSigningCertificates(ctx, &awsiam.ListSigningCertificatesInput{UserName: aws.String("signer")})
	if err != nil || len(list.Certificates) != 0 {
		t.Errorf("signer's certificates = %+v, %v", list, err)
	}
	// The same certificate cannot belong to a user too: IDs are unique in the account.
	_, err = root.UploadSigningCertificate(ctx, &awsiam.UploadSigningCertificateInput{UserName: aws.String("signer"),
		CertificateBody: aws.String(body)})
	stacktest.WantError(t, err, "DuplicateCertificate", "")
	// Root's certificate is not the user's to delete, nor the user's root's.
	_, err = root.DeleteSigningCertificate(ctx, &awsiam.DeleteSigningCertificateInput{UserName: aws.String("signer"),
		CertificateId: aws.String(certificateID(der))})
	stacktest.WantError(t, err, "NoSuchEntity", "")
	// A user without UserName acts on its own certificates.
	self := s.IAM(s.NewUser(t, "self", stacktest.Policy("Allow", []string{"iam:*SigningCertificate*"})))
	own, _ := validCertificate(t, time.Now())
	iamtest.Must(t, self.UploadSigningCertificate, &awsiam.UploadSigningCertificateInput{CertificateBody: aws.String(own)})
	mine := iamtest.Must(t, self.ListSigningCertificates, &awsiam.ListSigningCertificatesInput{})
	if len(mine.Certificates) != 1 || aws.ToString(mine.Certificates[0].UserName) != "self" {
		t.Errorf("the caller's certificates = %+v", mine.Certificates)
	}
	if _, err := root.DeleteSigningCertificate(ctx, &awsiam.DeleteSigningCertificateInput{
		CertificateId: aws.String(certificateID(der))}); err != nil {
		t.Errorf("DeleteSigningCertificate for root: %v", err)
	}
}

func TestUploadSigningCertificateErrors(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	ctx := t.Context()
	now := time.Now()
	iamtest.MustCreateUser(t, root, "signer")
	expired, _ := certificate(t, ed25519Key(t), now.Add(-48*time.Hour), now.Add(-24*time.Hour))
	future, _ := certificate(t, ed25519Key(t), now.Add(24*time.Hour), now.Add(48*time.Hour))
	good, _ := validCertificate(t, now)
	upload := func(user, body string) *awsiam.UploadSigningCertificateInput {
		return &awsiam.UploadSigningCertificateInput{UserName: aws.String(user), CertificateBody: aws.String(body)}
	}
	iamtest.Rejects(t, root.UploadSigningCertificate, []iamtest.Reject[awsiam.UploadSigningCertificateInput]{
		{"not PEM", upload("signer", "invalid-certificate-body"), "MalformedCertificate", "Certificate invalid-certificate-body is malformed."},
		{"not a certificate", upload("signer", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"), "MalformedCertificate", ""},
		{"garbage DER", upload("signer", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"), "MalformedCertificate", ""},
		{"two certificates", upload("signer", good+good), "MalformedCertificate", ""},
		{"a private key is not echoed", upload("signer", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"),
			"MalformedCertificate", "The certificate is malformed."},
		{"expired", upload("signer", expired), "MalformedCertificate", "The certificate has expired."},
		{"not yet valid", upload("signer", future), "InvalidCertificate", ""},
		{"no such user", upload("ghost", good), "NoSuchEntity", "The user with name ghost cannot be found."},
	})
	for range 2 {
		body, _ := validCertificate(t, now)
		iamtest.Must(t, root.UploadSigningCertificate, &awsiam.UploadSigningCertificateInput{UserName: aws.String("signer"),
			CertificateBody: aws.String(body)})
	}
	_, err := root.UploadSigningCertificate(ctx, &awsiam.UploadSigningCertificateInput{UserName: aws.String("signer"),
		CertificateBody: aws.String(good)})
	stacktest.WantError(t, err, "LimitExceeded", "Cannot exceed quota for CertificatesPerUser: 2")

	const missing = "NONEXISTENTCERTID12345678901"
	_, err = root.UpdateSigningCertificate(ctx, &awsiam.UpdateSigningCertificateInput{UserName: aws.String("signer"),
		CertificateId: aws.String(missing), Status: types.StatusTypeInactive})
	stacktest.WantError(t, err, "NoSuchEntity", "The Certificate with id "+missing+" cannot be found.")
	_, err = root.UpdateSigningCertificate(ctx, &awsiam.UpdateSigningCertificateInput{UserName: aws.String("ghost"),
		CertificateId: aws.String(missing), Status: types.StatusTypeInactive})
	stacktest.WantError(t, err, "NoSuchEntity", "The user with name ghost cannot be found.")
	iamtest.Refused(t, root.ListSigningCertificates, &awsiam.ListSigningCertificatesInput{UserName: aws.String("ghost")},
		"NoSuchEntity", "The user with name ghost cannot be found.")
}
