package credentials_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// TestResourceTagConditions: ABAC on the user's tags (aws:ResourceTag, iam:ResourceTag).
func TestResourceTagConditions(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := context.Background()
	for name, team := range map[string]string{"dev1": "dev", "ops1": "ops"} {
		iamtest.Must(t, root.CreateUser, &awsiam.CreateUserInput{UserName: aws.String(name),
			Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String(team)}}})
	}
	policy := `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["iam:CreateLoginProfile","iam:UploadSSHPublicKey"],"Resource":"*",
		 "Condition":{"StringEquals":{"aws:ResourceTag/team":"dev"}}},
		{"Effect":"Allow","Action":"iam:UploadSigningCertificate","Resource":"*",
		 "Condition":{"StringEquals":{"iam:ResourceTag/team":"dev"}}}]}`
	user := s.NewUser(t, "lead", policy)
	lead := s.IAM(user)
	ed := authorizedKey(t, ed25519Key(t).Public())
	cert, _ := validCertificate(t, s.Clock().Now())

	if _, err := lead.CreateLoginProfile(ctx, &awsiam.CreateLoginProfileInput{UserName: aws.String("dev1"), Password: aws.String(goodPassword)}); err != nil {
		t.Errorf("CreateLoginProfile for a dev: %v", err)
	}
	if _, err := lead.UploadSSHPublicKey(ctx, &awsiam.UploadSSHPublicKeyInput{UserName: aws.String("dev1"), SSHPublicKeyBody: aws.String(ed)}); err != nil {
		t.Errorf("UploadSSHPublicKey for a dev: %v", err)
	}
	if _, err := lead.UploadSigningCertificate(ctx, &awsiam.UploadSigningCertificateInput{UserName: aws.String("dev1"),
		CertificateBody: aws.String(cert)}); err != nil {
		t.Errorf("UploadSigningCertificate for a dev: %v", err)
	}
	ops := "arn:aws:iam::" + s.AccountID() + ":user/ops1"
	_, err := lead.CreateLoginProfile(ctx, &awsiam.CreateLoginProfileInput{UserName: aws.String("ops1"), Password: aws.String(goodPassword)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:CreateLoginProfile", ops))
	_, err = lead.UploadSSHPublicKey(ctx, &awsiam.UploadSSHPublicKeyInput{UserName: aws.String("ops1"), SSHPublicKeyBody: aws.String(ed)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:UploadSSHPublicKey", ops))
}

// TestServiceCredentialConditions: iam:ServiceSpecificCredentialServiceName and
// iam:ServiceSpecificCredentialAgeDays.
func TestServiceCredentialConditions(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := context.Background()
	iamtest.MustCreateUser(t, root, "dev")
	policy := `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"iam:*ServiceSpecificCredential*","Resource":"*",
		 "Condition":{"StringEquals":{"iam:ServiceSpecificCredentialServiceName":["codecommit.amazonaws.com","bedrock.amazonaws.com"]}}},
		{"Effect":"Deny","Action":"iam:CreateServiceSpecificCredential","Resource":"*",
		 "Condition":{"NumericGreaterThan":{"iam:ServiceSpecificCredentialAgeDays":"90"}}}]}`
	user := s.NewUser(t, "lead", policy)
	lead := s.IAM(user)
	create := func(service string, days *int32) error {
		_, err := lead.CreateServiceSpecificCredential(ctx, &awsiam.CreateServiceSpecificCredentialInput{UserName: aws.String("dev"),
			ServiceName: aws.String(service), CredentialAgeDays: days})
		return err
	}
	if err := create("codecommit.amazonaws.com", nil); err != nil {
		t.Errorf("CodeCommit credential: %v", err)
	}
	if err := create("bedrock.amazonaws.com", aws.Int32(30)); err != nil {
		t.Errorf("30-day Bedrock key: %v", err)
	}
	stacktest.WantError(t, create("bedrock.amazonaws.com", aws.Int32(365)), "AccessDenied", "")
	stacktest.WantError(t, create("cassandra.amazonaws.com", nil), "AccessDenied",
		iamtest.Denied(user.ARN, "iam:CreateServiceSpecificCredential", "arn:aws:iam::"+s.AccountID()+":user/dev"))

	// Keyspaces credentials made by root stay out of the lead's reach.
	out, err := root.CreateServiceSpecificCredential(ctx, &awsiam.CreateServiceSpecificCredentialInput{UserName: aws.String("dev"),
		ServiceName: aws.String("cassandra.amazonaws.com")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = lead.ResetServiceSpecificCredential(ctx, &awsiam.ResetServiceSpecificCredentialInput{UserName: aws.String("dev"),
		ServiceSpecificCredentialId: out.ServiceSpecificCredential.ServiceSpecificCredentialId})
	stacktest.WantError(t, err, "AccessDenied", "")
}
