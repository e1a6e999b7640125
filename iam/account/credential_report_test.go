package account_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// columns are AWS's credential report columns, in order (IAM User Guide).
var columns = []string{"user", "arn", "user_creation_time", "password_enabled", "password_last_used",
	"password_last_changed", "password_next_rotation", "mfa_active", "access_key_1_active", "access_key_1_last_rotated",
	"access_key_1_last_used_date", "access_key_1_last_used_region", "access_key_1_last_used_service",
	"access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date", "access_key_2_last_used_region",
	"access_key_2_last_used_service", "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated"}

// iso is how the report writes a time.
func iso(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05+00:00") }

func TestCredentialReport(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(iamtest.Created)
	s, root := iamtest.Root(t, stacktest.WithClock(clock))
	ctx := t.Context()
	acct := s.AccountID()

	iamtest.Refused(t, root.GetCredentialReport, &awsiam.GetCredentialReportInput{}, "ReportNotPresent", "")

	// alice: a password, MFA, an access key she uses and an inactive one, a certificate.
	aliceKey := s.NewUser(t, "alice", stacktest.Policy("Allow", []string{"iam:ListUsers"}))
	iamtest.Must(t, root.UpdateAccountPasswordPolicy, &awsiam.UpdateAccountPasswordPolicyInput{MaxPasswordAge: aws.Int32(90)})
	clock.Advance(time.Hour)
	iamtest.Must(t, root.CreateLoginProfile, &awsiam.CreateLoginProfileInput{UserName: aws.String("alice"),
		Password: aws.String("Corr3ct-Horse-Battery")})
	clock.Advance(time.Hour)
	iamtest.Must(t, s.IAM(aliceKey).ListUsers, &awsiam.ListUsersInput{})
	second := iamtest.Must(t, root.CreateAccessKey, &awsiam.CreateAccessKeyInput{UserName: aws.String("alice")})
	iamtest.Must(t, root.UpdateAccessKey, &awsiam.UpdateAccessKeyInput{UserName: aws.String("alice"),
		AccessKeyId: second.AccessKey.AccessKeyId, Status: types.StatusTypeInactive})
	cert, err := selfSigned(clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	iamtest.Must(t, root.UploadSigningCertificate, &awsiam.UploadSigningCertificateInput{UserName: aws.String("alice"),
		CertificateBody: aws.String(cert)})
	iamtest.MustCreateUser(t, root, "bob")
	signedIn := iamtest.Created.Add(150 * time.Minute)
	err = s.Store().Update(ctx, func(tx store.Tx) error {
		alice, err := tx.Users().Get(ctx, acct, "alice")
		if err != nil {
			return err
		}
		serial := "arn:aws:iam::" + acct + ":mfa/alice"
		if err := tx.MFADevices().Create(ctx, store.MFADevice{SerialNumber: serial, AccountID: acct, Kind: store.MFAVirtual,
			Name: "alice", Path: "/"}); err != nil {
			return err
		}
		if err := tx.MFADevices().Assign(ctx, serial, alice.ID, false, iamtest.Created, 1); err != nil {
			return err
		}
		return tx.Users().RecordPasswordUse(ctx, alice.ID, signedIn)
	})
	if err != nil {
		t.Fatal(err)
	}

	clock.Advance(time.Hour)
	gen := iamtest.Must(t, root.GenerateCredentialReport, &awsiam.GenerateCredentialReportInput{})
	if gen.State != types.ReportStateTypeStarted || aws.ToString(gen.Description) != "No report exists. Starting a new report generation task" {
		t.Errorf("first GenerateCredentialReport = %s %q", gen.State, aws.ToString(gen.Description))
	}
	out := iamtest.Must(t, root.GetCredentialReport, &awsiam.GetCredentialReportInput{})
	if out.ReportFormat != types.ReportFormatTypeTextCsv || !aws.ToTime(out.GeneratedTime).Equal(iamtest.Created.Add(3*time.Hour)) {
		t.Errorf("GetCredentialReport format %q generated %v", out.ReportFormat, aws.ToTime(out.GeneratedTime))
	}
	rows, err := csv.NewReader(bytes.NewReader(out.Content)).ReadAll()
	if err != nil {
		t.Fatalf("report is not CSV: %v\n%s", err, out.Content)
	}
	t2, t3 := iamtest.Created.Add(2*time.Hour), iamtest.Created.Add(3*time.Hour)
	want := [][]string{
		columns,
		{"<root_account>", "arn:aws:iam::" + acct + ":root", iso(iamtest.Created), "not_supported", "no_information", "not_supported",
			"not_supported", "false",
			"true", iso(iamtest.Created), iso(t3), "us-east-1", "iam",
			"false", "N/A", "N/A", "N/A", "N/A",
			"false", "N/A", "false", "N/A"},
		{"alice", "arn:aws:iam::" + acct + ":user/alice", iso(iamtest.Created), "true", iso(signedIn), iso(iamtest.Created.Add(time.Hour)),
			iso(iamtest.Created.Add(time.Hour + 90*24*time.Hour)), "true",
			"true", iso(iamtest.Created), iso(t2), "us-east-1", "iam",
			"false", iso(t2), "N/A", "N/A", "N/A",
			"true", iso(t2), "false", "N/A"},
		{"bob", "arn:aws:iam::" + acct + ":user/bob", iso(t2), "false", "N/A", "N/A", "N/A", "false",
			"false", "N/A", "N/A", "N/A", "N/A",
			"false", "N/A", "N/A", "N/A", "N/A",
			"false", "N/A", "false", "N/A"},
	}
	if diff := iamtest.Diff(want, rows); diff != "" {
		t.Errorf("credential report (-want +got):\n%s", diff)
	}

	// Within four hours the report is kept, whatever changed.
	iamtest.MustCreateUser(t, root, "carol")
	clock.Advance(3 * time.Hour)
	gen, err = root.GenerateCredentialReport(ctx, &awsiam.GenerateCredentialReportInput{})
	if err != nil {
		t.Fatal(err)
	}
	if gen.State != types.ReportStateTypeComplete {
		t.Errorf("GenerateCredentialReport within four hours: %s", gen.State)
	}
	again, err := root.GetCredentialReport(ctx, &awsiam.GetCredentialReportInput{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Content, out.Content) {
		t.Error("the report changed before four hours passed")
	}

	// After four hours it has expired, and the next generation starts a new one.
	clock.Advance(time.Hour)
	iamtest.Refused(t, root.GetCredentialReport, &awsiam.GetCredentialReportInput{}, "ReportExpired", "")
	gen, err = root.GenerateCredentialReport(ctx, &awsiam.GenerateCredentialReportInput{})
	if err != nil {
		t.Fatal(err)
	}
	if gen.State != types.ReportStateTypeStarted {
		t.Errorf("GenerateCredentialReport after four hours: %s", gen.State)
	}
	fresh := iamtest.Must(t, root.GetCredentialReport, &awsiam.GetCredentialReportInput{})
	if !strings.Contains(string(fresh.Content), "\ncarol,") {
		t.Errorf("the new report lacks carol:\n%s", fresh.Content)
	}
}

func TestCredentialReportAuthorization(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	user := s.NewUser(t, "auditor", stacktest.Policy("Allow", []string{"iam:GetCredentialReport"}))
	auditor := s.IAM(user)
	iamtest.Refused(t, auditor.GenerateCredentialReport, &awsiam.GenerateCredentialReportInput{},
		"AccessDenied", iamtest.Denied(user.ARN, "iam:GenerateCredentialReport", "*"))
	iamtest.Must(t, root.GenerateCredentialReport, &awsiam.GenerateCredentialReportInput{})
	if _, err := auditor.GetCredentialReport(ctx, &awsiam.GetCredentialReportInput{}); err != nil {
		t.Errorf("GetCredentialReport allowed: %v", err)
	}
}

// TestCredentialReportQuotesNames: user names may hold commas, which CSV quotes.
func TestCredentialReportQuotesNames(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	iamtest.MustCreateUser(t, root, "doe,jane")
	iamtest.Must(t, root.GenerateCredentialReport, &awsiam.GenerateCredentialReportInput{})
	out := iamtest.Must(t, root.GetCredentialReport, &awsiam.GetCredentialReportInput{})
	rows, err := csv.NewReader(bytes.NewReader(out.Content)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[2][0] != "doe,jane" || len(rows[2]) != len(columns) {
		t.Errorf("rows = %q", rows)
	}
}
