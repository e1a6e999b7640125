package roles_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// TestTrustPrincipalsAreUniqueIDs: a trust policy names users and roles by ARN, but IAM binds
// each to the unique ID it had when the policy was written. A deleted and recreated user no
// longer matches (GetRole shows the old ID in its place), a renamed one follows (GetRole shows
// its new ARN), and rewriting the policy binds the principals anew.
func TestTrustPrincipalsAreUniqueIDs(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	acct := s.AccountID()
	bobARN := "arn:aws:iam::" + acct + ":user/bob"
	trust := func() string {
		t.Helper()
		return decoded(t, mustGetRole(t, root, "shared"))
	}
	createUser := func(name string) string {
		t.Helper()
		out := iamtest.Must(t, root.CreateUser, &awsiam.CreateUserInput{UserName: aws.String(name)})
		return aws.ToString(out.User.UserId)
	}
	oldID := createUser("bob")
	iamtest.MustCreateRole(t, root, "shared", trustOf(bobARN))
	if got := trust(); got != trustOf(bobARN) {
		t.Fatalf("trust policy = %s, want it as written", got)
	}

	// Deleted and recreated: the policy now names the old user's ID, which matches nobody.
	iamtest.Must(t, root.DeleteUser, &awsiam.DeleteUserInput{UserName: aws.String("bob")})
	if got := trust(); got != trustOf(oldID) {
		t.Errorf("after deleting bob, trust policy = %s, want %s", got, trustOf(oldID))
	}
	newID := createUser("bob")
	if got := trust(); got != trustOf(oldID) {
		t.Errorf("after recreating bob, trust policy = %s, want %s", got, trustOf(oldID))
	}
	var recorded []store.TrustPrincipal
	sharedID := roleRecord(t, s, "shared").ID
	if err := s.Store().View(ctx, func(tx store.Tx) (err error) {
		recorded, err = tx.Roles().TrustPrincipals(ctx, sharedID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(recorded) != 1 || recorded[0].ID != oldID || recorded[0].CurrentARN != "" {
		t.Errorf("recorded principals %+v, want only the deleted bob (%s)", recorded, oldID)
	}

	// Writing the policy again binds it to the new bob.
	iamtest.Must(t, root.UpdateAssumeRolePolicy, &awsiam.UpdateAssumeRolePolicyInput{RoleName: aws.String("shared"),
		PolicyDocument: aws.String(trustOf(bobARN))})
	if got := trust(); got != trustOf(bobARN) {
		t.Errorf("after rewriting, trust policy = %s, want it as written", got)
	}

	// Renamed: the policy follows the user to its new ARN.
	iamtest.Must(t, root.UpdateUser, &awsiam.UpdateUserInput{UserName: aws.String("bob"), NewUserName: aws.String("robert"),
		NewPath: aws.String("/eng/")})
	robertARN := "arn:aws:iam::" + acct + ":user/eng/robert"
	if got := trust(); got != trustOf(robertARN) {
		t.Errorf("after renaming bob, trust policy = %s, want %s", got, trustOf(robertARN))
	}

	// A principal written as a unique ID is shown as the ARN it stands for, in listings too.
	iamtest.MustCreateRole(t, root, "by-id", trustOf(newID))
	out, err := root.ListRoles(ctx, &awsiam.ListRolesInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range out.Roles {
		if aws.ToString(r.RoleName) == "by-id" {
			if got := decoded(t, &r); got != trustOf(robertARN) {
				t.Errorf("listed trust policy written with an ID = %s, want %s", got, trustOf(robertARN))
			}
		}
	}
}

// TestTrustPrincipalsAcrossAccounts: principals of other accounts Gatehouse holds must exist;
// principals of accounts it does not hold are kept as written.
func TestTrustPrincipalsAcrossAccounts(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	other := s.NewAccount(t)
	otherRoot := s.IAM(other)
	iamtest.Must(t, otherRoot.CreateRole, &awsiam.CreateRoleInput{RoleName: aws.String("auditor"), Path: aws.String("/audit/"),
		AssumeRolePolicyDocument: aws.String(ec2Trust)})
	tests := []struct {
		name, principal string
		code            string
	}{
		{"role of a held account", "arn:aws:iam::" + other.AccountID + ":role/audit/auditor", ""},
		{"missing role of a held account", "arn:aws:iam::" + other.AccountID + ":role/ghost", "MalformedPolicyDocument"},
		{"user of an account not held", "arn:aws:iam::999988887777:user/anyone", ""},
		{"another account", "999988887777", ""},
		{"another account's root", "arn:aws:iam::999988887777:root", ""},
		{"a session", "arn:aws:sts::" + other.AccountID + ":assumed-role/auditor/alice", ""},
		{"everyone", "*", ""},
		{"a root with a path", "arn:aws:iam::999988887777:root/x", "MalformedPolicyDocument"},
		{"a session without its name", "arn:aws:sts::999988887777:assumed-role/auditor", "MalformedPolicyDocument"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := root.CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("r" + string(rune('a'+i))),
				AssumeRolePolicyDocument: aws.String(trustOf(tc.principal))})
			if tc.code == "" {
				if err != nil {
					t.Fatalf("CreateRole trusting %s: %v", tc.principal, err)
				}
				return
			}
			stacktest.WantError(t, err, tc.code, `Invalid principal in policy: "AWS":"`+tc.principal+`"`)
		})
	}
}
