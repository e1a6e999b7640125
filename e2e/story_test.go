package e2e

import (
	"context"
	"errors"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"
)

// The story, told once with each client: root creates a user and its key; the key is
// denied with AWS's message until root grants a policy; then the same call succeeds; deactivating
// the key stops it at once; the user cannot be deleted while it has a key.

var (
	accessKeyIDRE = regexp.MustCompile(`^AKIA[A-Z2-7]{16}$`)
	userIDRE      = regexp.MustCompile(`^AIDA[A-Z2-7]{17}$`)
)

// Messages IAM and STS return, from the AWS API references and what the real services send.
const (
	invalidTokenMessage   = "The security token included in the request is invalid."
	keysConflictMessage   = "Cannot delete entity, must delete access keys first."
	policyConflictMessage = "Cannot delete entity, must delete policies first."
)

func noSuchUserMessage(name string) string {
	return "The user with name " + name + " cannot be found."
}

// outcome is one step's result, compared as a whole.
type outcome struct {
	Code    string
	Message string `json:",omitempty"`
}

func cliOutcome(r cliResult) outcome {
	if r.exit == 0 {
		return outcome{Code: "ok"}
	}
	return outcome{Code: r.outcome(), Message: r.message()}
}

func TestStoryCLI(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	s := startServer(t, serverOptions{})
	root := s.root

	var user struct {
		User struct{ Path, UserName, UserId, Arn string }
	}
	s.aws(t, root, "iam", "create-user", "--user-name", "alice").decode(t, &user)
	aliceARN := userARN(s.account, "/", "alice")
	if user.User.Arn != aliceARN || user.User.UserName != "alice" || user.User.Path != "/" || !userIDRE.MatchString(user.User.UserId) {
		t.Errorf("create-user alice = %+v, want Arn %s, Path /, UserId AIDA + 17 characters", user.User, aliceARN)
	}

	var key struct {
		AccessKey struct{ UserName, AccessKeyId, Status, SecretAccessKey string }
	}
	s.aws(t, root, "iam", "create-access-key", "--user-name", "alice").decode(t, &key)
	if k := key.AccessKey; k.UserName != "alice" || k.Status != "Active" || !accessKeyIDRE.MatchString(k.AccessKeyId) || len(k.SecretAccessKey) != secretLen {
		t.Errorf("create-access-key = {UserName:%s Status:%s AccessKeyId:%s, secret of %d characters}, want alice, Active, AKIA + 16, %d",
			k.UserName, k.Status, k.AccessKeyId, len(k.SecretAccessKey), secretLen)
	}
	alice := creds{AccessKeyID: key.AccessKey.AccessKeyId, SecretAccessKey: key.AccessKey.SecretAccessKey}

	steps := []struct {
		name string
		as   creds
		args []string
		want outcome
	}{
		{"alice's key authenticates", alice, []string{"sts", "get-caller-identity"}, outcome{Code: "ok"}},
		{"alice may not create users", alice, []string{"iam", "create-user", "--user-name", "bob"}, outcome{
			Code:    "AccessDenied",
			Message: deniedMessage(aliceARN, "iam:CreateUser", userARN(s.account, "/", "bob")),
		}},
		{"root grants iam:CreateUser", root, []string{"iam", "put-user-policy", "--user-name", "alice",
			"--policy-name", "create-users", "--policy-document", allow("iam:CreateUser", "*")}, outcome{Code: "ok"}},
		{"now alice may", alice, []string{"iam", "create-user", "--user-name", "bob"}, outcome{Code: "ok"}},
		{"root deactivates the key", root, []string{"iam", "update-access-key", "--user-name", "alice",
			"--access-key-id", alice.AccessKeyID, "--status", "Inactive"}, outcome{Code: "ok"}},
		{"the inactive key fails at IAM", alice, []string{"iam", "create-user", "--user-name", "carol"},
			outcome{Code: "InvalidClientTokenId", Message: invalidTokenMessage}},
		{"the inactive key fails at STS", alice, []string{"sts", "get-caller-identity"},
			outcome{Code: "InvalidClientTokenId", Message: invalidTokenMessage}},
		{"root deletes the inline policy", root, []string{"iam", "delete-user-policy", "--user-name", "alice",
			"--policy-name", "create-users"}, outcome{Code: "ok"}},
		{"alice cannot be deleted while she has a key", root, []string{"iam", "delete-user", "--user-name", "alice"},
			outcome{Code: "DeleteConflict", Message: keysConflictMessage}},
		{"root deletes the key", root, []string{"iam", "delete-access-key", "--user-name", "alice",
			"--access-key-id", alice.AccessKeyID}, outcome{Code: "ok"}},
		{"now alice deletes", root, []string{"iam", "delete-user", "--user-name", "alice"}, outcome{Code: "ok"}},
		{"alice is gone", root, []string{"iam", "get-user", "--user-name", "alice"},
			outcome{Code: "NoSuchEntity", Message: noSuchUserMessage("alice")}},
		{"bob, created by alice, remains", root, []string{"iam", "get-user", "--user-name", "bob"}, outcome{Code: "ok"}},
	}
	for _, step := range steps {
		got := cliOutcome(s.aws(t, step.as, step.args...))
		if diff := cmp.Diff(step.want, got); diff != "" {
			t.Errorf("%s: aws %v (-want +got):\n%s", step.name, step.args, diff)
		}
	}
}

// botoStep is one call a boto3 script made, as gh.py records it.
type botoStep struct {
	Step    string
	Code    string
	Message string
	Status  int
}

func TestStoryBoto3(t *testing.T) {
	t.Parallel()
	requireBoto3(t)
	s := startServer(t, serverOptions{})

	var got struct {
		Steps     []botoStep
		UserArn   string `json:"user_arn"`
		KeyStatus string `json:"key_status_after_update"`
	}
	s.boto3(t, s.root, "story.py", &got)

	carolARN := userARN(s.account, "/engineering/", "carol")
	if got.UserArn != carolARN {
		t.Errorf("create_user carol in /engineering/: Arn = %s, want %s", got.UserArn, carolARN)
	}
	if got.KeyStatus != "Inactive" {
		t.Errorf("list_access_keys after update_access_key: Status = %q, want Inactive", got.KeyStatus)
	}
	want := []botoStep{
		{Step: "create_user carol", Code: "ok", Status: 200},
		{Step: "create_access_key carol", Code: "ok", Status: 200},
		{Step: "carol create_user dave", Code: "AccessDenied", Status: 403,
			Message: deniedMessage(carolARN, "iam:CreateUser", userARN(s.account, "/", "dave"))},
		{Step: "delete_user carol with a key", Code: "DeleteConflict", Status: 409, Message: keysConflictMessage},
		{Step: "put_user_policy carol", Code: "ok", Status: 200},
		{Step: "carol create_user dave again", Code: "ok", Status: 200},
		{Step: "update_access_key Inactive", Code: "ok", Status: 200},
		{Step: "list_access_keys carol", Code: "ok", Status: 200},
		{Step: "carol create_user erin", Code: "InvalidClientTokenId", Status: 403, Message: invalidTokenMessage},
		{Step: "carol get_caller_identity", Code: "InvalidClientTokenId", Status: 403, Message: invalidTokenMessage},
		{Step: "delete_access_key", Code: "ok", Status: 200},
		{Step: "delete_user carol with a policy", Code: "DeleteConflict", Status: 409, Message: policyConflictMessage},
		{Step: "delete_user_policy", Code: "ok", Status: 200},
		{Step: "delete_user carol", Code: "ok", Status: 200},
		{Step: "get_user carol", Code: "NoSuchEntity", Status: 404, Message: noSuchUserMessage("carol")},
	}
	if diff := cmp.Diff(want, got.Steps); diff != "" {
		t.Errorf("boto3 story (-want +got):\n%s", diff)
	}
}

func TestStorySDK(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	ctx := context.Background()
	rootIAM := s.iam(s.root)

	// A user on a path, and a policy scoped by resource: only team-* users may be created.
	s.createUser(t, "frank", "/ops/")
	frank := s.createAccessKey(t, "frank")
	frankARN := userARN(s.account, "/ops/", "frank")
	frankIAM := s.iam(frank)

	create := func(name string) error {
		_, err := frankIAM.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(name)})
		return err
	}
	wantDenied := func(name string) apiError {
		return apiError{Code: "AccessDenied", Status: 403,
			Message: deniedMessage(frankARN, "iam:CreateUser", userARN(s.account, "/", name))}
	}
	if diff := cmp.Diff(wantDenied("team-a"), asAPIError(create("team-a"))); diff != "" {
		t.Errorf("CreateUser team-a without a policy (-want +got):\n%s", diff)
	}

	s.putUserPolicy(t, "frank", "create-team-users", allow("iam:CreateUser", "arn:aws:iam::"+s.account+":user/team-*"))

	cases := []struct {
		name string
		user string
		want apiError
	}{
		{"inside the policy's resource", "team-a", apiError{Code: "ok"}},
		{"outside the policy's resource", "outsider", wantDenied("outsider")},
	}
	for _, tc := range cases {
		if diff := cmp.Diff(tc.want, asAPIError(create(tc.user))); diff != "" {
			t.Errorf("%s: CreateUser %s (-want +got):\n%s", tc.name, tc.user, diff)
		}
	}

	// Every answer, success or error, carries a request ID.
	_, err := rootIAM.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{
		UserName: aws.String("frank"), AccessKeyId: aws.String(frank.AccessKeyID), Status: types.StatusTypeInactive,
	})
	if err != nil {
		t.Fatalf("UpdateAccessKey Inactive: %v", err)
	}
	err = create("team-b")
	if diff := cmp.Diff(apiError{Code: "InvalidClientTokenId", Message: invalidTokenMessage, Status: 403}, asAPIError(err)); diff != "" {
		t.Errorf("CreateUser with the inactive key (-want +got):\n%s", diff)
	}
	if id, ok := requestIDOf(err); !ok || id == "" {
		t.Errorf("the InvalidClientTokenId error has no request ID")
	}

	// Reactivating works at once too.
	_, err = rootIAM.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{
		UserName: aws.String("frank"), AccessKeyId: aws.String(frank.AccessKeyID), Status: types.StatusTypeActive,
	})
	if err != nil {
		t.Fatalf("UpdateAccessKey Active: %v", err)
	}
	if diff := cmp.Diff(apiError{Code: "ok"}, asAPIError(create("team-b"))); diff != "" {
		t.Errorf("CreateUser after reactivating the key (-want +got):\n%s", diff)
	}

	if _, err := rootIAM.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: aws.String("frank"), PolicyName: aws.String("create-team-users")}); err != nil {
		t.Fatalf("DeleteUserPolicy: %v", err)
	}
	_, err = rootIAM.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("frank")})
	if diff := cmp.Diff(apiError{Code: "DeleteConflict", Message: keysConflictMessage, Status: 409}, asAPIError(err)); diff != "" {
		t.Errorf("DeleteUser frank with a key (-want +got):\n%s", diff)
	}
	var dce *types.DeleteConflictException
	if !errors.As(err, &dce) {
		t.Errorf("DeleteUser error %T does not decode to *types.DeleteConflictException", err)
	}

	if _, err := rootIAM.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String("frank"), AccessKeyId: aws.String(frank.AccessKeyID)}); err != nil {
		t.Fatalf("DeleteAccessKey: %v", err)
	}
	out, err := rootIAM.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("frank")})
	if err != nil {
		t.Fatalf("DeleteUser frank without key or policy: %v", err)
	}
	if id, ok := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata); !ok || id == "" {
		t.Errorf("DeleteUser's answer has no request ID")
	}
	_, err = rootIAM.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("frank")})
	if diff := cmp.Diff(apiError{Code: "NoSuchEntity", Message: noSuchUserMessage("frank"), Status: 404}, asAPIError(err)); diff != "" {
		t.Errorf("GetUser frank after DeleteUser (-want +got):\n%s", diff)
	}
	// The deleted user's key no longer authenticates.
	if diff := cmp.Diff(apiError{Code: "InvalidClientTokenId", Message: invalidTokenMessage, Status: 403}, asAPIError(create("team-c"))); diff != "" {
		t.Errorf("CreateUser with the deleted key (-want +got):\n%s", diff)
	}
}

// requestIDOf is the request ID the SDK read from an error response.
func requestIDOf(err error) (string, bool) {
	var re *awshttp.ResponseError
	if !errors.As(err, &re) {
		return "", false
	}
	return re.ServiceRequestID(), true
}
