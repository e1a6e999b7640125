package policies_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

const readDoc = `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`

func TestPolicyLifecycle(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	clock := stacktest.NewClock(time.Date(2025, 3, 4, 5, 6, 7, 890, time.UTC))
	s, root := iamtest.Root(t, stacktest.WithClock(clock))
	cout, err := root.CreatePolicy(ctx, &awsiam.CreatePolicyInput{PolicyName: aws.String("ReadBuckets"),
		Path: aws.String("/data/"), PolicyDocument: aws.String(readDoc), Description: aws.String("read the buckets"),
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("blue")}}})
	fatalIf(t, err)
	created := cout.Policy
	policyARN := "arn:aws:iam::" + s.AccountID() + ":policy/data/ReadBuckets"
	at := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	want := &types.Policy{PolicyName: aws.String("ReadBuckets"), PolicyId: created.PolicyId, Arn: aws.String(policyARN),
		Path: aws.String("/data/"), DefaultVersionId: aws.String("v1"), AttachmentCount: aws.Int32(0),
		PermissionsBoundaryUsageCount: aws.Int32(0), IsAttachable: true, CreateDate: &at, UpdateDate: &at,
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("blue")}}}
	opts := cmpopts.IgnoreUnexported(types.Policy{}, types.Tag{})
	if diff := cmp.Diff(want, created, opts); diff != "" {
		t.Errorf("CreatePolicy (-want +got):\n%s", diff)
	}
	if _, ok := arn.IsUniqueID(aws.ToString(created.PolicyId)); !ok || !strings.HasPrefix(aws.ToString(created.PolicyId), arn.PrefixManagedPolicy) {
		t.Errorf("PolicyId %q is not an ANPA unique ID", aws.ToString(created.PolicyId))
	}

	gout, err := root.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(policyARN)})
	fatalIf(t, err)
	got := gout.Policy
	want.Description = aws.String("read the buckets")
	if diff := cmp.Diff(want, got, opts); diff != "" {
		t.Errorf("GetPolicy (-want +got):\n%s", diff)
	}
	vout, err := root.GetPolicyVersion(ctx, &awsiam.GetPolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: aws.String("v1")})
	fatalIf(t, err)
	v := vout.PolicyVersion
	if doc, err := url.QueryUnescape(aws.ToString(v.Document)); err != nil || doc != readDoc {
		t.Errorf("GetPolicyVersion document = %q (%v), want the document URL-encoded", aws.ToString(v.Document), err)
	}
	if !v.IsDefaultVersion || !v.CreateDate.Equal(at) {
		t.Errorf("GetPolicyVersion = default %v, created %v", v.IsDefaultVersion, v.CreateDate)
	}

	iamtest.Refused(t, root.CreatePolicy, &awsiam.CreatePolicyInput{PolicyName: aws.String("readbuckets"), PolicyDocument: aws.String(readDoc)},
		"EntityAlreadyExists", "A policy called readbuckets already exists. Duplicate names are not allowed.")

	ok(t)(root.DeletePolicy(ctx, &awsiam.DeletePolicyInput{PolicyArn: aws.String(policyARN)}))
	iamtest.Refused(t, root.GetPolicy, &awsiam.GetPolicyInput{PolicyArn: aws.String(policyARN)},
		"NoSuchEntity", "Policy "+policyARN+" does not exist or is not attachable.")
	iamtest.Refused(t, root.DeletePolicy, &awsiam.DeletePolicyInput{PolicyArn: aws.String(policyARN)},
		"NoSuchEntity", "Policy "+policyARN+" was not found.")
	var tags int
	err = s.Store().View(ctx, func(tx store.Tx) error {
		tags, err = tx.Tags().Count(ctx, store.Resource{Kind: store.KindPolicy, Key: policyARN})
		return err
	})
	if err == nil && tags != 0 {
		t.Errorf("a deleted policy keeps %d tags", tags)
	}
	// The name is free again.
	createPolicy(t, root, "ReadBuckets", readDoc)
}

func TestCreatePolicyValidation(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	big := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` +
		strings.Repeat("b", 6100) + `"}]}`
	spaced := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` +
		strings.Repeat("b", 6000) + `"}]}` + strings.Repeat(" ", 500)
	tag := func(k string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String("v")} }
	tests := []struct {
		name     string
		in       awsiam.CreatePolicyInput
		code     string
		message  string
		accepted bool
	}{
		{"malformed JSON", awsiam.CreatePolicyInput{PolicyDocument: aws.String(`{"Version":`)}, "MalformedPolicyDocument", "", false},
		{"no resource", awsiam.CreatePolicyInput{PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}`)},
			"MalformedPolicyDocument", "Policy statement must contain resources.", false},
		{"a principal", awsiam.CreatePolicyInput{PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`)},
			"MalformedPolicyDocument", "", false},
		{"too large", awsiam.CreatePolicyInput{PolicyDocument: aws.String(big)}, "LimitExceeded", "Cannot exceed quota for PolicySize: 6144", false},
		{"whitespace not counted", awsiam.CreatePolicyInput{PolicyDocument: aws.String(spaced)}, "", "", true},
		{"duplicate tag keys", awsiam.CreatePolicyInput{PolicyDocument: aws.String(readDoc), Tags: []types.Tag{tag("a"), tag("a")}},
			"InvalidInput", "Duplicate tag keys found.", false},
		{"reserved tag key", awsiam.CreatePolicyInput{PolicyDocument: aws.String(readDoc), Tags: []types.Tag{tag("aws:x")}},
			"InvalidInput", "", false},
		{"bad path", awsiam.CreatePolicyInput{PolicyDocument: aws.String(readDoc), Path: aws.String("no-slashes")}, "ValidationError", "", false},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.PolicyName = aws.String("p" + string(rune('a'+i)))
			_, err := root.CreatePolicy(ctx, &in)
			if tc.accepted {
				if err != nil {
					t.Fatalf("CreatePolicy: %v", err)
				}
				return
			}
			stacktest.WantError(t, err, tc.code, tc.message)
			// Nothing was written.
			iamtest.Refused(t, root.GetPolicy, &awsiam.GetPolicyInput{PolicyArn: aws.String("arn:aws:iam::" + s.AccountID() + ":policy/" + *in.PolicyName)},
				"NoSuchEntity", "")
		})
	}
}

func TestPolicyQuotaPerAccount(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		for i := range 1500 {
			name := fmt.Sprintf("seeded-%04d", i)
			if err := tx.Policies().Create(ctx, store.ManagedPolicy{AccountID: s.AccountID(), ID: fmt.Sprintf("ANPASEEDED%011d", i),
				Name: name, Path: "/", ARN: "arn:aws:iam::" + s.AccountID() + ":policy/" + name, IsAttachable: true,
				Created: time.Now(), Updated: time.Now()}, readDoc); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	iamtest.Refused(t, root.CreatePolicy, &awsiam.CreatePolicyInput{PolicyName: aws.String("one-too-many"), PolicyDocument: aws.String(readDoc)},
		"LimitExceeded", "Cannot exceed quota for PoliciesPerAccount: 1500")
}

func TestPolicyARNValidation(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	for _, bad := range []string{
		"arn:aws:iam::" + s.AccountID() + ":user/alice",
		"arn:aws:s3:::bucket/policy/x-and-more",
		"arn:aws:iam::notanaccount:policy/x",
		"not an ARN at all, but long",
	} {
		iamtest.Refused(t, root.GetPolicy, &awsiam.GetPolicyInput{PolicyArn: aws.String(bad)}, "InvalidInput", "ARN "+bad+" is not valid.")
	}
	// Another account's policy is not the caller's to see.
	iamtest.Refused(t, root.GetPolicy, &awsiam.GetPolicyInput{PolicyArn: aws.String("arn:aws:iam::111122223333:policy/theirs")},
		"AccessDenied", "")
}

func TestDeletePolicyConflicts(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, root := iamtest.Root(t)
	createUser(t, root, "alice")
	policyARN := createPolicy(t, root, "P", readDoc)

	ok(t)(root.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("alice"), PolicyArn: aws.String(policyARN)}))
	iamtest.Refused(t, root.DeletePolicy, &awsiam.DeletePolicyInput{PolicyArn: aws.String(policyARN)},
		"DeleteConflict", "Cannot delete a policy attached to entities.")
	ok(t)(root.DetachUserPolicy(ctx, &awsiam.DetachUserPolicyInput{UserName: aws.String("alice"), PolicyArn: aws.String(policyARN)}))

	ok(t)(root.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("alice"), PermissionsBoundary: aws.String(policyARN)}))
	iamtest.Refused(t, root.DeletePolicy, &awsiam.DeletePolicyInput{PolicyArn: aws.String(policyARN)},
		"DeleteConflict", "Cannot delete a policy attached to entities.")
	ok(t)(root.DeleteUserPermissionsBoundary(ctx, &awsiam.DeleteUserPermissionsBoundaryInput{UserName: aws.String("alice")}))

	ok(t)(root.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(policyARN), PolicyDocument: aws.String(readDoc)}))
	iamtest.Refused(t, root.DeletePolicy, &awsiam.DeletePolicyInput{PolicyArn: aws.String(policyARN)},
		"DeleteConflict", "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
	ok(t)(root.DeletePolicyVersion(ctx, &awsiam.DeletePolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: aws.String("v2")}))
	ok(t)(root.DeletePolicy(ctx, &awsiam.DeletePolicyInput{PolicyArn: aws.String(policyARN)}))
}

// listAllPolicies pages through ListPolicies and returns the policies in answer order.
func listAllPolicies(t *testing.T, c *awsiam.Client, in awsiam.ListPoliciesInput) []types.Policy {
	t.Helper()
	ctx := t.Context()
	var all []types.Policy
	for {
		out, err := c.ListPolicies(ctx, &in)
		fatalIf(t, err)
		if int32(len(out.Policies)) > aws.ToInt32(in.MaxItems) && in.MaxItems != nil {
			t.Fatalf("page of %d policies, MaxItems %d", len(out.Policies), aws.ToInt32(in.MaxItems))
		}
		all = append(all, out.Policies...)
		if !out.IsTruncated {
			return all
		}
		in.Marker = out.Marker
	}
}

func policyNames(ps []types.Policy) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = aws.ToString(p.PolicyName)
	}
	return out
}

func TestListPolicies(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, root := iamtest.Root(t)
	createUser(t, root, "alice")
	for _, p := range []struct{ name, path string }{{"Alpha", "/"}, {"Beta", "/team/"}, {"Gamma", "/team/sub/"}, {"Delta", "/"}} {
		ok(t)(root.CreatePolicy(ctx, &awsiam.CreatePolicyInput{PolicyName: aws.String(p.name), Path: aws.String(p.path),
			PolicyDocument: aws.String(readDoc), Description: aws.String("not listed")}))
	}
	local := listAllPolicies(t, root, awsiam.ListPoliciesInput{Scope: types.PolicyScopeTypeLocal})
	if !slices.IsSortedFunc(local, func(a, b types.Policy) int { return strings.Compare(*a.PolicyId, *b.PolicyId) }) {
		t.Errorf("Scope=Local is not in policy-ID order: %v", policyNames(local))
	}
	names := policyNames(local)
	slices.Sort(names)
	if diff := cmp.Diff([]string{"Alpha", "Beta", "Delta", "Gamma"}, names); diff != "" {
		t.Errorf("Scope=Local (-want +got):\n%s", diff)
	}
	for _, p := range local {
		if p.Description != nil || p.Tags != nil {
			t.Errorf("ListPolicies returned description %v, tags %v; AWS leaves them out", p.Description, p.Tags)
		}
	}

	// Scope=All pages through both kinds merged in policy-ID order, whatever the page size.
	all := listAllPolicies(t, root, awsiam.ListPoliciesInput{MaxItems: aws.Int32(97)})
	if want := len(managed.All()) + 4; len(all) != want {
		t.Errorf("Scope=All lists %d policies, want %d", len(all), want)
	}
	if !slices.IsSortedFunc(all, func(a, b types.Policy) int { return strings.Compare(*a.PolicyId, *b.PolicyId) }) {
		t.Error("Scope=All is not in policy-ID order")
	}
	byPage := listAllPolicies(t, root, awsiam.ListPoliciesInput{MaxItems: aws.Int32(1000)})
	if diff := cmp.Diff(policyNames(all), policyNames(byPage)); diff != "" {
		t.Errorf("Scope=All differs with the page size (-97 +1000):\n%s", diff)
	}
	awsOnly := listAllPolicies(t, root, awsiam.ListPoliciesInput{Scope: types.PolicyScopeTypeAws, MaxItems: aws.Int32(500)})
	if len(awsOnly) != len(managed.All()) || slices.ContainsFunc(awsOnly, func(p types.Policy) bool { return !strings.HasPrefix(*p.Arn, "arn:aws:iam::aws:policy/") }) {
		t.Errorf("Scope=AWS lists %d policies, want the catalog's %d and only those", len(awsOnly), len(managed.All()))
	}

	// PathPrefix applies to both kinds.
	team := listAllPolicies(t, root, awsiam.ListPoliciesInput{PathPrefix: aws.String("/team/")})
	names = policyNames(team)
	slices.Sort(names)
	if diff := cmp.Diff([]string{"Beta", "Gamma"}, names); diff != "" {
		t.Errorf("PathPrefix=/team/ (-want +got):\n%s", diff)
	}
	jobs := listAllPolicies(t, root, awsiam.ListPoliciesInput{Scope: types.PolicyScopeTypeAws, PathPrefix: aws.String("/job-function/")})
	if len(jobs) == 0 || slices.ContainsFunc(jobs, func(p types.Policy) bool { return *p.Path != "/job-function/" }) {
		t.Errorf("PathPrefix=/job-function/ = %v", policyNames(jobs))
	}

	// OnlyAttached, with and without a usage filter, counts uses in this account only.
	alpha := "arn:aws:iam::" + accountOf(*local[0].Arn) + ":policy/Alpha"
	ok(t)(root.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("alice"), PolicyArn: aws.String(alpha)}))
	ok(t)(root.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("alice"), PolicyArn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}))
	ok(t)(root.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("alice"), PermissionsBoundary: aws.String("arn:aws:iam::aws:policy/PowerUserAccess")}))
	tests := []struct {
		name string
		in   awsiam.ListPoliciesInput
		want []string
	}{
		{"only attached", awsiam.ListPoliciesInput{OnlyAttached: true}, []string{"Alpha", "PowerUserAccess", "ReadOnlyAccess"}},
		{"only attached, local", awsiam.ListPoliciesInput{OnlyAttached: true, Scope: types.PolicyScopeTypeLocal}, []string{"Alpha"}},
		{"only attached, AWS", awsiam.ListPoliciesInput{OnlyAttached: true, Scope: types.PolicyScopeTypeAws}, []string{"PowerUserAccess", "ReadOnlyAccess"}},
		{"only attached as permissions", awsiam.ListPoliciesInput{OnlyAttached: true, PolicyUsageFilter: types.PolicyUsageTypePermissionsPolicy}, []string{"Alpha", "ReadOnlyAccess"}},
		{"only attached as boundary", awsiam.ListPoliciesInput{OnlyAttached: true, PolicyUsageFilter: types.PolicyUsageTypePermissionsBoundary}, []string{"PowerUserAccess"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := listAllPolicies(t, root, tc.in)
			names := policyNames(got)
			slices.Sort(names)
			if diff := cmp.Diff(tc.want, names); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			for _, p := range got {
				if aws.ToInt32(p.AttachmentCount)+aws.ToInt32(p.PermissionsBoundaryUsageCount) != 1 {
					t.Errorf("%s: AttachmentCount %d, PermissionsBoundaryUsageCount %d, want one use", *p.PolicyName,
						aws.ToInt32(p.AttachmentCount), aws.ToInt32(p.PermissionsBoundaryUsageCount))
				}
			}
		})
	}

	first, err := root.ListPolicies(ctx, &awsiam.ListPoliciesInput{MaxItems: aws.Int32(5)})
	fatalIf(t, err)
	if !first.IsTruncated || first.Marker == nil || len(first.Policies) != 5 {
		t.Errorf("first page: %d policies, truncated %v, marker %v", len(first.Policies), first.IsTruncated, first.Marker)
	}
	iamtest.Refused(t, root.ListPolicies, &awsiam.ListPoliciesInput{Marker: aws.String("%%%")}, "ValidationError", "")
}

// TestPolicyTagsAtCreation: CreatePolicy and GetPolicy answer the tags the policy was created
// with, in order (the tagging operations' cases are iam's TestTagging).
func TestPolicyTagsAtCreation(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, root := iamtest.Root(t)
	out, err := root.CreatePolicy(ctx, &awsiam.CreatePolicyInput{PolicyName: aws.String("Tagged"), PolicyDocument: aws.String(readDoc),
		Tags: iamtest.Tags("somekey", "somevalue", "other", "x")})
	fatalIf(t, err)
	if diff := cmp.Diff(iamtest.Tags("somekey", "somevalue", "other", "x"), out.Policy.Tags, cmpopts.IgnoreUnexported(types.Tag{})); diff != "" {
		t.Errorf("CreatePolicy tags (-want +got):\n%s", diff)
	}
	got, err := root.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: out.Policy.Arn})
	fatalIf(t, err)
	if diff := cmp.Diff(iamtest.Tags("somekey", "somevalue", "other", "x"), got.Policy.Tags, cmpopts.IgnoreUnexported(types.Tag{})); diff != "" {
		t.Errorf("GetPolicy tags (-want +got):\n%s", diff)
	}
}

// TestPolicyTagABAC: aws:ResourceTag on a policy and aws:RequestTag/aws:TagKeys on tagging decide.
func TestPolicyTagABAC(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	blue := createPolicy(t, root, "Blue", readDoc)
	red := createPolicy(t, root, "Red", readDoc)
	ok(t)(root.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(blue), Tags: []types.Tag{iamtest.Tag("team", "blue")}}))
	ok(t)(root.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(red), Tags: []types.Tag{iamtest.Tag("team", "red")}}))
	doc := `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["iam:GetPolicy","iam:CreatePolicyVersion"],"Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"blue"}}},
		{"Effect":"Allow","Action":"iam:TagPolicy","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/env":"dev"},"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}}}]}`
	user := s.NewUser(t, "alice", doc)
	alice := s.IAM(user)

	ok(t)(alice.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(blue)}))
	ok(t)(alice.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(blue), PolicyDocument: aws.String(readDoc)}))
	iamtest.Refused(t, alice.GetPolicy, &awsiam.GetPolicyInput{PolicyArn: aws.String(red)},
		"AccessDenied", iamtest.Denied(user.ARN, "iam:GetPolicy", red))
	iamtest.Refused(t, alice.CreatePolicyVersion, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(red), PolicyDocument: aws.String(readDoc)},
		"AccessDenied", iamtest.Denied(user.ARN, "iam:CreatePolicyVersion", red))

	ok(t)(alice.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(red), Tags: []types.Tag{iamtest.Tag("env", "dev")}}))
	iamtest.Refused(t, alice.TagPolicy, &awsiam.TagPolicyInput{PolicyArn: aws.String(red), Tags: []types.Tag{iamtest.Tag("env", "prod")}},
		"AccessDenied", "")
	iamtest.Refused(t, alice.TagPolicy, &awsiam.TagPolicyInput{PolicyArn: aws.String(red), Tags: []types.Tag{iamtest.Tag("env", "dev"), iamtest.Tag("team", "blue")}},
		"AccessDenied", "")
	// An unauthorized caller learns nothing about a missing policy.
	missing := "arn:aws:iam::" + s.AccountID() + ":policy/Missing"
	iamtest.Refused(t, alice.CreatePolicyVersion, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(missing), PolicyDocument: aws.String(readDoc)},
		"AccessDenied", iamtest.Denied(user.ARN, "iam:CreatePolicyVersion", missing))
}
