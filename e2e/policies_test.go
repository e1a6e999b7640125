package e2e

import (
	"context"
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"
)

// inlinePolicyBytesPerUser is IAM's quota on the aggregate size of a user's inline policies,
// whitespace not counted (IAM User Guide, "IAM and AWS STS quotas": 2,048 characters).
const inlinePolicyBytesPerUser = 2048

// explicitDenyMessage is IAM's AccessDenied message when an identity-based policy denies
// (IAM User Guide, "Troubleshoot access denied error messages").
func explicitDenyMessage(principalARN, action, resourceARN string) string {
	return "User: " + principalARN + " is not authorized to perform: " + action + " on resource: " + resourceARN +
		" with an explicit deny in an identity-based policy"
}

// policyJSON marshals a policy document.
func policyJSON(statements ...map[string]any) string {
	b, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// sameJSON reports whether two JSON texts hold the same value.
func sameJSON(tb testing.TB, a, b string) bool {
	tb.Helper()
	var va, vb any
	if err := json.Unmarshal([]byte(a), &va); err != nil {
		tb.Fatalf("not JSON: %v\n%s", err, a)
	}
	if err := json.Unmarshal([]byte(b), &vb); err != nil {
		tb.Errorf("not JSON: %v\n%s", err, b)
		return false
	}
	return cmp.Equal(va, vb)
}

// TestInlinePolicies covers PutUserPolicy, GetUserPolicy, ListUserPolicies and DeleteUserPolicy,
// including the wire detail that GetUserPolicy returns the document URL-encoded (RFC 3986), which
// the Go SDK hands over as is while the CLI and boto3 decode it.
func TestInlinePolicies(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	ctx := context.Background()
	client := s.iam(s.root)
	s.createUser(t, "wendy", "")

	doc := policyJSON(map[string]any{
		"Sid": "Read", "Effect": "Allow", "Action": []string{"iam:GetUser", "iam:ListUsers"},
		"Resource": "*", "Condition": map[string]any{"StringLike": map[string]any{"aws:userid": "AIDA*"}},
	})
	s.putUserPolicy(t, "wendy", "read", doc)
	s.putUserPolicy(t, "wendy", "other", allow("iam:ListUserTags", "*"))

	got, err := client.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: aws.String("wendy"), PolicyName: aws.String("read")})
	if err != nil {
		t.Fatalf("GetUserPolicy: %v", err)
	}
	decoded, err := url.QueryUnescape(deref(got.PolicyDocument))
	if err != nil {
		t.Fatalf("GetUserPolicy's document is not URL-encoded: %v", err)
	}
	if !sameJSON(t, doc, decoded) || deref(got.PolicyName) != "read" || deref(got.UserName) != "wendy" {
		t.Errorf("GetUserPolicy = %s/%s\n%s\nwant wendy/read with the document put", deref(got.UserName), deref(got.PolicyName), decoded)
	}
	if !strings.Contains(deref(got.PolicyDocument), "%22") {
		t.Errorf("GetUserPolicy's document is not URL-encoded on the wire: %s", deref(got.PolicyDocument))
	}

	// Putting the same name replaces the policy.
	replacement := allow("iam:ListUsers", "*")
	s.putUserPolicy(t, "wendy", "read", replacement)
	list, err := client.ListUserPolicies(ctx, &iam.ListUserPoliciesInput{UserName: aws.String("wendy")})
	if err != nil {
		t.Fatalf("ListUserPolicies: %v", err)
	}
	names := slicesSorted(list.PolicyNames)
	if diff := cmp.Diff([]string{"other", "read"}, names); diff != "" {
		t.Errorf("ListUserPolicies (-want +got):\n%s", diff)
	}

	if awsMissing == "" {
		var out struct {
			UserName, PolicyName string
			PolicyDocument       any
		}
		s.aws(t, s.root, "iam", "get-user-policy", "--user-name", "wendy", "--policy-name", "read").decode(t, &out)
		b, _ := json.Marshal(out.PolicyDocument)
		if !sameJSON(t, replacement, string(b)) {
			t.Errorf("aws iam get-user-policy: PolicyDocument = %s, want %s", b, replacement)
		}
	}
	if botoMissing == "" {
		var out struct {
			Document any
			Type     string
		}
		s.boto3(t, s.root, "getpolicy.py", &out, "GH_USER=wendy", "GH_POLICY=read")
		b, _ := json.Marshal(out.Document)
		if out.Type != "dict" || !sameJSON(t, replacement, string(b)) {
			t.Errorf("boto3 get_user_policy: PolicyDocument (%s) = %s, want the dict %s", out.Type, b, replacement)
		}
	}

	// The aggregate size quota, whitespace not counted.
	big := policyJSON(map[string]any{"Effect": "Allow", "Action": "iam:GetUser",
		"Resource": "arn:aws:iam::" + s.account + ":user/" + strings.Repeat("x", inlinePolicyBytesPerUser)})
	_, err = client.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("wendy"), PolicyName: aws.String("big"), PolicyDocument: aws.String(big)})
	if e := asAPIError(err); e.Code != "LimitExceeded" || e.Status != 409 {
		t.Errorf("PutUserPolicy of more than %d characters: %+v, want LimitExceeded (409)", inlinePolicyBytesPerUser, e)
	}
	padded := strings.ReplaceAll(allow("iam:GetUser", "*"), ",", ",\n"+strings.Repeat(" ", 1000))
	if _, err := client.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("wendy"), PolicyName: aws.String("spacious"), PolicyDocument: aws.String(padded)}); err != nil {
		t.Errorf("PutUserPolicy with more than %d characters of which most are whitespace: %v", inlinePolicyBytesPerUser, err)
	}

	if _, err := client.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: aws.String("wendy"), PolicyName: aws.String("read")}); err != nil {
		t.Fatalf("DeleteUserPolicy: %v", err)
	}
	_, err = client.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: aws.String("wendy"), PolicyName: aws.String("read")})
	if e := asAPIError(err); e.Code != "NoSuchEntity" || e.Status != 404 {
		t.Errorf("GetUserPolicy after DeleteUserPolicy: %+v, want NoSuchEntity (404)", e)
	}
	_, err = client.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: aws.String("wendy"), PolicyName: aws.String("read")})
	if e := asAPIError(err); e.Code != "NoSuchEntity" {
		t.Errorf("DeleteUserPolicy twice: %+v, want NoSuchEntity", e)
	}
}

func slicesSorted(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	return out
}

// TestAuthorization drives the policy engine through the whole stack: denials name the right
// resource and reason, explicit denies win, GetCallerIdentity needs no permission, and
// self-service through ${aws:username} works for access keys.
func TestAuthorization(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	ctx := context.Background()
	s.createUser(t, "xena", "")
	xena := s.createAccessKey(t, "xena")
	xenaARN := userARN(s.account, "/", "xena")
	xenaIAM := s.iam(xena)

	// ListUsers is authorized on the account's user path (the resource AWS names in its message).
	_, err := xenaIAM.ListUsers(ctx, &iam.ListUsersInput{})
	want := apiError{Code: "AccessDenied", Status: 403, Message: deniedMessage(xenaARN, "iam:ListUsers", "arn:aws:iam::"+s.account+":user/")}
	if diff := cmp.Diff(want, asAPIError(err)); diff != "" {
		t.Errorf("ListUsers with no policy (-want +got):\n%s", diff)
	}

	// Allow everything but CreateUser: the explicit deny wins, with its own message.
	s.putUserPolicy(t, "xena", "almost-admin", policyJSON(
		map[string]any{"Effect": "Allow", "Action": "*", "Resource": "*"},
		map[string]any{"Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"},
	))
	_, err = xenaIAM.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("yuri")})
	want = apiError{Code: "AccessDenied", Status: 403, Message: explicitDenyMessage(xenaARN, "iam:CreateUser", userARN(s.account, "/", "yuri"))}
	if diff := cmp.Diff(want, asAPIError(err)); diff != "" {
		t.Errorf("CreateUser under an explicit deny (-want +got):\n%s", diff)
	}
	if _, err := xenaIAM.ListUsers(ctx, &iam.ListUsersInput{}); err != nil {
		t.Errorf("ListUsers under Allow *: %v", err)
	}

	// GetCallerIdentity needs no permission, even under a deny of everything (STS API Reference).
	s.putUserPolicy(t, "xena", "deny-all", policyJSON(map[string]any{"Effect": "Deny", "Action": "*", "Resource": "*"}))
	if id, err := s.sts(xena).GetCallerIdentity(ctx, nil); err != nil || deref(id.Arn) != xenaARN {
		t.Errorf("GetCallerIdentity under Deny *: %v, want xena's identity", err)
	}
	_, err = xenaIAM.ListUsers(ctx, &iam.ListUsersInput{})
	if e := asAPIError(err); e.Code != "AccessDenied" {
		t.Errorf("ListUsers under Deny *: %+v, want AccessDenied", e)
	}

	// Self-service: the User Guide's "rotate your own access keys" policy. Without UserName the
	// key operations act on the caller.
	s.createUser(t, "zoe", "")
	zoe := s.createAccessKey(t, "zoe")
	s.putUserPolicy(t, "zoe", "own-keys", allow("iam:*AccessKey*", "arn:aws:iam::*:user/${aws:username}"))
	zoeIAM := s.iam(zoe)
	keys, err := zoeIAM.ListAccessKeys(ctx, &iam.ListAccessKeysInput{})
	if err != nil || len(keys.AccessKeyMetadata) != 1 || deref(keys.AccessKeyMetadata[0].UserName) != "zoe" {
		t.Fatalf("ListAccessKeys without UserName as zoe: %v, %v; want zoe's one key", keys, err)
	}
	created, err := zoeIAM.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{})
	if err != nil {
		t.Fatalf("CreateAccessKey without UserName as zoe: %v", err)
	}
	s.secrets.add(deref(created.AccessKey.SecretAccessKey))
	if deref(created.AccessKey.UserName) != "zoe" {
		t.Errorf("CreateAccessKey without UserName as zoe made a key for %q", deref(created.AccessKey.UserName))
	}
	rotated := creds{AccessKeyID: deref(created.AccessKey.AccessKeyId), SecretAccessKey: deref(created.AccessKey.SecretAccessKey)}
	if _, err := s.iam(rotated).UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{AccessKeyId: aws.String(zoe.AccessKeyID), Status: types.StatusTypeInactive}); err != nil {
		t.Errorf("UpdateAccessKey of the old key with the new one: %v", err)
	}
	if _, err := s.sts(zoe).GetCallerIdentity(ctx, nil); asAPIError(err).Code != "InvalidClientTokenId" {
		t.Errorf("the rotated-out key still authenticates: %v", err)
	}
	// The policy reaches only zoe's own keys.
	_, err = s.iam(rotated).ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String("xena")})
	if e := asAPIError(err); e.Code != "AccessDenied" {
		t.Errorf("ListAccessKeys of xena as zoe: %+v, want AccessDenied", e)
	}
}

// TestPolicyConditions checks that global condition keys reach the policy engine with the values
// of the real request (IAM User Guide, "AWS global condition context keys").
func TestPolicyConditions(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	ctx := context.Background()

	cases := []struct {
		name      string
		condition map[string]any
		tags      map[string]string
		want      string
	}{
		{"aws:SourceIp inside 127.0.0.0/8", map[string]any{"IpAddress": map[string]any{"aws:SourceIp": "127.0.0.0/8"}}, nil, "ok"},
		{"aws:SourceIp outside", map[string]any{"IpAddress": map[string]any{"aws:SourceIp": "10.0.0.0/8"}}, nil, "AccessDenied"},
		{"aws:SecureTransport false over HTTP", map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}, nil, "ok"},
		{"aws:SecureTransport true required", map[string]any{"Bool": map[string]any{"aws:SecureTransport": "true"}}, nil, "AccessDenied"},
		{"aws:PrincipalTag matches", map[string]any{"StringEquals": map[string]any{"aws:PrincipalTag/team": "blue"}}, map[string]string{"team": "blue"}, "ok"},
		{"aws:PrincipalTag differs", map[string]any{"StringEquals": map[string]any{"aws:PrincipalTag/team": "blue"}}, map[string]string{"team": "red"}, "AccessDenied"},
		{"aws:PrincipalType is User", map[string]any{"StringEquals": map[string]any{"aws:PrincipalType": "User"}}, nil, "ok"},
		{"aws:RequestedRegion is us-east-1", map[string]any{"StringEquals": map[string]any{"aws:RequestedRegion": region}}, nil, "ok"},
		{"aws:PrincipalAccount is the account", map[string]any{"StringEquals": map[string]any{"aws:PrincipalAccount": s.account}}, nil, "ok"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			name := "cond-" + string(rune('a'+i))
			in := &iam.CreateUserInput{UserName: aws.String(name)}
			for k, v := range tc.tags {
				in.Tags = append(in.Tags, types.Tag{Key: aws.String(k), Value: aws.String(v)})
			}
			if _, err := s.iam(s.root).CreateUser(ctx, in); err != nil {
				t.Fatal(err)
			}
			key := s.createAccessKey(t, name)
			s.putUserPolicy(t, name, "cond", policyJSON(map[string]any{
				"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*", "Condition": tc.condition,
			}))
			_, err := s.iam(key).ListUsers(ctx, &iam.ListUsersInput{MaxItems: aws.Int32(1)})
			if got := asAPIError(err).Code; got != tc.want {
				t.Errorf("ListUsers: %s, want %s (%v)", got, tc.want, err)
			}
		})
	}
}
