package account_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/google/go-cmp/cmp"
)

func TestAccountAliases(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := context.Background()
	list := func(c *awsiam.Client, in *awsiam.ListAccountAliasesInput) []string {
		t.Helper()
		out, err := c.ListAccountAliases(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if out.IsTruncated {
			t.Error("IsTruncated = true")
		}
		return out.AccountAliases
	}
	if got := list(root, &awsiam.ListAccountAliasesInput{}); len(got) != 0 {
		t.Errorf("aliases of a new account: %v", got)
	}
	create := func(c *awsiam.Client, alias string) error {
		_, err := c.CreateAccountAlias(ctx, &awsiam.CreateAccountAliasInput{AccountAlias: aws.String(alias)})
		return err
	}
	if err := create(root, "acme-prod"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"acme-prod"}, list(root, &awsiam.ListAccountAliasesInput{MaxItems: aws.Int32(1)})); diff != "" {
		t.Errorf("ListAccountAliases (-want +got):\n%s", diff)
	}
	if err := create(root, "acme-prod"); err != nil {
		t.Errorf("creating the account's own alias again: %v", err)
	}
	// One alias per account: a new one replaces the old.
	if err := create(root, "acme-production"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"acme-production"}, list(root, &awsiam.ListAccountAliasesInput{})); diff != "" {
		t.Errorf("ListAccountAliases after a second alias (-want +got):\n%s", diff)
	}
	// Aliases are unique across accounts; the old one is free again.
	other := s.IAM(s.NewAccount(t))
	stacktest.WantError(t, create(other, "acme-production"), "EntityAlreadyExists", "The account alias acme-production already exists.")
	if err := create(other, "acme-prod"); err != nil {
		t.Errorf("taking a released alias: %v", err)
	}
	for _, bad := range []string{"Acme", "-acme", "acme-", "ac--me", "ab", "acme_prod"} {
		stacktest.WantError(t, create(root, bad), "ValidationError", "")
	}
	stacktest.WantError(t, create(root, "123456789012"), "InvalidInput", "")

	_, err := root.DeleteAccountAlias(ctx, &awsiam.DeleteAccountAliasInput{AccountAlias: aws.String("acme-prod")})
	stacktest.WantError(t, err, "NoSuchEntity", "The account alias acme-prod cannot be found.")
	iamtest.Must(t, root.DeleteAccountAlias, &awsiam.DeleteAccountAliasInput{AccountAlias: aws.String("acme-production")})
	if got := list(root, &awsiam.ListAccountAliasesInput{}); len(got) != 0 {
		t.Errorf("aliases after DeleteAccountAlias: %v", got)
	}
	_, err = root.DeleteAccountAlias(ctx, &awsiam.DeleteAccountAliasInput{AccountAlias: aws.String("acme-production")})
	stacktest.WantError(t, err, "NoSuchEntity", "")

	user := s.NewUser(t, "intern")
	_, err = s.IAM(user).CreateAccountAlias(ctx, &awsiam.CreateAccountAliasInput{AccountAlias: aws.String("intern-corp")})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:CreateAccountAlias", "*"))
	_, err = s.IAM(user).ListAccountAliases(ctx, &awsiam.ListAccountAliasesInput{})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:ListAccountAliases", "*"))
	_, err = root.ListAccountAliases(ctx, &awsiam.ListAccountAliasesInput{Marker: aws.String("!!not-a-marker")})
	stacktest.WantError(t, err, "ValidationError", "")
}
