package providers_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// TestUpdateServerCertificateNeedsBothNames: renaming needs permission on the old and the new
// certificate ARN, as AWS documents.
func TestUpdateServerCertificateNeedsBothNames(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	acct := s.AccountID()
	upload(t, root, "prod", "")
	user := s.NewUser(t, "ops", stacktest.Policy("Allow", []string{"iam:UpdateServerCertificate"},
		"arn:aws:iam::"+acct+":server-certificate/prod", "arn:aws:iam::"+acct+":server-certificate/archive/*"))
	c := s.IAM(user)
	_, err := c.UpdateServerCertificate(ctx, &awsiam.UpdateServerCertificateInput{ServerCertificateName: aws.String("prod"),
		NewServerCertificateName: aws.String("prod2")})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:UpdateServerCertificate", "arn:aws:iam::"+acct+":server-certificate/prod2"))
	if got := getCert(t, root, "prod"); aws.ToString(got.ServerCertificateMetadata.ServerCertificateName) != "prod" {
		t.Errorf("a denied rename changed the certificate")
	}
	iamtest.Must(t, c.UpdateServerCertificate, &awsiam.UpdateServerCertificateInput{ServerCertificateName: aws.String("prod"),
		NewPath: aws.String("/archive/")})
}

// TestProviderABAC: aws:ResourceTag on existing providers and certificates, aws:RequestTag and
// aws:TagKeys on requests that add or remove tags.
func TestProviderABAC(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	blue := createOIDC(t, root, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://blue.example.com"),
		Tags: []types.Tag{tag("team", "blue")}})
	red := createOIDC(t, root, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://red.example.com"),
		Tags: []types.Tag{tag("team", "red")}})
	doc := aws.String(metadata(t, "https://idp.example.com/saml", ""))
	blueSAML := createSAML(t, root, &awsiam.CreateSAMLProviderInput{Name: aws.String("Blue"), SAMLMetadataDocument: doc,
		Tags: []types.Tag{tag("team", "blue")}})
	upload(t, root, "blue-cert", "", tag("team", "blue"))
	upload(t, root, "red-cert", "", tag("team", "red"))
	policy := `{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","Action":["iam:Get*","iam:Delete*","iam:UntagOpenIDConnectProvider"],"Resource":"*",
	  "Condition":{"StringEquals":{"aws:ResourceTag/team":"blue"}}},
	 {"Effect":"Allow","Action":["iam:CreateOpenIDConnectProvider","iam:UploadServerCertificate","iam:TagSAMLProvider"],"Resource":"*",
	  "Condition":{"StringEquals":{"aws:RequestTag/team":"blue"},"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}},
	 {"Effect":"Deny","Action":"iam:UntagOpenIDConnectProvider","Resource":"*",
	  "Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["team"]}}}]}`
	user := s.NewUser(t, "blue-admin", policy)
	c := s.IAM(user)
	crt := selfSigned(t, "abac.example.com", expires)

	checks := []struct {
		name string
		call func() error
		ok   bool
	}{
		{"get blue OIDC", func() error {
			_, err := c.GetOpenIDConnectProvider(ctx, &awsiam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(blue)})
			return err
		}, true},
		{"get red OIDC", func() error {
			_, err := c.GetOpenIDConnectProvider(ctx, &awsiam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(red)})
			return err
		}, false},
		{"get blue SAML", func() error {
			_, err := c.GetSAMLProvider(ctx, &awsiam.GetSAMLProviderInput{SAMLProviderArn: aws.String(blueSAML)})
			return err
		}, true},
		{"get blue certificate", func() error {
			_, err := c.GetServerCertificate(ctx, &awsiam.GetServerCertificateInput{ServerCertificateName: aws.String("blue-cert")})
			return err
		}, true},
		{"delete red certificate", func() error {
			_, err := c.DeleteServerCertificate(ctx, &awsiam.DeleteServerCertificateInput{ServerCertificateName: aws.String("red-cert")})
			return err
		}, false},
		{"create OIDC tagged blue", func() error {
			_, err := c.CreateOpenIDConnectProvider(ctx, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://new-blue.example.com"),
				Tags: []types.Tag{tag("team", "blue")}})
			return err
		}, true},
		{"create OIDC untagged", func() error {
			_, err := c.CreateOpenIDConnectProvider(ctx, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://untagged.example.com")})
			return err
		}, false},
		{"create OIDC with an extra tag key", func() error {
			_, err := c.CreateOpenIDConnectProvider(ctx, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://extra.example.com"),
				Tags: []types.Tag{tag("team", "blue"), tag("cost", "1")}})
			return err
		}, false},
		{"upload certificate tagged red", func() error {
			_, err := c.UploadServerCertificate(ctx, &awsiam.UploadServerCertificateInput{ServerCertificateName: aws.String("x"),
				CertificateBody: aws.String(crt.pem), PrivateKey: aws.String(crt.key.pem), Tags: []types.Tag{tag("team", "red")}})
			return err
		}, false},
		{"tag SAML blue", func() error {
			_, err := c.TagSAMLProvider(ctx, &awsiam.TagSAMLProviderInput{SAMLProviderArn: aws.String(blueSAML), Tags: []types.Tag{tag("team", "blue")}})
			return err
		}, true},
		{"untag blue OIDC's team: denied by aws:TagKeys", func() error {
			_, err := c.UntagOpenIDConnectProvider(ctx, &awsiam.UntagOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(blue),
				TagKeys: []string{"team"}})
			return err
		}, false},
		{"untag blue OIDC's other key", func() error {
			_, err := c.UntagOpenIDConnectProvider(ctx, &awsiam.UntagOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(blue),
				TagKeys: []string{"cost"}})
			return err
		}, true},
	}
	for _, tc := range checks {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if tc.ok && err != nil {
				t.Errorf("want allowed: %v", err)
			}
			if !tc.ok && stacktest.ErrorCode(err) != "AccessDenied" {
				t.Errorf("want AccessDenied, got %v", err)
			}
		})
	}
}
