package account_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"

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
	ctx := context.Background()
	get := func() map[string]int32 {
		t.Helper()
		out := iamtest.Must(t, root.GetAccountSummary, &awsiam.GetAccountSummaryInput{})
		return out.SummaryMap
	}
	// A new account: its root user has the bootstrap access key.
	if diff := cmp.Diff(summary(nil), get()); diff != "" {
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
	if diff := cmp.Diff(want, get()); diff != "" {
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
	ctx := context.Background()
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
