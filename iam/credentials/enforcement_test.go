package credentials_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// TestResourceTagConditions: ABAC on the user's tags (aws:ResourceTag, iam:ResourceTag).
func TestResourceTagConditions(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	for name, team := range map[string]string{"dev1": "dev", "ops1": "ops"} {
		iamtest.Must(t, root.CreateUser, &awsiam.CreateUserInput{UserName: aws.String(name), Tags: iamtest.Tags("team", team)})
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
	profile := func(name string) *awsiam.CreateLoginProfileInput {
		return &awsiam.CreateLoginProfileInput{UserName: aws.String(name), Password: aws.String(goodPassword)}
	}
	sshKey := func(name string) *awsiam.UploadSSHPublicKeyInput {
		return &awsiam.UploadSSHPublicKeyInput{UserName: aws.String(name), SSHPublicKeyBody: aws.String(ed)}
	}
	iamtest.Enforce(t, user.ARN, s.AccountID(), []iamtest.Call{
		{"CreateLoginProfile for a dev", iamtest.Do(lead.CreateLoginProfile, profile("dev1")), "", ""},
		{"UploadSSHPublicKey for a dev", iamtest.Do(lead.UploadSSHPublicKey, sshKey("dev1")), "", ""},
		{"UploadSigningCertificate for a dev, by iam:ResourceTag", iamtest.Do(lead.UploadSigningCertificate, &awsiam.UploadSigningCertificateInput{
			UserName: aws.String("dev1"), CertificateBody: aws.String(cert)}), "", ""},
		{"CreateLoginProfile for ops", iamtest.Do(lead.CreateLoginProfile, profile("ops1")), "iam:CreateLoginProfile", "user/ops1"},
		{"UploadSSHPublicKey for ops", iamtest.Do(lead.UploadSSHPublicKey, sshKey("ops1")), "iam:UploadSSHPublicKey", "user/ops1"},
	})
}

// TestServiceCredentialConditions: iam:ServiceSpecificCredentialServiceName and
// iam:ServiceSpecificCredentialAgeDays.
func TestServiceCredentialConditions(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	iamtest.MustCreateUser(t, root, "dev")
	policy := `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"iam:*ServiceSpecificCredential*","Resource":"*",
		 "Condition":{"StringEquals":{"iam:ServiceSpecificCredentialServiceName":["codecommit.amazonaws.com","bedrock.amazonaws.com"]}}},
		{"Effect":"Deny","Action":"iam:CreateServiceSpecificCredential","Resource":"*",
		 "Condition":{"NumericGreaterThan":{"iam:ServiceSpecificCredentialAgeDays":"90"}}}]}`
	user := s.NewUser(t, "lead", policy)
	lead := s.IAM(user)
	create := func(service string, days *int32) func() error {
		return iamtest.Do(lead.CreateServiceSpecificCredential, &awsiam.CreateServiceSpecificCredentialInput{UserName: aws.String("dev"),
			ServiceName: aws.String(service), CredentialAgeDays: days})
	}
	// Keyspaces credentials made by root stay out of the lead's reach.
	keyspaces := iamtest.Must(t, root.CreateServiceSpecificCredential, &awsiam.CreateServiceSpecificCredentialInput{UserName: aws.String("dev"),
		ServiceName: aws.String("cassandra.amazonaws.com")}).ServiceSpecificCredential
	iamtest.Enforce(t, user.ARN, s.AccountID(), []iamtest.Call{
		{"CodeCommit credential", create("codecommit.amazonaws.com", nil), "", ""},
		{"30-day Bedrock key", create("bedrock.amazonaws.com", aws.Int32(30)), "", ""},
		{"Keyspaces credential", create("cassandra.amazonaws.com", nil), "iam:CreateServiceSpecificCredential", "user/dev"},
		{"resetting root's Keyspaces credential", iamtest.Do(lead.ResetServiceSpecificCredential, &awsiam.ResetServiceSpecificCredentialInput{
			UserName: aws.String("dev"), ServiceSpecificCredentialId: keyspaces.ServiceSpecificCredentialId}), "iam:ResetServiceSpecificCredential", "user/dev"},
	})
	// A 365-day key is refused by the explicit deny on iam:ServiceSpecificCredentialAgeDays.
	stacktest.WantError(t, create("bedrock.amazonaws.com", aws.Int32(365))(), "AccessDenied", iamtest.DeniedBecause(user.ARN,
		"iam:CreateServiceSpecificCredential", "arn:aws:iam::"+s.AccountID()+":user/dev", "with an explicit deny in an identity-based policy"))
}
