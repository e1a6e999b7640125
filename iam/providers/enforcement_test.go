package providers_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// TestDeniedThenAllowed: every operation is authorized, on AWS's resource ARN; an unauthorized
// caller learns nothing about what exists.
func TestDeniedThenAllowed(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	acct := s.AccountID()
	oidcARN := createOIDC(t, root, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://idp.example.com")})
	doc := aws.String(metadata(t, "https://idp.example.com/saml", ""))
	samlARN := createSAML(t, root, &awsiam.CreateSAMLProviderInput{Name: aws.String("Idp"), SAMLMetadataDocument: doc})
	upload(t, root, "web", "/edge/")
	crt := selfSigned(t, "new.example.com", expires)

	nobody := s.NewUser(t, "nobody")
	c := s.IAM(nobody)
	missingOIDC := "arn:aws:iam::" + acct + ":oidc-provider/missing.example.com"
	tests := []struct {
		name, action, resource string
		call                   func() error
	}{
		{"create OIDC", "iam:CreateOpenIDConnectProvider", "arn:aws:iam::" + acct + ":oidc-provider/new.example.com/x", func() error {
			_, err := c.CreateOpenIDConnectProvider(ctx, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://new.example.com/x")})
			return err
		}},
		{"get existing OIDC", "iam:GetOpenIDConnectProvider", oidcARN, func() error {
			_, err := c.GetOpenIDConnectProvider(ctx, &awsiam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(oidcARN)})
			return err
		}},
		{"get missing OIDC: AccessDenied, not NoSuchEntity", "iam:GetOpenIDConnectProvider", missingOIDC, func() error {
			_, err := c.GetOpenIDConnectProvider(ctx, &awsiam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(missingOIDC)})
			return err
		}},
		{"list OIDC", "iam:ListOpenIDConnectProviders", "*", func() error {
			_, err := c.ListOpenIDConnectProviders(ctx, &awsiam.ListOpenIDConnectProvidersInput{})
			return err
		}},
		{"delete OIDC", "iam:DeleteOpenIDConnectProvider", oidcARN, func() error {
			_, err := c.DeleteOpenIDConnectProvider(ctx, &awsiam.DeleteOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(oidcARN)})
			return err
		}},
		{"add client ID", "iam:AddClientIDToOpenIDConnectProvider", oidcARN, func() error {
			_, err := c.AddClientIDToOpenIDConnectProvider(ctx, &awsiam.AddClientIDToOpenIDConnectProviderInput{
				OpenIDConnectProviderArn: aws.String(oidcARN), ClientID: aws.String("x")})
			return err
		}},
		{"remove client ID", "iam:RemoveClientIDFromOpenIDConnectProvider", oidcARN, func() error {
			_, err := c.RemoveClientIDFromOpenIDConnectProvider(ctx, &awsiam.RemoveClientIDFromOpenIDConnectProviderInput{
				OpenIDConnectProviderArn: aws.String(oidcARN), ClientID: aws.String("x")})
			return err
		}},
		{"update thumbprints", "iam:UpdateOpenIDConnectProviderThumbprint", oidcARN, func() error {
			_, err := c.UpdateOpenIDConnectProviderThumbprint(ctx, &awsiam.UpdateOpenIDConnectProviderThumbprintInput{
				OpenIDConnectProviderArn: aws.String(oidcARN), ThumbprintList: []string{tpA}})
			return err
		}},
		{"tag OIDC", "iam:TagOpenIDConnectProvider", oidcARN, func() error {
			_, err := c.TagOpenIDConnectProvider(ctx, &awsiam.TagOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(oidcARN),
				Tags: []types.Tag{tag("a", "b")}})
			return err
		}},
		{"untag OIDC", "iam:UntagOpenIDConnectProvider", oidcARN, func() error {
			_, err := c.UntagOpenIDConnectProvider(ctx, &awsiam.UntagOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(oidcARN),
				TagKeys: []string{"a"}})
			return err
		}},
		{"list OIDC tags", "iam:ListOpenIDConnectProviderTags", oidcARN, func() error {
			_, err := c.ListOpenIDConnectProviderTags(ctx, &awsiam.ListOpenIDConnectProviderTagsInput{OpenIDConnectProviderArn: aws.String(oidcARN)})
			return err
		}},
		{"create SAML", "iam:CreateSAMLProvider", "arn:aws:iam::" + acct + ":saml-provider/New", func() error {
			_, err := c.CreateSAMLProvider(ctx, &awsiam.CreateSAMLProviderInput{Name: aws.String("New"), SAMLMetadataDocument: doc})
			return err
		}},
		{"get SAML", "iam:GetSAMLProvider", samlARN, func() error {
			_, err := c.GetSAMLProvider(ctx, &awsiam.GetSAMLProviderInput{SAMLProviderArn: aws.String(samlARN)})
			return err
		}},
		{"update SAML", "iam:UpdateSAMLProvider", samlARN, func() error {
			_, err := c.UpdateSAMLProvider(ctx, &awsiam.UpdateSAMLProviderInput{SAMLProviderArn: aws.String(samlARN), SAMLMetadataDocument: doc})
			return err
		}},
		{"delete SAML", "iam:DeleteSAMLProvider", samlARN, func() error {
			_, err := c.DeleteSAMLProvider(ctx, &awsiam.DeleteSAMLProviderInput{SAMLProviderArn: aws.String(samlARN)})
			return err
		}},
		{"list SAML", "iam:ListSAMLProviders", "*", func() error {
			_, err := c.ListSAMLProviders(ctx, &awsiam.ListSAMLProvidersInput{})
			return err
		}},
		{"tag SAML", "iam:TagSAMLProvider", samlARN, func() error {
			_, err := c.TagSAMLProvider(ctx, &awsiam.TagSAMLProviderInput{SAMLProviderArn: aws.String(samlARN), Tags: []types.Tag{tag("a", "b")}})
			return err
		}},
		{"untag SAML", "iam:UntagSAMLProvider", samlARN, func() error {
			_, err := c.UntagSAMLProvider(ctx, &awsiam.UntagSAMLProviderInput{SAMLProviderArn: aws.String(samlARN), TagKeys: []string{"a"}})
			return err
		}},
		{"list SAML tags", "iam:ListSAMLProviderTags", samlARN, func() error {
			_, err := c.ListSAMLProviderTags(ctx, &awsiam.ListSAMLProviderTagsInput{SAMLProviderArn: aws.String(samlARN)})
			return err
		}},
		{"upload certificate", "iam:UploadServerCertificate", "arn:aws:iam::" + acct + ":server-certificate/p/new", func() error {
			_, err := c.UploadServerCertificate(ctx, &awsiam.UploadServerCertificateInput{ServerCertificateName: aws.String("new"),
				Path: aws.String("/p/"), CertificateBody: aws.String(crt.pem), PrivateKey: aws.String(crt.key.pem)})
			return err
		}},
		{"get certificate: its ARN with its path", "iam:GetServerCertificate", "arn:aws:iam::" + acct + ":server-certificate/edge/web", func() error {
			_, err := c.GetServerCertificate(ctx, &awsiam.GetServerCertificateInput{ServerCertificateName: aws.String("web")})
			return err
		}},
		{"get missing certificate", "iam:GetServerCertificate", "arn:aws:iam::" + acct + ":server-certificate/ghost", func() error {
			_, err := c.GetServerCertificate(ctx, &awsiam.GetServerCertificateInput{ServerCertificateName: aws.String("ghost")})
			return err
		}},
		{"update certificate", "iam:UpdateServerCertificate", "arn:aws:iam::" + acct + ":server-certificate/edge/web", func() error {
			_, err := c.UpdateServerCertificate(ctx, &awsiam.UpdateServerCertificateInput{ServerCertificateName: aws.String("web"),
				NewServerCertificateName: aws.String("web2")})
			return err
		}},
		{"delete certificate", "iam:DeleteServerCertificate", "arn:aws:iam::" + acct + ":server-certificate/edge/web", func() error {
			_, err := c.DeleteServerCertificate(ctx, &awsiam.DeleteServerCertificateInput{ServerCertificateName: aws.String("web")})
			return err
		}},
		{"list certificates: the prefix's ARN", "iam:ListServerCertificates", "arn:aws:iam::" + acct + ":server-certificate/edge/", func() error {
			_, err := c.ListServerCertificates(ctx, &awsiam.ListServerCertificatesInput{PathPrefix: aws.String("/edge/")})
			return err
		}},
		{"tag certificate", "iam:TagServerCertificate", "arn:aws:iam::" + acct + ":server-certificate/edge/web", func() error {
			_, err := c.TagServerCertificate(ctx, &awsiam.TagServerCertificateInput{ServerCertificateName: aws.String("web"),
				Tags: []types.Tag{tag("a", "b")}})
			return err
		}},
		{"untag certificate", "iam:UntagServerCertificate", "arn:aws:iam::" + acct + ":server-certificate/edge/web", func() error {
			_, err := c.UntagServerCertificate(ctx, &awsiam.UntagServerCertificateInput{ServerCertificateName: aws.String("web"),
				TagKeys: []string{"a"}})
			return err
		}},
		{"list certificate tags", "iam:ListServerCertificateTags", "arn:aws:iam::" + acct + ":server-certificate/edge/web", func() error {
			_, err := c.ListServerCertificateTags(ctx, &awsiam.ListServerCertificateTagsInput{ServerCertificateName: aws.String("web")})
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stacktest.WantError(t, tc.call(), "AccessDenied", iamtest.Denied(nobody.ARN, tc.action, tc.resource))
		})
	}

	// With a policy for the family's actions, the same calls succeed (in an order that keeps
	// each one's target in place).
	allowed := s.IAM(s.NewUser(t, "admin", stacktest.Policy("Allow", []string{"iam:*OpenIDConnectProvider*", "iam:*SAMLProvider*",
		"iam:*ServerCertificate*"})))
	if _, err := allowed.ListOpenIDConnectProviders(ctx, &awsiam.ListOpenIDConnectProvidersInput{}); err != nil {
		t.Error(err)
	}
	if _, err := allowed.AddClientIDToOpenIDConnectProvider(ctx, &awsiam.AddClientIDToOpenIDConnectProviderInput{
		OpenIDConnectProviderArn: aws.String(oidcARN), ClientID: aws.String("x")}); err != nil {
		t.Error(err)
	}
	if _, err := allowed.DeleteSAMLProvider(ctx, &awsiam.DeleteSAMLProviderInput{SAMLProviderArn: aws.String(samlARN)}); err != nil {
		t.Error(err)
	}
	if _, err := allowed.UploadServerCertificate(ctx, &awsiam.UploadServerCertificateInput{ServerCertificateName: aws.String("new"),
		CertificateBody: aws.String(crt.pem), PrivateKey: aws.String(crt.key.pem)}); err != nil {
		t.Error(err)
	}
	_, err := allowed.GetServerCertificate(ctx, &awsiam.GetServerCertificateInput{ServerCertificateName: aws.String("ghost")})
	stacktest.WantError(t, err, "NoSuchEntity", "The Server Certificate with name ghost cannot be found.")
}

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
