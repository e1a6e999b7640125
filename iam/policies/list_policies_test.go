package policies_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// listAllPolicies pages through ListPolicies and returns the policies in answer order.
func listAllPolicies(t *testing.T, c *awsiam.Client, in awsiam.ListPoliciesInput) []types.Policy {
	t.Helper()
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
	_, err = root.ListPolicies(ctx, &awsiam.ListPoliciesInput{Marker: aws.String("%%%")})
	stacktest.WantError(t, err, "ValidationError", "")
}
