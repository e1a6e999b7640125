package account_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

func TestAccountPasswordPolicy(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := context.Background()
	notFound := "The Password Policy with domain name " + s.AccountID() + " cannot be found."
	_, err := root.GetAccountPasswordPolicy(ctx, &awsiam.GetAccountPasswordPolicyInput{})
	stacktest.WantError(t, err, "NoSuchEntity", notFound)
	_, err = root.DeleteAccountPasswordPolicy(ctx, &awsiam.DeleteAccountPasswordPolicyInput{})
	stacktest.WantError(t, err, "NoSuchEntity", "The account policy with name PasswordPolicy cannot be found.")

	tests := []struct {
		name string
		in   *awsiam.UpdateAccountPasswordPolicyInput
		want *types.PasswordPolicy
	}{
		{"defaults", &awsiam.UpdateAccountPasswordPolicyInput{},
			&types.PasswordPolicy{MinimumPasswordLength: aws.Int32(6)}},
		{"every member", &awsiam.UpdateAccountPasswordPolicyInput{AllowUsersToChangePassword: true, HardExpiry: aws.Bool(true),
			MaxPasswordAge: aws.Int32(60), MinimumPasswordLength: aws.Int32(10), PasswordReusePrevention: aws.Int32(3),
			RequireLowercaseCharacters: true, RequireNumbers: true, RequireSymbols: true, RequireUppercaseCharacters: true},
			&types.PasswordPolicy{AllowUsersToChangePassword: true, ExpirePasswords: true, HardExpiry: aws.Bool(true),
				MaxPasswordAge: aws.Int32(60), MinimumPasswordLength: aws.Int32(10), PasswordReusePrevention: aws.Int32(3),
				RequireLowercaseCharacters: true, RequireNumbers: true, RequireSymbols: true, RequireUppercaseCharacters: true}},
		{"an update replaces the whole policy", &awsiam.UpdateAccountPasswordPolicyInput{RequireSymbols: true},
			&types.PasswordPolicy{MinimumPasswordLength: aws.Int32(6), RequireSymbols: true}},
		{"the limits", &awsiam.UpdateAccountPasswordPolicyInput{MinimumPasswordLength: aws.Int32(128), MaxPasswordAge: aws.Int32(1095),
			PasswordReusePrevention: aws.Int32(24)},
			&types.PasswordPolicy{MinimumPasswordLength: aws.Int32(128), MaxPasswordAge: aws.Int32(1095), ExpirePasswords: true,
				PasswordReusePrevention: aws.Int32(24)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := root.UpdateAccountPasswordPolicy(ctx, tc.in); err != nil {
				t.Fatal(err)
			}
			out := iamtest.Must(t, root.GetAccountPasswordPolicy, &awsiam.GetAccountPasswordPolicyInput{})
			if diff := cmp.Diff(tc.want, out.PasswordPolicy, cmpopts.IgnoreUnexported(types.PasswordPolicy{})); diff != "" {
				t.Errorf("GetAccountPasswordPolicy (-want +got):\n%s", diff)
			}
		})
	}

	for _, in := range []*awsiam.UpdateAccountPasswordPolicyInput{
		{MinimumPasswordLength: aws.Int32(129)}, {MinimumPasswordLength: aws.Int32(5)}, {MaxPasswordAge: aws.Int32(1096)},
		{MaxPasswordAge: aws.Int32(0)}, {PasswordReusePrevention: aws.Int32(25)},
	} {
		_, err := root.UpdateAccountPasswordPolicy(ctx, in)
		stacktest.WantError(t, err, "ValidationError", "")
	}
	// The failed updates changed nothing.
	out, err := root.GetAccountPasswordPolicy(ctx, &awsiam.GetAccountPasswordPolicyInput{})
	if err != nil || aws.ToInt32(out.PasswordPolicy.MinimumPasswordLength) != 128 {
		t.Errorf("policy after failed updates = %+v, %v", out, err)
	}

	iamtest.Must(t, root.DeleteAccountPasswordPolicy, &awsiam.DeleteAccountPasswordPolicyInput{})
	_, err = root.GetAccountPasswordPolicy(ctx, &awsiam.GetAccountPasswordPolicyInput{})
	stacktest.WantError(t, err, "NoSuchEntity", notFound)
}

func TestAccountPasswordPolicyAuthorization(t *testing.T) {
	t.Parallel()
	s, _ := iamtest.Root(t)
	ctx := context.Background()
	user := s.NewUser(t, "auditor", stacktest.Policy("Allow", []string{"iam:GetAccountPasswordPolicy"}))
	auditor := s.IAM(user)
	_, err := auditor.UpdateAccountPasswordPolicy(ctx, &awsiam.UpdateAccountPasswordPolicyInput{})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:UpdateAccountPasswordPolicy", "*"))
	_, err = auditor.DeleteAccountPasswordPolicy(ctx, &awsiam.DeleteAccountPasswordPolicyInput{})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:DeleteAccountPasswordPolicy", "*"))
	// Allowed, it learns there is no policy.
	_, err = auditor.GetAccountPasswordPolicy(ctx, &awsiam.GetAccountPasswordPolicyInput{})
	stacktest.WantError(t, err, "NoSuchEntity", "")
}
