package users_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/policy"
)

// ignoreUserID ignores the random UserId (its format is checked separately).
var ignoreUserID = cmpopts.IgnoreFields(types.User{}, "UserId")

func TestCreateUser(t *testing.T) {
	t.Parallel()
	s, root := iamtest.RootAt(t, 300*time.Millisecond)
	acct := s.AccountID()
	ctx := t.Context()
	tests := []struct {
		name string
		in   *awsiam.CreateUserInput
		want *types.User
	}{
		{
			name: "defaults",
			in:   &awsiam.CreateUserInput{UserName: aws.String("alice")},
			want: &types.User{UserName: aws.String("alice"), Path: aws.String("/"), CreateDate: aws.Time(iamtest.Created),
				Arn: aws.String("arn:aws:iam::" + acct + ":user/alice")},
		},
		{
			name: "path",
			in:   &awsiam.CreateUserInput{UserName: aws.String("bob"), Path: aws.String("/eng/backend/")},
			want: &types.User{UserName: aws.String("bob"), Path: aws.String("/eng/backend/"), CreateDate: aws.Time(iamtest.Created),
				Arn: aws.String("arn:aws:iam::" + acct + ":user/eng/backend/bob")},
		},
		{
			name: "tags",
			in: &awsiam.CreateUserInput{UserName: aws.String("carol"), Tags: []types.Tag{
				{Key: aws.String("team"), Value: aws.String("payments")}, {Key: aws.String("cost"), Value: aws.String("")}}},
			want: &types.User{UserName: aws.String("carol"), Path: aws.String("/"), CreateDate: aws.Time(iamtest.Created),
				Arn:  aws.String("arn:aws:iam::" + acct + ":user/carol"),
				Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("payments")}, {Key: aws.String("cost"), Value: aws.String("")}}},
		},
		{
			name: "AWS managed boundary",
			in: &awsiam.CreateUserInput{UserName: aws.String("dave"),
				PermissionsBoundary: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")},
			want: &types.User{UserName: aws.String("dave"), Path: aws.String("/"), CreateDate: aws.Time(iamtest.Created),
				Arn: aws.String("arn:aws:iam::" + acct + ":user/dave"),
				PermissionsBoundary: &types.AttachedPermissionsBoundary{
					PermissionsBoundaryType: types.PermissionsBoundaryAttachmentTypePolicy,
					PermissionsBoundaryArn:  aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := root.CreateUser(ctx, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := iamtest.Diff(tc.want, out.User, ignoreUserID); diff != "" {
				t.Errorf("CreateUser (-want +got):\n%s", diff)
			}
			if p, ok := arn.IsUniqueID(aws.ToString(out.User.UserId)); !ok || p != arn.PrefixUser {
				t.Errorf("UserId %q is not an AIDA… unique ID", aws.ToString(out.User.UserId))
			}
			got, err := root.GetUser(ctx, &awsiam.GetUserInput{UserName: tc.in.UserName})
			if err != nil {
				t.Fatal(err)
			}
			if diff := iamtest.Diff(out.User, got.User); diff != "" {
				t.Errorf("GetUser after CreateUser (-create +get):\n%s", diff)
			}
		})
	}
}

func TestCreateUserErrors(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	iamtest.MustCreateUser(t, root, "alice")
	tags := func(n int) []types.Tag {
		var ts []types.Tag
		for i := range n {
			ts = append(ts, types.Tag{Key: aws.String(fmt.Sprintf("k%d", i)), Value: aws.String("v")})
		}
		return ts
	}
	tests := []iamtest.Reject[awsiam.CreateUserInput]{
		{"exists", &awsiam.CreateUserInput{UserName: aws.String("alice")},
			"EntityAlreadyExists", "User with name alice already exists."},
		{"exists in another case", &awsiam.CreateUserInput{UserName: aws.String("ALICE")},
			"EntityAlreadyExists", "User with name ALICE already exists."},
		{"bad name", &awsiam.CreateUserInput{UserName: aws.String("not ok!")}, "ValidationError", ""},
		{"name too long", &awsiam.CreateUserInput{UserName: aws.String(strings.Repeat("a", 65))}, "ValidationError", ""},
		{"bad path", &awsiam.CreateUserInput{UserName: aws.String("x"), Path: aws.String("no-slashes")}, "ValidationError", ""},
		{"51 tags", &awsiam.CreateUserInput{UserName: aws.String("x"), Tags: tags(51)}, "ValidationError", ""},
		{"duplicate tag keys", &awsiam.CreateUserInput{UserName: aws.String("x"), Tags: []types.Tag{
			{Key: aws.String("Team"), Value: aws.String("a")}, {Key: aws.String("team"), Value: aws.String("b")}}},
			"InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive."},
		{"reserved tag prefix", &awsiam.CreateUserInput{UserName: aws.String("x"), Tags: []types.Tag{
			{Key: aws.String("AWS:created-by"), Value: aws.String("a")}}}, "InvalidInput", ""},
		{"missing boundary", &awsiam.CreateUserInput{UserName: aws.String("x"),
			PermissionsBoundary: aws.String("arn:aws:iam::" + s.AccountID() + ":policy/nope")}, "NoSuchEntity",
			"Scope ARN: arn:aws:iam::" + s.AccountID() + ":policy/nope does not exist or is not attachable."},
		{"missing AWS managed boundary", &awsiam.CreateUserInput{UserName: aws.String("x"),
			PermissionsBoundary: aws.String("arn:aws:iam::aws:policy/NoSuchPolicyAnywhere")}, "NoSuchEntity", ""},
	}
	iamtest.Rejects(t, root.CreateUser, tests)
	// None of the failed requests created anything.
	iamtest.Listed(t, "after failed creates", root.ListUsers, &awsiam.ListUsersInput{}, 1)
}

func TestGetUserWithoutName(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	user := s.NewUser(t, "self", stacktest.Policy("Allow", []string{"iam:GetUser"}))
	got := iamtest.Must(t, s.IAM(user).GetUser, &awsiam.GetUserInput{})
	if aws.ToString(got.User.Arn) != user.ARN || aws.ToString(got.User.UserName) != "self" {
		t.Errorf("GetUser as the user = %s %s, want %s self", aws.ToString(got.User.Arn), aws.ToString(got.User.UserName), user.ARN)
	}
	rootOut, err := root.GetUser(ctx, &awsiam.GetUserInput{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := iamtest.Diff([]string{s.AccountID(), "arn:aws:iam::" + s.AccountID() + ":root"},
		[]string{aws.ToString(rootOut.User.UserId), aws.ToString(rootOut.User.Arn)}); diff != "" {
		t.Errorf("GetUser as root (-want +got):\n%s", diff)
	}

	// A user without iam:GetUser may not read even itself.
	bare := s.NewUser(t, "bare")
	_, err = s.IAM(bare).GetUser(ctx, &awsiam.GetUserInput{})
	stacktest.WantError(t, err, "AccessDenied", "User: "+bare.ARN+" is not authorized to perform: iam:GetUser on resource: "+
		bare.ARN+" because no identity-based policy allows the iam:GetUser action")
}

// TestGetUserSelfFollowsChanges checks that a user reading itself (answered from the node's
// principal cache, without a database read) sees every change made meanwhile: tags added and
// removed, a permissions boundary, a new path.
func TestGetUserSelfFollowsChanges(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	user := s.NewUser(t, "me", stacktest.Policy("Allow", []string{"iam:GetUser"}))
	me := s.IAM(user)
	self := func(name *string) types.User {
		t.Helper()
		out := iamtest.Must(t, me.GetUser, &awsiam.GetUserInput{UserName: name})
		return *out.User
	}
	for _, name := range []*string{nil, aws.String("me"), aws.String("ME")} {
		if u := self(name); len(u.Tags) != 0 || u.PermissionsBoundary != nil {
			t.Fatalf("a new user: tags %v, boundary %v", u.Tags, u.PermissionsBoundary)
		}
	}
	iamtest.Must(t, root.TagUser, &awsiam.TagUserInput{UserName: aws.String("me"),
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("blue")}}})
	if u := self(nil); len(u.Tags) != 1 || aws.ToString(u.Tags[0].Value) != "blue" {
		t.Errorf("after TagUser: tags %v", u.Tags)
	}
	boundary := "arn:aws:iam::aws:policy/ReadOnlyAccess"
	iamtest.Must(t, root.PutUserPermissionsBoundary, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("me"),
		PermissionsBoundary: aws.String(boundary)})
	if u := self(aws.String("me")); u.PermissionsBoundary == nil || aws.ToString(u.PermissionsBoundary.PermissionsBoundaryArn) != boundary {
		t.Errorf("after PutUserPermissionsBoundary: %v", u.PermissionsBoundary)
	}
	iamtest.Must(t, root.UntagUser, &awsiam.UntagUserInput{UserName: aws.String("me"), TagKeys: []string{"team"}})
	iamtest.Must(t, root.UpdateUser, &awsiam.UpdateUserInput{UserName: aws.String("me"), NewPath: aws.String("/moved/")})
	if u := self(nil); len(u.Tags) != 0 || aws.ToString(u.Path) != "/moved/" || aws.ToString(u.Arn) != "arn:aws:iam::"+s.AccountID()+":user/moved/me" {
		t.Errorf("after UntagUser and UpdateUser: tags %v, path %s, ARN %s", u.Tags, aws.ToString(u.Path), aws.ToString(u.Arn))
	}
}

func TestUpdateUser(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	acct := s.AccountID()
	user := s.NewUser(t, "old")
	iamtest.MustCreateUser(t, root, "taken")

	stacktest.WantError(t, func() error {
		_, err := root.UpdateUser(ctx, &awsiam.UpdateUserInput{UserName: aws.String("old"), NewUserName: aws.String("TAKEN")})
		return err
	}(), "EntityAlreadyExists", "User with name TAKEN already exists.")
	stacktest.WantError(t, func() error {
		_, err := root.UpdateUser(ctx, &awsiam.UpdateUserInput{UserName: aws.String("ghost"), NewUserName: aws.String("x")})
		return err
	}(), "NoSuchEntity", "The user with name ghost cannot be found.")

	iamtest.Must(t, root.UpdateUser, &awsiam.UpdateUserInput{UserName: aws.String("old"), NewUserName: aws.String("new"),
		NewPath: aws.String("/moved/")})
	got, err := root.GetUser(ctx, &awsiam.GetUserInput{UserName: aws.String("NEW")})
	if err != nil {
		t.Fatal(err)
	}
	if want := "arn:aws:iam::" + acct + ":user/moved/new"; aws.ToString(got.User.Arn) != want {
		t.Errorf("ARN after rename = %s, want %s", aws.ToString(got.User.Arn), want)
	}
	iamtest.Refused(t, root.GetUser, &awsiam.GetUserInput{UserName: aws.String("old")},
		"NoSuchEntity", "The user with name old cannot be found.")

	// The user's key now authenticates the renamed user: the cached caller was rebuilt.
	id, err := s.STS(user).GetCallerIdentity(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "arn:aws:iam::" + acct + ":user/moved/new"; aws.ToString(id.Arn) != want {
		t.Errorf("GetCallerIdentity after rename = %s, want %s", aws.ToString(id.Arn), want)
	}
	keys := iamtest.Must(t, root.ListAccessKeys, &awsiam.ListAccessKeysInput{UserName: aws.String("new")})
	if len(keys.AccessKeyMetadata) != 1 || aws.ToString(keys.AccessKeyMetadata[0].UserName) != "new" {
		t.Errorf("ListAccessKeys after rename = %+v, want one key of user new", keys.AccessKeyMetadata)
	}
}

func TestDeleteUser(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	key := s.NewUser(t, "alice", iamtest.AllowAll)

	iamtest.Refused(t, root.DeleteUser, &awsiam.DeleteUserInput{UserName: aws.String("alice")},
		"DeleteConflict", "Cannot delete entity, must delete access keys first.")
	iamtest.Must(t, root.DeleteAccessKey, &awsiam.DeleteAccessKeyInput{UserName: aws.String("alice"),
		AccessKeyId: aws.String(key.AccessKeyID)})
	iamtest.Refused(t, root.DeleteUser, &awsiam.DeleteUserInput{UserName: aws.String("alice")},
		"DeleteConflict", "Cannot delete entity, must delete policies first.")
	iamtest.Must(t, root.DeleteUserPolicy, &awsiam.DeleteUserPolicyInput{UserName: aws.String("alice"),
		PolicyName: aws.String("policy-1")})
	iamtest.Must(t, root.DeleteUser, &awsiam.DeleteUserInput{UserName: aws.String("ALICE")})
	iamtest.Refused(t, root.GetUser, &awsiam.GetUserInput{UserName: aws.String("alice")},
		"NoSuchEntity", "The user with name alice cannot be found.")
	iamtest.Refused(t, root.DeleteUser, &awsiam.DeleteUserInput{UserName: aws.String("alice")},
		"NoSuchEntity", "The user with name alice cannot be found.")
}

func TestListUsersPagination(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	var want []string
	for i := range 7 {
		name := fmt.Sprintf("user-%02d", i)
		path := "/"
		if i%2 == 1 {
			path = "/odd/"
		}
		iamtest.Must(t, root.CreateUser, &awsiam.CreateUserInput{UserName: aws.String(name), Path: aws.String(path)})
		want = append(want, name)
	}
	tests := []struct {
		name     string
		prefix   *string
		maxItems int32
		want     []string
	}{
		{"pages of 3", nil, 3, want},
		{"pages of 1", nil, 1, want},
		{"one page", nil, 100, want},
		{"path prefix", aws.String("/odd/"), 2, []string{"user-01", "user-03", "user-05"}},
		{"partial path prefix", aws.String("/od"), 5, []string{"user-01", "user-03", "user-05"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			var marker *string
			pages := 0
			for {
				out := iamtest.Must(t, root.ListUsers, &awsiam.ListUsersInput{PathPrefix: tc.prefix, MaxItems: aws.Int32(tc.maxItems), Marker: marker})
				pages++
				if len(out.Users) > int(tc.maxItems) {
					t.Fatalf("page of %d users, MaxItems %d", len(out.Users), tc.maxItems)
				}
				for _, u := range out.Users {
					got = append(got, aws.ToString(u.UserName))
				}
				if !out.IsTruncated {
					if out.Marker != nil {
						t.Errorf("last page has a Marker")
					}
					break
				}
				marker = out.Marker
			}
			if diff := iamtest.Diff(tc.want, got); diff != "" {
				t.Errorf("users (-want +got):\n%s", diff)
			}
			if wantPages := max(1, (len(tc.want)+int(tc.maxItems)-1)/int(tc.maxItems)); pages != wantPages {
				t.Errorf("%d pages, want %d", pages, wantPages)
			}
		})
	}
	iamtest.Refused(t, root.ListUsers, &awsiam.ListUsersInput{Marker: aws.String("!!not a marker!!")}, "ValidationError", "")
}

// TestGetUserAsRootOmitsNameAndPath: GetUser without a UserName, called with the root user's
// credentials, describes the root user by its account ID and ARN and carries no UserName and no
// Path, as AWS answers (GetUser, https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html:
// "If you do not specify a user name, IAM determines the user name implicitly based on the AWS
// access key ID used to sign the request"; the root user has none).
func TestGetUserAsRootOmitsNameAndPath(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	out, err := root.GetUser(t.Context(), &awsiam.GetUserInput{})
	if err != nil {
		t.Fatal(err)
	}
	u := out.User
	if u.UserName != nil || u.Path != nil {
		t.Errorf("GetUser as root: UserName %v, Path %v; want neither", u.UserName, u.Path)
	}
	if got, want := *u.UserId, s.AccountID(); got != want {
		t.Errorf("GetUser as root: UserId %s, want the account ID %s", got, want)
	}
	if got, want := *u.Arn, "arn:aws:iam::"+s.AccountID()+":root"; got != want {
		t.Errorf("GetUser as root: Arn %s, want %s", got, want)
	}
}

// TestInlinePolicyBoundaryKey: PutUserPolicy and DeleteUserPolicy carry iam:PermissionsBoundary
// (the target user's boundary), as the Service Authorization Reference lists, so a delegated
// administrator can be limited to the users that carry a given boundary.
func TestInlinePolicyBoundaryKey(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	boundary := iamtest.Must(t, root.CreatePolicy, &awsiam.CreatePolicyInput{PolicyName: aws.String("Boundary"), PolicyDocument: aws.String(iamtest.AllowAll)})
	boundaryARN := aws.ToString(boundary.Policy.Arn)
	iamtest.Must(t, root.CreateUser, &awsiam.CreateUserInput{UserName: aws.String("bounded"), PermissionsBoundary: aws.String(boundaryARN)})
	iamtest.MustCreateUser(t, root, "free")
	admin := s.IAM(s.NewUser(t, "delegate", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
		"Action":["iam:PutUserPolicy","iam:DeleteUserPolicy"],"Resource":"*",
		"Condition":{"StringEquals":{"iam:PermissionsBoundary":"`+boundaryARN+`"}}}]}`))

	for _, user := range []string{"bounded", "free"} {
		_, putErr := admin.PutUserPolicy(ctx, &awsiam.PutUserPolicyInput{UserName: aws.String(user), PolicyName: aws.String("p"), PolicyDocument: aws.String(iamtest.AllowAll)})
		if user == "bounded" && putErr != nil {
			t.Errorf("PutUserPolicy on a user with the boundary: %v", putErr)
		}
		if user == "free" {
			stacktest.WantError(t, putErr, "AccessDenied", "")
			continue
		}
		if _, err := admin.DeleteUserPolicy(ctx, &awsiam.DeleteUserPolicyInput{UserName: aws.String(user), PolicyName: aws.String("p")}); err != nil {
			t.Errorf("DeleteUserPolicy on a user with the boundary: %v", err)
		}
	}
}

func putPolicy(c *awsiam.Client, user, name, doc string) error {
	_, err := c.PutUserPolicy(context.Background(), &awsiam.PutUserPolicyInput{UserName: aws.String(user),
		PolicyName: aws.String(name), PolicyDocument: aws.String(doc)})
	return err
}

func TestUserPolicyLifecycle(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
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
	names := iamtest.All[string](t, root.ListUserPolicies, &awsiam.ListUserPoliciesInput{UserName: aws.String("alice"), MaxItems: aws.Int32(3)})
	if diff := iamtest.Diff([]string{"a", "b", "c", "list"}, names); diff != "" {
		t.Errorf("ListUserPolicies (-want +got):\n%s", diff)
	}

	iamtest.Must(t, root.DeleteUserPolicy, &awsiam.DeleteUserPolicyInput{UserName: aws.String("alice"), PolicyName: aws.String("list")})
	iamtest.Refused(t, root.GetUserPolicy, &awsiam.GetUserPolicyInput{UserName: aws.String("alice"), PolicyName: aws.String("list")},
		"NoSuchEntity", "The user policy with name list cannot be found.")
	iamtest.Refused(t, root.DeleteUserPolicy, &awsiam.DeleteUserPolicyInput{UserName: aws.String("alice"), PolicyName: aws.String("list")},
		"NoSuchEntity", "The user policy with name list cannot be found.")
	iamtest.Refused(t, root.ListUserPolicies, &awsiam.ListUserPoliciesInput{UserName: aws.String("ghost")},
		"NoSuchEntity", "The user with name ghost cannot be found.")
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
	out, err := root.GetUserPolicy(t.Context(), &awsiam.GetUserPolicyInput{UserName: aws.String("alice"), PolicyName: aws.String("more")})
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := url.PathUnescape(aws.ToString(out.PolicyDocument))
	if n := policy.SizeWithoutWhitespace([]byte(doc)); n != 548 {
		t.Errorf("after the refused replacement the policy has %d characters, want the earlier 548", n)
	}
}
