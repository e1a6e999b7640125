package users_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/policy"
)

func putPolicy(c *awsiam.Client, user, name, doc string) error {
	_, err := c.PutUserPolicy(context.Background(), &awsiam.PutUserPolicyInput{UserName: aws.String(user),
		PolicyName: aws.String(name), PolicyDocument: aws.String(doc)})
	return err
}

func TestUserPolicyLifecycle(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	ctx := context.Background()
	iamtest.MustCreateUser(t, root, "alice")
	doc := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:ListUsers\", \"Resource\": \"*\"}]\n}"
	if err := putPolicy(root, "alice", "list", doc); err != nil {
		t.Fatal(err)
	}
	got := iamtest.Must(t, root.GetUserPolicy, &awsiam.GetUserPolicyInput{UserName: aws.String("ALICE"), PolicyName: aws.String("list")})
	encoded := aws.ToString(got.PolicyDocument)
	if strings.ContainsAny(encoded, "{}\" \n:") {
		t.Errorf("document is not URL-encoded: %q", encoded)
	}
	decoded, err := url.PathUnescape(encoded)
	if err != nil || decoded != doc {
		t.Errorf("decoded document = %q (%v), want the document as put, whitespace included", decoded, err)
	}
	if aws.ToString(got.UserName) != "alice" || aws.ToString(got.PolicyName) != "list" {
		t.Errorf("GetUserPolicy names = %s/%s", aws.ToString(got.UserName), aws.ToString(got.PolicyName))
	}

	for _, name := range []string{"b", "a", "c"} {
		if err := putPolicy(root, "alice", name, doc); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	var marker *string
	for {
		out, err := root.ListUserPolicies(ctx, &awsiam.ListUserPoliciesInput{UserName: aws.String("alice"), MaxItems: aws.Int32(3), Marker: marker})
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, out.PolicyNames...)
		if !out.IsTruncated {
			break
		}
		marker = out.Marker
	}
	if diff := cmp.Diff([]string{"a", "b", "c", "list"}, names); diff != "" {
		t.Errorf("ListUserPolicies (-want +got):\n%s", diff)
	}

	iamtest.Must(t, root.DeleteUserPolicy, &awsiam.DeleteUserPolicyInput{UserName: aws.String("alice"), PolicyName: aws.String("list")})
	_, err = root.GetUserPolicy(ctx, &awsiam.GetUserPolicyInput{UserName: aws.String("alice"), PolicyName: aws.String("list")})
	stacktest.WantError(t, err, "NoSuchEntity", "The user policy with name list cannot be found.")
	_, err = root.DeleteUserPolicy(ctx, &awsiam.DeleteUserPolicyInput{UserName: aws.String("alice"), PolicyName: aws.String("list")})
	stacktest.WantError(t, err, "NoSuchEntity", "The user policy with name list cannot be found.")
	_, err = root.ListUserPolicies(ctx, &awsiam.ListUserPoliciesInput{UserName: aws.String("ghost")})
	stacktest.WantError(t, err, "NoSuchEntity", "The user with name ghost cannot be found.")
}

// engineMessage is the message the policy validator gives for doc's first error.
func engineMessage(t *testing.T, doc string) string {
	t.Helper()
	_, err := policy.Parse([]byte(doc), policy.Identity)
	var ve *policy.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("the validator accepts %s", doc)
	}
	return ve.First().Message
}

func TestPutUserPolicyErrors(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	iamtest.MustCreateUser(t, root, "alice")
	noResource := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}`
	badEffect := `{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:GetObject","Resource":"*"}]}`
	tests := []struct {
		name, user, policyName, doc string
		code, message               string
	}{
		{"no resource", "alice", "p", noResource, "MalformedPolicyDocument", engineMessage(t, noResource)},
		{"bad effect", "alice", "p", badEffect, "MalformedPolicyDocument", engineMessage(t, badEffect)},
		{"not JSON", "alice", "p", `{"Version":`, "MalformedPolicyDocument", ""},
		{"no such user", "ghost", "p", iamtest.AllowAll, "NoSuchEntity", "The user with name ghost cannot be found."},
		{"bad policy name", "alice", "no spaces allowed", iamtest.AllowAll, "ValidationError", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stacktest.WantError(t, putPolicy(root, tc.user, tc.policyName, tc.doc), tc.code, tc.message)
		})
	}
}

// sizedPolicy is an identity policy of exactly n characters, whitespace not counted, plus pad
// characters of whitespace.
func sizedPolicy(t *testing.T, n, pad int) string {
	t.Helper()
	head := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::`
	tail := `"}]}`
	fill := n - len(head) - len(tail)
	if fill < 1 {
		t.Fatalf("policy of %d characters is too small", n)
	}
	doc := head + strings.Repeat("b", fill) + tail + strings.Repeat(" \n", pad/2)
	if got := policy.SizeWithoutWhitespace([]byte(doc)); got != n {
		t.Fatalf("sized policy has %d characters, want %d", got, n)
	}
	return doc
}

func TestUserPolicyAggregateSize(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	iamtest.MustCreateUser(t, root, "alice")
	over := "Maximum policy size of 2048 bytes exceeded for user alice"

	// Whitespace is not counted: 2,048 characters padded with 4,000 spaces fit.
	if err := putPolicy(root, "alice", "big", sizedPolicy(t, 2048, 4000)); err != nil {
		t.Fatalf("2048 characters plus whitespace: %v", err)
	}
	stacktest.WantError(t, putPolicy(root, "alice", "more", sizedPolicy(t, 200, 0)), "LimitExceeded", over)
	// Replacing a policy counts its new size only.
	if err := putPolicy(root, "alice", "big", sizedPolicy(t, 1500, 0)); err != nil {
		t.Fatalf("replacing with a smaller policy: %v", err)
	}
	if err := putPolicy(root, "alice", "more", sizedPolicy(t, 548, 0)); err != nil {
		t.Fatalf("filling to exactly 2048: %v", err)
	}
	stacktest.WantError(t, putPolicy(root, "alice", "more", sizedPolicy(t, 549, 0)), "LimitExceeded", over)
	out, err := root.GetUserPolicy(context.Background(), &awsiam.GetUserPolicyInput{UserName: aws.String("alice"), PolicyName: aws.String("more")})
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := url.PathUnescape(aws.ToString(out.PolicyDocument))
	if n := policy.SizeWithoutWhitespace([]byte(doc)); n != 548 {
		t.Errorf("after the refused replacement the policy has %d characters, want the earlier 548", n)
	}
}
