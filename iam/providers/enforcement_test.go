package providers_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

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
	oidc := func(url string, tags ...types.Tag) func() error {
		return iamtest.Do(c.CreateOpenIDConnectProvider, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String(url), Tags: tags})
	}
	untag := func(key string) func() error {
		return iamtest.Do(c.UntagOpenIDConnectProvider, &awsiam.UntagOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(blue),
			TagKeys: []string{key}})
	}
	iamtest.Enforce(t, user.ARN, s.AccountID(), []iamtest.Call{
		{"get blue OIDC", iamtest.Do(c.GetOpenIDConnectProvider, &awsiam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(blue)}), "", ""},
		{"get red OIDC", iamtest.Do(c.GetOpenIDConnectProvider, &awsiam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(red)}),
			"iam:GetOpenIDConnectProvider", "oidc-provider/red.example.com"},
		{"get blue SAML", iamtest.Do(c.GetSAMLProvider, &awsiam.GetSAMLProviderInput{SAMLProviderArn: aws.String(blueSAML)}), "", ""},
		{"get blue certificate", iamtest.Do(c.GetServerCertificate, &awsiam.GetServerCertificateInput{ServerCertificateName: aws.String("blue-cert")}), "", ""},
		{"delete red certificate", iamtest.Do(c.DeleteServerCertificate, &awsiam.DeleteServerCertificateInput{ServerCertificateName: aws.String("red-cert")}),
			"iam:DeleteServerCertificate", "server-certificate/red-cert"},
		{"create OIDC tagged blue", oidc("https://new-blue.example.com", tag("team", "blue")), "", ""},
		{"create OIDC untagged", oidc("https://untagged.example.com"), "iam:CreateOpenIDConnectProvider", "oidc-provider/untagged.example.com"},
		{"create OIDC with an extra tag key", oidc("https://extra.example.com", tag("team", "blue"), tag("cost", "1")),
			"iam:CreateOpenIDConnectProvider", "oidc-provider/extra.example.com"},
		{"upload certificate tagged red", iamtest.Do(c.UploadServerCertificate, &awsiam.UploadServerCertificateInput{ServerCertificateName: aws.String("x"),
			CertificateBody: aws.String(crt.pem), PrivateKey: aws.String(crt.key.pem), Tags: []types.Tag{tag("team", "red")}}),
			"iam:UploadServerCertificate", "server-certificate/x"},
		{"tag SAML blue", iamtest.Do(c.TagSAMLProvider, &awsiam.TagSAMLProviderInput{SAMLProviderArn: aws.String(blueSAML), Tags: []types.Tag{tag("team", "blue")}}),
			"", ""},
		{"untag blue OIDC's other key", untag("cost"), "", ""},
	})
	stacktest.WantError(t, untag("team")(), "AccessDenied", iamtest.DeniedBecause(user.ARN, "iam:UntagOpenIDConnectProvider", blue,
		"with an explicit deny in an identity-based policy"))
}
