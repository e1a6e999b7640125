package policies_test

import (
	"crypto/rand"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// details pages through GetAccountAuthorizationDetails and merges the pages.
func details(t *testing.T, c *awsiam.Client, pageSize int32, filter ...types.EntityType) *awsiam.GetAccountAuthorizationDetailsOutput {
	t.Helper()
	ctx := t.Context()
	all := &awsiam.GetAccountAuthorizationDetailsOutput{}
	in := &awsiam.GetAccountAuthorizationDetailsInput{Filter: filter, MaxItems: aws.Int32(pageSize)}
	p := awsiam.NewGetAccountAuthorizationDetailsPaginator(c, in)
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		fatalIf(t, err)
		if n := len(out.UserDetailList) + len(out.GroupDetailList) + len(out.RoleDetailList) + len(out.Policies); n > int(pageSize) {
			t.Fatalf("a page of %d entries, MaxItems %d", n, pageSize)
		}
		all.UserDetailList = append(all.UserDetailList, out.UserDetailList...)
		all.GroupDetailList = append(all.GroupDetailList, out.GroupDetailList...)
		all.RoleDetailList = append(all.RoleDetailList, out.RoleDetailList...)
		all.Policies = append(all.Policies, out.Policies...)
	}
	return all
}

// sections renders the four lists as JSON, for comparing answers.
func sections(t *testing.T, out *awsiam.GetAccountAuthorizationDetailsOutput) []string {
	t.Helper()
	var got []string
	for _, v := range []any{out.UserDetailList, out.GroupDetailList, out.RoleDetailList, out.Policies} {
		b, err := json.Marshal(v)
		fatalIf(t, err)
		got = append(got, string(b))
	}
	return got
}

func unescape(t *testing.T, s *string) string {
	t.Helper()
	d, err := url.QueryUnescape(aws.ToString(s))
	fatalIf(t, err)
	return d
}

func TestGetAccountAuthorizationDetails(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	acct := s.AccountID()
	createUser(t, root, "alice")
	createUser(t, root, "bob")
	g := seedGroup(t, s, "devs", "alice")
	r := seedRole(t, s, "ci", "")
	tagRole(t, s, r, store.Tag{Key: "team", Value: "blue"})
	used := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	pid, err := arn.NewUniqueID(rand.Reader, arn.PrefixInstanceProfile)
	fatalIf(t, err)
	fatalIf(t, s.Store().Update(ctx, func(tx store.Tx) error {
		if err := tx.Roles().RecordUse(ctx, r.ID, store.RoleUse{When: used, Region: "eu-west-1"}); err != nil {
			return err
		}
		if err := tx.InstanceProfiles().Create(ctx, store.InstanceProfile{AccountID: acct, ID: pid, Name: "web", Path: "/",
			ARN: "arn:aws:iam::" + acct + ":instance-profile/web", Created: used}); err != nil {
			return err
		}
		return tx.InstanceProfiles().AddRole(ctx, pid, r.ID)
	}))
	policyARN := createPolicy(t, root, "Shared", readDoc)
	ok(t)(root.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(policyARN), PolicyDocument: aws.String(docSid("two")), SetAsDefault: true}))
	createPolicy(t, root, "Unused", readDoc)
	ok(t)(root.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("alice"), PolicyArn: aws.String(policyARN)}))
	ok(t)(root.AttachGroupPolicy(ctx, &awsiam.AttachGroupPolicyInput{GroupName: aws.String("devs"), PolicyArn: aws.String("arn:aws:iam::aws:policy/IAMReadOnlyAccess")}))
	ok(t)(root.AttachRolePolicy(ctx, &awsiam.AttachRolePolicyInput{RoleName: aws.String("ci"), PolicyArn: aws.String(policyARN)}))
	ok(t)(root.PutUserPolicy(ctx, &awsiam.PutUserPolicyInput{UserName: aws.String("alice"), PolicyName: aws.String("own"), PolicyDocument: aws.String(readDoc)}))
	ok(t)(root.PutGroupPolicy(ctx, &awsiam.PutGroupPolicyInput{GroupName: aws.String("devs"), PolicyName: aws.String("grp"), PolicyDocument: aws.String(readDoc)}))
	ok(t)(root.PutRolePolicy(ctx, &awsiam.PutRolePolicyInput{RoleName: aws.String("ci"), PolicyName: aws.String("rl"), PolicyDocument: aws.String(readDoc)}))
	ok(t)(root.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("bob"), PermissionsBoundary: aws.String("arn:aws:iam::aws:policy/PowerUserAccess")}))
	ok(t)(root.TagUser(ctx, &awsiam.TagUserInput{UserName: aws.String("alice"), Tags: []types.Tag{iamtest.Tag("k", "v")}}))

	// Every page size gives the same answer.
	full := details(t, root, 1000)
	for _, size := range []int32{1, 2, 3, 5} {
		paged := details(t, root, size)
		if diff := cmp.Diff(sections(t, full), sections(t, paged)); diff != "" {
			t.Errorf("pages of %d differ from one page (-one +paged):\n%s", size, diff)
		}
	}

	if len(full.UserDetailList) != 2 || len(full.GroupDetailList) != 1 || len(full.RoleDetailList) != 1 {
		t.Fatalf("users %d, groups %d, roles %d", len(full.UserDetailList), len(full.GroupDetailList), len(full.RoleDetailList))
	}
	alice, bob := full.UserDetailList[0], full.UserDetailList[1]
	if aws.ToString(alice.UserName) != "alice" || !cmp.Equal(alice.GroupList, []string{"devs"}) ||
		len(alice.AttachedManagedPolicies) != 1 || aws.ToString(alice.AttachedManagedPolicies[0].PolicyArn) != policyARN ||
		len(alice.UserPolicyList) != 1 || unescape(t, alice.UserPolicyList[0].PolicyDocument) != readDoc ||
		len(alice.Tags) != 1 || alice.PermissionsBoundary != nil {
		t.Errorf("alice = %+v", alice)
	}
	if bob.PermissionsBoundary == nil || aws.ToString(bob.PermissionsBoundary.PermissionsBoundaryArn) != "arn:aws:iam::aws:policy/PowerUserAccess" ||
		bob.UserPolicyList != nil || bob.GroupList == nil || bob.Tags == nil {
		t.Errorf("bob = %+v", bob)
	}
	gd := full.GroupDetailList[0]
	if aws.ToString(gd.GroupId) != g.ID || len(gd.GroupPolicyList) != 1 || aws.ToString(gd.GroupPolicyList[0].PolicyName) != "grp" ||
		len(gd.AttachedManagedPolicies) != 1 || aws.ToString(gd.AttachedManagedPolicies[0].PolicyName) != "IAMReadOnlyAccess" {
		t.Errorf("group = %+v", gd)
	}
	rd := full.RoleDetailList[0]
	if aws.ToString(rd.RoleId) != r.ID || unescape(t, rd.AssumeRolePolicyDocument) != r.TrustPolicy || len(rd.RolePolicyList) != 1 ||
		len(rd.AttachedManagedPolicies) != 1 || len(rd.Tags) != 1 || rd.RoleLastUsed == nil ||
		!aws.ToTime(rd.RoleLastUsed.LastUsedDate).Equal(used) || aws.ToString(rd.RoleLastUsed.Region) != "eu-west-1" {
		t.Errorf("role = %+v", rd)
	}
	if len(rd.InstanceProfileList) != 1 || aws.ToString(rd.InstanceProfileList[0].InstanceProfileName) != "web" ||
		len(rd.InstanceProfileList[0].Roles) != 1 || aws.ToString(rd.InstanceProfileList[0].Roles[0].RoleName) != "ci" {
		t.Errorf("role's instance profiles = %+v", rd.InstanceProfileList)
	}

	// Customer policies, used or not, with every version; AWS policies only when in use.
	var names []string
	for _, p := range full.Policies {
		names = append(names, aws.ToString(p.PolicyName))
	}
	if diff := cmp.Diff([]string{"Shared", "Unused", "IAMReadOnlyAccess", "PowerUserAccess"}, names); diff != "" {
		t.Errorf("Policies (-want +got):\n%s", diff)
	}
	shared := full.Policies[0]
	if aws.ToInt32(shared.AttachmentCount) != 2 || aws.ToString(shared.DefaultVersionId) != "v2" || len(shared.PolicyVersionList) != 2 ||
		unescape(t, shared.PolicyVersionList[0].Document) != docSid("two") || !shared.PolicyVersionList[0].IsDefaultVersion {
		t.Errorf("Shared = %+v", shared)
	}
	power := full.Policies[3]
	cat, _ := managed.Lookup("arn:aws:iam::aws:policy/PowerUserAccess")
	vs, err := cat.Versions()
	fatalIf(t, err)
	if aws.ToInt32(power.PermissionsBoundaryUsageCount) != 1 || len(power.PolicyVersionList) != len(vs) ||
		unescape(t, power.PolicyVersionList[0].Document) != cat.Document {
		t.Errorf("PowerUserAccess: boundary uses %d, %d versions (catalog %d)", aws.ToInt32(power.PermissionsBoundaryUsageCount),
			len(power.PolicyVersionList), len(vs))
	}

	tests := []struct {
		name   string
		filter []types.EntityType
		counts [4]int
	}{
		{"users", []types.EntityType{types.EntityTypeUser}, [4]int{2, 0, 0, 0}},
		{"groups and roles", []types.EntityType{types.EntityTypeGroup, types.EntityTypeRole}, [4]int{0, 1, 1, 0}},
		{"local policies", []types.EntityType{types.EntityTypeLocalManagedPolicy}, [4]int{0, 0, 0, 2}},
		{"AWS policies", []types.EntityType{types.EntityTypeAWSManagedPolicy}, [4]int{0, 0, 0, 2}},
	}
	for _, tc := range tests {
		for _, size := range []int32{1, 100} {
			got := details(t, root, size, tc.filter...)
			counts := [4]int{len(got.UserDetailList), len(got.GroupDetailList), len(got.RoleDetailList), len(got.Policies)}
			if counts != tc.counts {
				t.Errorf("%s, pages of %d: counts %v, want %v", tc.name, size, counts, tc.counts)
			}
		}
	}
	out, err := root.GetAccountAuthorizationDetails(ctx, &awsiam.GetAccountAuthorizationDetailsInput{Filter: []types.EntityType{types.EntityTypeGroup}})
	fatalIf(t, err)
	if out.UserDetailList == nil || out.RoleDetailList == nil || out.Policies == nil || out.IsTruncated {
		t.Errorf("empty sections must be present and the answer complete: %+v", out)
	}
	iamtest.Refused(t, root.GetAccountAuthorizationDetails, &awsiam.GetAccountAuthorizationDetailsInput{Marker: aws.String("eC9ub3BlCg")},
		"ValidationError", "")
}

// TestDetailsShowEffectiveTrustPolicy: GetAccountAuthorizationDetails shows a role's trust
// policy as GetRole does — a user named in it and deleted since appears as the unique ID it
// had, in the role's own details and in the roles of its instance profiles.
func TestDetailsShowEffectiveTrustPolicy(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, root := iamtest.Root(t)
	user, err := root.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("bob")})
	fatalIf(t, err)
	bobARN, bobID := aws.ToString(user.User.Arn), aws.ToString(user.User.UserId)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + bobARN + `"},"Action":"sts:AssumeRole"}]}`
	_, err = root.CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("shared"), AssumeRolePolicyDocument: aws.String(trust)})
	fatalIf(t, err)
	_, err = root.CreateInstanceProfile(ctx, &awsiam.CreateInstanceProfileInput{InstanceProfileName: aws.String("ip")})
	fatalIf(t, err)
	_, err = root.AddRoleToInstanceProfile(ctx, &awsiam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String("ip"), RoleName: aws.String("shared")})
	fatalIf(t, err)
	_, err = root.DeleteUser(ctx, &awsiam.DeleteUserInput{UserName: aws.String("bob")})
	fatalIf(t, err)

	out, err := root.GetAccountAuthorizationDetails(ctx, &awsiam.GetAccountAuthorizationDetailsInput{Filter: []types.EntityType{types.EntityTypeRole}})
	fatalIf(t, err)
	if len(out.RoleDetailList) != 1 || len(out.RoleDetailList[0].InstanceProfileList) != 1 {
		t.Fatalf("role details = %+v, want the one role in its one instance profile", out.RoleDetailList)
	}
	d := out.RoleDetailList[0]
	for where, doc := range map[string]*string{"role": d.AssumeRolePolicyDocument,
		"instance profile role": d.InstanceProfileList[0].Roles[0].AssumeRolePolicyDocument} {
		text, err := url.QueryUnescape(aws.ToString(doc))
		fatalIf(t, err)
		if strings.Contains(text, bobARN) || !strings.Contains(text, `"`+bobID+`"`) {
			t.Errorf("%s trust policy = %s, want the deleted user's ID %s in place of its ARN", where, text, bobID)
		}
	}
}
