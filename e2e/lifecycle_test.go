package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"
)

var accountIDRE = regexp.MustCompile(`^\d{12}$`)

// bannerLines is stdout without blank lines.
func bannerLines(stdout string) []string {
	var out []string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, strings.TrimRight(l, " \r"))
		}
	}
	return out
}

// identity is GetCallerIdentity's answer.
type identity struct {
	UserId  string
	Account string
	Arn     string
}

func (s *server) whoAmI(tb testing.TB, c creds) identity {
	tb.Helper()
	out, err := s.sts(c).GetCallerIdentity(context.Background(), nil)
	if err != nil {
		tb.Fatalf("GetCallerIdentity: %v", err)
	}
	return identity{UserId: deref(out.UserId), Account: deref(out.Account), Arn: deref(out.Arn)}
}

func rootIdentity(account string) identity {
	return identity{UserId: account, Account: account, Arn: "arn:aws:iam::" + account + ":root"}
}

// TestStartupBanner checks stdout line by line against the contract when the root key comes from
// the environment, then follows the printed instructions literally.
func TestStartupBanner(t *testing.T) {
	t.Parallel()
	const account = "210987654321"
	s := startServer(t, serverOptions{accountID: account})

	want := []string{
		"Gatehouse listening on " + s.url,
		"Created account " + account + "; root access key " + s.root.AccessKeyID + " from GATEHOUSE_ROOT_ACCESS_KEY_ID",
		"Point the aws CLI at it:",
		"  export AWS_ENDPOINT_URL=" + s.url + " AWS_DEFAULT_REGION=" + region,
		"  aws sts get-caller-identity",
	}
	if diff := cmp.Diff(want, bannerLines(s.stdout.String())); diff != "" {
		t.Errorf("stdout (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(s.url, "http://127.0.0.1:") || strings.HasSuffix(s.url, ":0") {
		t.Errorf("listening on %s, want http://127.0.0.1:<the port picked>", s.url)
	}

	// GATEHOUSE_ACCOUNT_ID is the account.
	if diff := cmp.Diff(rootIdentity(account), s.whoAmI(t, s.root)); diff != "" {
		t.Errorf("GetCallerIdentity as root (-want +got):\n%s", diff)
	}
	out, err := s.iam(s.root).CreateUser(context.Background(), &iam.CreateUserInput{UserName: aws.String("rita")})
	if err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	if got, want := deref(out.User.Arn), userARN(account, "/", "rita"); got != want {
		t.Errorf("CreateUser: Arn = %s, want %s", got, want)
	}

	// "Point the aws CLI at it": the export line and the command, exactly as printed.
	if awsMissing == "" {
		m := pointRE.FindStringSubmatch(s.stdout.String())
		if m == nil {
			t.Fatal("no \"Point the aws CLI at it\" block to follow")
		}
		env := s.cliEnv(t, s.root, "AWS_ENDPOINT_URL="+m[1], "AWS_DEFAULT_REGION="+m[2])
		var got identity
		s.runCLI(t, env, "sts", "get-caller-identity").decode(t, &got)
		if diff := cmp.Diff(rootIdentity(account), got); diff != "" {
			t.Errorf("aws sts get-caller-identity as printed (-want +got):\n%s", diff)
		}
	}
}

func TestCallerIdentityCLI(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	s := startServer(t, serverOptions{})
	var root identity
	s.aws(t, s.root, "sts", "get-caller-identity").decode(t, &root)
	if diff := cmp.Diff(rootIdentity(s.account), root); diff != "" {
		t.Errorf("aws sts get-caller-identity as root (-want +got):\n%s", diff)
	}

	var user struct{ User struct{ UserId string } }
	s.aws(t, s.root, "iam", "create-user", "--user-name", "sam", "--path", "/robots/").decode(t, &user)
	key := s.createAccessKey(t, "sam")
	var got identity
	s.aws(t, key, "sts", "get-caller-identity").decode(t, &got)
	want := identity{UserId: user.User.UserId, Account: s.account, Arn: userARN(s.account, "/robots/", "sam")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("aws sts get-caller-identity as sam (-want +got):\n%s", diff)
	}

	// GetAccessKeyInfo through the CLI.
	var info struct{ Account string }
	s.aws(t, s.root, "sts", "get-access-key-info", "--access-key-id", key.AccessKeyID).decode(t, &info)
	if info.Account != s.account {
		t.Errorf("aws sts get-access-key-info: Account = %s, want %s", info.Account, s.account)
	}
}

// TestPersistence starts on an empty data directory without GATEHOUSE_ROOT_*, uses the printed
// root key, restarts, and finds everything where it was — and no new key printed.
func TestPersistence(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := startServer(t, serverOptions{dataDir: dir, noRootEnv: true})
	ctx := context.Background()

	m := createdRE.FindStringSubmatch(s.stdout.String())
	if m == nil {
		t.Fatalf("first start printed no \"Created account … with a root access key\" block; stdout:\n%s", s.secrets.redact(s.stdout.String()))
	}
	if !accountIDRE.MatchString(s.account) || !accessKeyIDRE.MatchString(s.root.AccessKeyID) || len(s.root.SecretAccessKey) != secretLen {
		t.Errorf("printed account %q, key ID %q, secret of %d characters; want 12 digits, AKIA + 16, %d",
			s.account, s.root.AccessKeyID, len(s.root.SecretAccessKey), secretLen)
	}
	if diff := cmp.Diff(rootIdentity(s.account), s.whoAmI(t, s.root)); diff != "" {
		t.Errorf("GetCallerIdentity with the printed key (-want +got):\n%s", diff)
	}
	if awsMissing == "" {
		var got identity
		s.aws(t, s.root, "sts", "get-caller-identity").decode(t, &got)
		if got.Account != s.account {
			t.Errorf("aws sts get-caller-identity with the printed key: Account %s, want %s", got.Account, s.account)
		}
	}

	// State to find again: a tagged user with an inline policy, an active and an inactive key.
	client := s.iam(s.root)
	if _, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("quinn"), Path: aws.String("/p/"),
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("blue")}}}); err != nil {
		t.Fatal(err)
	}
	active := s.createAccessKey(t, "quinn")
	inactive := s.createAccessKey(t, "quinn")
	if _, err := client.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: aws.String("quinn"),
		AccessKeyId: aws.String(inactive.AccessKeyID), Status: types.StatusTypeInactive}); err != nil {
		t.Fatal(err)
	}
	s.putUserPolicy(t, "quinn", "list", allow("iam:ListUsers", "*"))
	quinn := s.whoAmI(t, active)

	next := s.restart(t)
	out := next.stdout.String()
	if strings.Contains(out, "Created account") || strings.Contains(out, s.root.SecretAccessKey) {
		t.Errorf("the restart printed a new account or the root secret again; stdout:\n%s", next.secrets.redact(out))
	}
	if !pointRE.MatchString(out) {
		t.Errorf("the restart did not print the \"Point the aws CLI at it\" block; stdout:\n%s", next.secrets.redact(out))
	}
	if diff := cmp.Diff(rootIdentity(s.account), next.whoAmI(t, s.root)); diff != "" {
		t.Errorf("root after the restart (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(quinn, next.whoAmI(t, active)); diff != "" {
		t.Errorf("quinn's active key after the restart (-want +got):\n%s", diff)
	}
	_, err := next.sts(inactive).GetCallerIdentity(ctx, nil)
	if e := asAPIError(err); e.Code != "InvalidClientTokenId" {
		t.Errorf("quinn's inactive key after the restart: %+v, want InvalidClientTokenId", e)
	}
	tags, err := next.iam(s.root).ListUserTags(ctx, &iam.ListUserTagsInput{UserName: aws.String("quinn")})
	if err != nil || len(tags.Tags) != 1 || deref(tags.Tags[0].Value) != "blue" {
		t.Errorf("quinn's tags after the restart: %v, %v; want team=blue", tags, err)
	}
	// The inline policy survived and still authorizes.
	if _, err := next.iam(active).ListUsers(ctx, &iam.ListUsersInput{}); err != nil {
		t.Errorf("ListUsers as quinn after the restart: %v", err)
	}
}

// TestPersistenceWithEnvRoot bootstraps known root credentials, restarts with the same
// environment, and requires that nothing is created twice.
func TestPersistenceWithEnvRoot(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	root := randomCreds()
	s := startServer(t, serverOptions{dataDir: dir, root: root})
	if !createdEnvRE.MatchString(s.stdout.String()) {
		t.Errorf("first start with GATEHOUSE_ROOT_*: no \"Created account N; root access key … from GATEHOUSE_ROOT_ACCESS_KEY_ID\" line; stdout:\n%s",
			s.secrets.redact(s.stdout.String()))
	}
	s.createUser(t, "uma", "")
	account := s.account
	s.stop()

	next := startServer(t, serverOptions{dataDir: dir, root: root, secrets: s.secrets})
	if out := next.stdout.String(); strings.Contains(out, "Created account") {
		t.Errorf("the restart created an account again; stdout:\n%s", next.secrets.redact(out))
	}
	if diff := cmp.Diff(rootIdentity(account), next.whoAmI(t, root)); diff != "" {
		t.Errorf("root after the restart (-want +got):\n%s", diff)
	}
	if _, err := next.iam(root).GetUser(context.Background(), &iam.GetUserInput{UserName: aws.String("uma")}); err != nil {
		t.Errorf("GetUser uma after the restart: %v", err)
	}
}

// accountsCreate runs `gatehouse accounts create` on a data directory.
func accountsCreate(tb testing.TB, secrets *secretSet, args ...string) (stdout, stderr string, err error) {
	tb.Helper()
	cmd := exec.Command(gatehouseBin, append([]string{"accounts", "create"}, args...)...)
	cmd.Env = baseEnv()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	if m := createdRE.FindStringSubmatch(out.String()); m != nil {
		secrets.add(m[3])
	}
	return out.String(), errOut.String(), err
}

// TestSecondAccount adds accounts with `gatehouse accounts create`, on a stopped and on a running
// server, and checks that accounts are isolated: one root cannot see or touch another account's
// users.
func TestSecondAccount(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := startServer(t, serverOptions{dataDir: dir})
	ctx := context.Background()
	a.createUser(t, "victor", "")
	rootA, accountA, secrets := a.root, a.account, a.secrets
	a.stop()

	const accountB = "222233334444"
	out, errOut, err := accountsCreate(t, secrets, "--data-dir", dir, "--id", accountB)
	if err != nil {
		t.Fatalf("gatehouse accounts create --id %s: %v\n%s", accountB, err, secrets.redact(errOut))
	}
	m := createdRE.FindStringSubmatch(out)
	if m == nil || m[1] != accountB {
		t.Fatalf("gatehouse accounts create printed no \"Created account %s with a root access key\" block:\n%s", accountB, secrets.redact(out))
	}
	rootB := creds{AccessKeyID: m[2], SecretAccessKey: m[3]}
	if strings.Contains(errOut, rootB.SecretAccessKey) {
		t.Errorf("gatehouse accounts create wrote the secret to stderr")
	}

	// The same ID twice is refused, and prints no key.
	out, _, err = accountsCreate(t, secrets, "--data-dir", dir, "--id", accountB)
	if err == nil || strings.Contains(out, "AWS_SECRET_ACCESS_KEY=") {
		t.Errorf("a second gatehouse accounts create --id %s: err %v, stdout:\n%s\nwant a failure and no key", accountB, err, secrets.redact(out))
	}

	s := startServer(t, serverOptions{dataDir: dir, noRootEnv: true, root: rootA, secrets: secrets})

	// Without --id the account gets a fresh 12-digit ID; made while the server runs, its root
	// works at once.
	out, _, err = accountsCreate(t, secrets, "--data-dir", dir)
	mc := createdRE.FindStringSubmatch(out)
	if err != nil || mc == nil || mc[1] == accountA || mc[1] == accountB {
		t.Fatalf("gatehouse accounts create without --id: %v, stdout:\n%s\nwant a new account", err, secrets.redact(out))
	}
	rootC := creds{AccessKeyID: mc[2], SecretAccessKey: mc[3]}
	for _, tc := range []struct {
		name    string
		as      creds
		account string
	}{{"A", rootA, accountA}, {"B", rootB, accountB}, {"C", rootC, mc[1]}} {
		if diff := cmp.Diff(rootIdentity(tc.account), s.whoAmI(t, tc.as)); diff != "" {
			t.Errorf("account %s's root (-want +got):\n%s", tc.name, diff)
		}
	}

	iamB := s.iam(rootB)
	list, err := iamB.ListUsers(ctx, &iam.ListUsersInput{})
	if err != nil {
		t.Fatalf("ListUsers as B's root: %v", err)
	}
	if len(list.Users) != 0 {
		t.Errorf("B's root lists %d users, want none (victor lives in A)", len(list.Users))
	}
	_, err = iamB.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("victor")})
	if diff := cmp.Diff(apiError{Code: "NoSuchEntity", Status: 404, Message: noSuchUserMessage("victor")}, asAPIError(err)); diff != "" {
		t.Errorf("GetUser victor as B's root (-want +got):\n%s", diff)
	}
	_, err = iamB.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("victor")})
	if e := asAPIError(err); e.Code != "NoSuchEntity" {
		t.Errorf("CreateAccessKey for victor as B's root: %+v, want NoSuchEntity", e)
	}

	// Names are per account: B may have its own victor, with its own ARN.
	out2, err := iamB.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("victor")})
	if err != nil {
		t.Fatalf("CreateUser victor in B: %v", err)
	}
	if got, want := deref(out2.User.Arn), userARN(accountB, "/", "victor"); got != want {
		t.Errorf("B's victor: Arn = %s, want %s", got, want)
	}
	victorB := s.createAccessKeyAs(t, rootB, "victor")
	info, err := s.sts(rootA).GetAccessKeyInfo(ctx, &sts.GetAccessKeyInfoInput{AccessKeyId: aws.String(victorB.AccessKeyID)})
	if err != nil || deref(info.Account) != accountB {
		t.Errorf("GetAccessKeyInfo of B's key asked by A: %v, %v; want account %s", info, err, accountB)
	}
	// A's victor is untouched.
	got, err := s.iam(rootA).GetUser(ctx, &iam.GetUserInput{UserName: aws.String("victor")})
	if err != nil || deref(got.User.Arn) != userARN(accountA, "/", "victor") {
		t.Errorf("A's victor after B made one: %v, %v", got, err)
	}
}

// createAccessKeyAs creates a key for a user in the account of the given root.
func (s *server) createAccessKeyAs(tb testing.TB, root creds, user string) creds {
	tb.Helper()
	out, err := s.iam(root).CreateAccessKey(context.Background(), &iam.CreateAccessKeyInput{UserName: aws.String(user)})
	if err != nil {
		tb.Fatalf("CreateAccessKey for %s: %v", user, err)
	}
	c := creds{AccessKeyID: deref(out.AccessKey.AccessKeyId), SecretAccessKey: deref(out.AccessKey.SecretAccessKey)}
	s.secrets.add(c.SecretAccessKey)
	return c
}

// TestConfigProfileEndpoint points each client at Gatehouse through a profile's endpoint_url in
// the shared config file instead of a flag (AWS SDKs and Tools Reference Guide, "Service-specific
// endpoints"). It is not parallel: it clears AWS_* in this process for the Go SDK's loader.
func TestConfigProfileEndpoint(t *testing.T) {
	s := startServer(t, serverOptions{})
	dir := t.TempDir()
	configFile, credsFile := filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	writeFile(t, configFile, "[profile gatehouse]\nregion = us-east-1\noutput = json\nendpoint_url = "+s.url+"\n")
	writeFile(t, credsFile, "[gatehouse]\naws_access_key_id = "+s.root.AccessKeyID+"\naws_secret_access_key = "+s.root.SecretAccessKey+"\n")
	files := []string{"AWS_CONFIG_FILE=" + configFile, "AWS_SHARED_CREDENTIALS_FILE=" + credsFile}
	want := rootIdentity(s.account)

	if awsMissing == "" {
		var got identity
		env := append(s.cliEnv(t, creds{}), files...)
		s.runCLI(t, env, "--profile", "gatehouse", "sts", "get-caller-identity").decode(t, &got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("aws --profile gatehouse sts get-caller-identity (-want +got):\n%s", diff)
		}
		var users struct{ Users []any }
		s.runCLI(t, append(env, "AWS_PROFILE=gatehouse"), "iam", "list-users").decode(t, &users)
	}
	if botoMissing == "" {
		var got identity
		s.boto3(t, creds{}, "whoami.py", &got, append(files, "USE_PROFILE=gatehouse")...)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("boto3 Session(profile_name=gatehouse) (-want +got):\n%s", diff)
		}
	}

	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "AWS_") {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithSharedConfigProfile("gatehouse"),
		config.WithSharedConfigFiles([]string{configFile}),
		config.WithSharedCredentialsFiles([]string{credsFile}),
		config.WithRetryMaxAttempts(1),
	)
	if err != nil {
		t.Fatalf("config.LoadDefaultConfig with profile gatehouse: %v", err)
	}
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), nil)
	if err != nil {
		t.Fatalf("aws-sdk-go-v2 with profile gatehouse: %v", err)
	}
	if diff := cmp.Diff(want, identity{UserId: deref(out.UserId), Account: deref(out.Account), Arn: deref(out.Arn)}); diff != "" {
		t.Errorf("aws-sdk-go-v2 with profile gatehouse (-want +got):\n%s", diff)
	}
}

func writeFile(tb testing.TB, path, content string) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		tb.Fatal(err)
	}
}
