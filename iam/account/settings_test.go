package account_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// quotas are the quota entries of GetAccountSummary, as AWS reports them for a new account
// (LocalStack's snapshot of AWS's response).
var quotas = map[string]int32{
	"AccessKeysPerUserQuota": 2, "AssumeRolePolicySizeQuota": 2048, "AttachedPoliciesPerGroupQuota": 10,
	"AttachedPoliciesPerRoleQuota": 10, "AttachedPoliciesPerUserQuota": 10, "GroupPolicySizeQuota": 5120,
	"GroupsPerUserQuota": 10, "GroupsQuota": 300, "InstanceProfilesQuota": 1000, "PoliciesQuota": 1500,
	"PolicySizeQuota": 6144, "PolicyVersionsInUseQuota": 10000, "RolePolicySizeQuota": 10240, "RolesQuota": 1000,
	"ServerCertificatesQuota": 20, "SigningCertificatesPerUserQuota": 2, "UserPolicySizeQuota": 2048, "UsersQuota": 5000,
	"VersionsPerPolicyQuota": 5,
}

// summary is GetAccountSummary's map with the given counts over the quotas.
func summary(counts map[string]int32) map[string]int32 {
	m := map[string]int32{"Users": 0, "Groups": 0, "Roles": 0, "Policies": 0, "InstanceProfiles": 0, "ServerCertificates": 0,
		"Providers": 0, "MFADevices": 0, "MFADevicesInUse": 0, "PolicyVersionsInUse": 0, "AccountMFAEnabled": 0,
		"AccountAccessKeysPresent": 1, "AccountSigningCertificatesPresent": 0, "AccountPasswordPresent": 0,
		"GlobalEndpointTokenVersion": 1}
	for k, v := range quotas {
		m[k] = v
	}
	for k, v := range counts {
		m[k] = v
	}
	return m
}

func TestGetAccountSummary(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	get := func() map[string]int32 {
		t.Helper()
		out := iamtest.Must(t, root.GetAccountSummary, &awsiam.GetAccountSummaryInput{})
		return out.SummaryMap
	}
	// A new account: its root user has the bootstrap access key.
	if diff := iamtest.Diff(summary(nil), get()); diff != "" {
		t.Errorf("GetAccountSummary of a new account (-want +got):\n%s", diff)
	}

	iamtest.MustCreateUser(t, root, "alice")
	iamtest.MustCreateUser(t, root, "bob")
	acct := s.AccountID()
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		alice, err := tx.Users().Get(ctx, acct, "alice")
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		for _, d := range []string{"alice", "root", "spare"} {
			if err := tx.MFADevices().Create(ctx, store.MFADevice{SerialNumber: "arn:aws:iam::" + acct + ":mfa/" + d,
				AccountID: acct, Kind: store.MFAVirtual, Name: d, Path: "/"}); err != nil {
				return err
			}
		}
		if err := tx.MFADevices().Assign(ctx, "arn:aws:iam::"+acct+":mfa/alice", alice.ID, false, now, 1); err != nil {
			return err
		}
		if err := tx.MFADevices().Assign(ctx, "arn:aws:iam::"+acct+":mfa/root", "", true, now, 1); err != nil {
			return err
		}
		p := store.ManagedPolicy{AccountID: acct, ID: "ANPAEXAMPLEPOLICY0001", Name: "Readers", Path: "/",
			ARN: "arn:aws:iam::" + acct + ":policy/Readers", IsAttachable: true, Created: now, Updated: now}
		if err := tx.Policies().Create(ctx, p, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}`); err != nil {
			return err
		}
		if err := tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalUser, ID: alice.ID},
			store.AttachedPolicy{ARN: p.ARN, Name: p.Name, Path: "/"}); err != nil {
			return err
		}
		return tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalUser, ID: alice.ID},
			store.AttachedPolicy{ARN: "arn:aws:iam::aws:policy/ReadOnlyAccess", Name: "ReadOnlyAccess", Path: "/"})
	})
	if err != nil {
		t.Fatal(err)
	}
	body, err := selfSigned(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	iamtest.Must(t, root.UploadSigningCertificate, &awsiam.UploadSigningCertificateInput{CertificateBody: aws.String(body)})
	iamtest.Must(t, root.SetSecurityTokenServicePreferences, &awsiam.SetSecurityTokenServicePreferencesInput{
		GlobalEndpointTokenVersion: types.GlobalEndpointTokenVersionV2Token})
	want := summary(map[string]int32{"Users": 2, "Policies": 1, "MFADevices": 3, "MFADevicesInUse": 2, "AccountMFAEnabled": 1,
		"PolicyVersionsInUse": 2, "AccountSigningCertificatesPresent": 1, "GlobalEndpointTokenVersion": 2})
	if diff := iamtest.Diff(want, get()); diff != "" {
		t.Errorf("GetAccountSummary (-want +got):\n%s", diff)
	}
	iamtest.Must(t, root.SetSecurityTokenServicePreferences, &awsiam.SetSecurityTokenServicePreferencesInput{
		GlobalEndpointTokenVersion: types.GlobalEndpointTokenVersionV1Token})
	if got := get()["GlobalEndpointTokenVersion"]; got != 1 {
		t.Errorf("GlobalEndpointTokenVersion after v1Token = %d", got)
	}
}

func TestAccountSummaryAuthorization(t *testing.T) {
	t.Parallel()
	s, _ := iamtest.Root(t)
	ctx := t.Context()
	user := s.NewUser(t, "viewer", stacktest.Policy("Allow", []string{"iam:GetAccountSummary"}))
	viewer := s.IAM(user)
	if _, err := viewer.GetAccountSummary(ctx, &awsiam.GetAccountSummaryInput{}); err != nil {
		t.Errorf("GetAccountSummary allowed: %v", err)
	}
	_, err := viewer.SetSecurityTokenServicePreferences(ctx, &awsiam.SetSecurityTokenServicePreferencesInput{
		GlobalEndpointTokenVersion: types.GlobalEndpointTokenVersionV2Token})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:SetSecurityTokenServicePreferences", "*"))
	_, err = viewer.SetSecurityTokenServicePreferences(ctx, &awsiam.SetSecurityTokenServicePreferencesInput{
		GlobalEndpointTokenVersion: "v3Token"})
	stacktest.WantError(t, err, "ValidationError", "")
}

func TestAccountAliases(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
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
	if diff := iamtest.Diff([]string{"acme-prod"}, list(root, &awsiam.ListAccountAliasesInput{MaxItems: aws.Int32(1)})); diff != "" {
		t.Errorf("ListAccountAliases (-want +got):\n%s", diff)
	}
	if err := create(root, "acme-prod"); err != nil {
		t.Errorf("creating the account's own alias again: %v", err)
	}
	// One alias per account: a new one replaces the old.
	if err := create(root, "acme-production"); err != nil {
		t.Fatal(err)
	}
	if diff := iamtest.Diff([]string{"acme-production"}, list(root, &awsiam.ListAccountAliasesInput{})); diff != "" {
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

	iamtest.Refused(t, root.DeleteAccountAlias, &awsiam.DeleteAccountAliasInput{AccountAlias: aws.String("acme-prod")},
		"NoSuchEntity", "The account alias acme-prod cannot be found.")
	iamtest.Must(t, root.DeleteAccountAlias, &awsiam.DeleteAccountAliasInput{AccountAlias: aws.String("acme-production")})
	if got := list(root, &awsiam.ListAccountAliasesInput{}); len(got) != 0 {
		t.Errorf("aliases after DeleteAccountAlias: %v", got)
	}
	iamtest.Refused(t, root.DeleteAccountAlias, &awsiam.DeleteAccountAliasInput{AccountAlias: aws.String("acme-production")},
		"NoSuchEntity", "")

	user := s.NewUser(t, "intern")
	_, err := s.IAM(user).CreateAccountAlias(ctx, &awsiam.CreateAccountAliasInput{AccountAlias: aws.String("intern-corp")})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:CreateAccountAlias", "*"))
	_, err = s.IAM(user).ListAccountAliases(ctx, &awsiam.ListAccountAliasesInput{})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:ListAccountAliases", "*"))
	iamtest.Refused(t, root.ListAccountAliases, &awsiam.ListAccountAliasesInput{Marker: aws.String("!!not-a-marker")},
		"ValidationError", "")
}

func TestAccountPasswordPolicy(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	notFound := "The Password Policy with domain name " + s.AccountID() + " cannot be found."
	iamtest.Refused(t, root.GetAccountPasswordPolicy, &awsiam.GetAccountPasswordPolicyInput{}, "NoSuchEntity", notFound)
	iamtest.Refused(t, root.DeleteAccountPasswordPolicy, &awsiam.DeleteAccountPasswordPolicyInput{},
		"NoSuchEntity", "The account policy with name PasswordPolicy cannot be found.")

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
			if diff := iamtest.Diff(tc.want, out.PasswordPolicy); diff != "" {
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
	iamtest.Refused(t, root.GetAccountPasswordPolicy, &awsiam.GetAccountPasswordPolicyInput{}, "NoSuchEntity", notFound)
}

func TestAccountPasswordPolicyAuthorization(t *testing.T) {
	t.Parallel()
	s, _ := iamtest.Root(t)
	user := s.NewUser(t, "auditor", stacktest.Policy("Allow", []string{"iam:GetAccountPasswordPolicy"}))
	auditor := s.IAM(user)
	iamtest.Refused(t, auditor.UpdateAccountPasswordPolicy, &awsiam.UpdateAccountPasswordPolicyInput{},
		"AccessDenied", iamtest.Denied(user.ARN, "iam:UpdateAccountPasswordPolicy", "*"))
	iamtest.Refused(t, auditor.DeleteAccountPasswordPolicy, &awsiam.DeleteAccountPasswordPolicyInput{},
		"AccessDenied", iamtest.Denied(user.ARN, "iam:DeleteAccountPasswordPolicy", "*"))
	// Allowed, it learns there is no policy.
	iamtest.Refused(t, auditor.GetAccountPasswordPolicy, &awsiam.GetAccountPasswordPolicyInput{}, "NoSuchEntity", "")
}
