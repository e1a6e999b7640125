package providers_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// TestDeleteAbsentOIDCProvider: "This operation is idempotent; it does not fail or return an
// error if you call the operation for a provider that does not exist."
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteOpenIDConnectProvider.html)
// Authorization still comes first, on the ARN named, and a malformed ARN is still InvalidInput.
func TestDeleteAbsentOIDCProvider(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	other := s.IAM(s.NewAccount(t))
	theirs := createOIDC(t, other, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://theirs.example.com")})
	missing := "arn:aws:iam::" + s.AccountID() + ":oidc-provider/never.example.com"
	del := func(c *awsiam.Client, a string) error {
		_, err := c.DeleteOpenIDConnectProvider(ctx, &awsiam.DeleteOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(a)})
		return err
	}

	if err := del(root, missing); err != nil {
		t.Errorf("deleting a provider that never existed: %v, want success", err)
	}
	// Another account's provider is absent from the caller's account: success, and it stays.
	if err := del(root, theirs); err != nil {
		t.Errorf("deleting another account's provider: %v, want success", err)
	}
	if got := getOIDC(t, other, theirs); got.Url == nil {
		t.Errorf("another account's provider is gone")
	}
	err := del(root, "not-an-arn-at-all-really")
	stacktest.WantError(t, err, "InvalidInput", "ARN not-an-arn-at-all-really is not valid.")

	// An unauthorized caller is refused on the ARN, whether or not the provider exists.
	nobody := s.NewUser(t, "nobody")
	stacktest.WantError(t, del(s.IAM(nobody), missing), "AccessDenied",
		iamtest.Denied(nobody.ARN, "iam:DeleteOpenIDConnectProvider", missing))
}
