package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"
)

// TestConcurrentWrites runs many writers at once against the on-disk store, where SQLite's
// locking is real: distinct users all get created, a race on one name has exactly one winner,
// and nobody sees a server error (a "database is locked" must never reach a client).
func TestConcurrentWrites(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{dataDir: t.TempDir()})
	ctx := context.Background()
	const writers, each = 16, 10

	var wg sync.WaitGroup
	results := make([][]string, writers)
	for w := range writers {
		client := s.iam(s.root)
		wg.Go(func() {
			for i := range each {
				name := fmt.Sprintf("w%02d-%02d", w, i)
				_, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(name),
					Tags: []types.Tag{{Key: aws.String("writer"), Value: aws.String(fmt.Sprint(w))}}})
				results[w] = append(results[w], asAPIError(err).Code)
				_, err = client.TagUser(ctx, &iam.TagUserInput{UserName: aws.String(name),
					Tags: []types.Tag{{Key: aws.String("round"), Value: aws.String(fmt.Sprint(i))}}})
				results[w] = append(results[w], asAPIError(err).Code)
			}
			// Everyone races for the same name.
			_, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("contested")})
			results[w] = append(results[w], "contested "+asAPIError(err).Code)
		})
	}
	wg.Wait()

	counts := map[string]int{}
	for _, r := range results {
		for _, code := range r {
			counts[code]++
		}
	}
	want := map[string]int{"ok": 2 * writers * each, "contested ok": 1, "contested EntityAlreadyExists": writers - 1}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("outcomes of %d concurrent writers (-want +got):\n%s", writers, diff)
	}

	n := 0
	p := iam.NewListUsersPaginator(s.iam(s.root), &iam.ListUsersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("ListUsers: %v", err)
		}
		n += len(page.Users)
	}
	if n != writers*each+1 {
		t.Errorf("ListUsers finds %d users, want %d", n, writers*each+1)
	}
}

// TestSecretsAtRest requires that no secret access key is stored in plain text anywhere in the
// data directory (database, WAL, anything else): secrets are sealed at rest.
func TestSecretsAtRest(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := startServer(t, serverOptions{dataDir: dir})
	s.createUser(t, "beth", "")
	s.createAccessKey(t, "beth")
	s.createAccessKey(t, "beth")
	s.whoAmI(t, s.root) // a use, so anything recorded about a key's use has happened
	s.stop()

	secrets := s.secrets.list()
	if len(secrets) != 3 {
		t.Fatalf("%d secrets known, want 3 (root and two keys)", len(secrets))
	}
	files := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		for _, secret := range secrets {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds a secret access key (…%s) in plain text", strings.TrimPrefix(path, dir), secret[len(secret)-4:])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Errorf("the data directory %s is empty after a run", dir)
	}
}

// TestBadConfiguration starts the server with settings it must refuse: it exits non-zero,
// promptly, naming the problem, without printing a secret.
func TestBadConfiguration(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { busy.Close() }) // not defer: the parallel subtests run after this function returns
	good := randomCreds()

	cases := []struct {
		name    string
		args    []string
		env     []string
		mention string // stderr must name the setting
	}{
		{"an account ID that is not 12 digits", nil, []string{"GATEHOUSE_ACCOUNT_ID=12345"}, "GATEHOUSE_ACCOUNT_ID"},
		{"a root key ID that is not an access key ID", nil,
			[]string{"GATEHOUSE_ROOT_ACCESS_KEY_ID=not-a-key", "GATEHOUSE_ROOT_SECRET_ACCESS_KEY=" + good.SecretAccessKey}, "GATEHOUSE_ROOT_ACCESS_KEY_ID"},
		{"a root key ID without its secret", nil, []string{"GATEHOUSE_ROOT_ACCESS_KEY_ID=" + good.AccessKeyID}, "GATEHOUSE_ROOT_SECRET_ACCESS_KEY"},
		{"a root secret of the wrong length", nil,
			[]string{"GATEHOUSE_ROOT_ACCESS_KEY_ID=" + good.AccessKeyID, "GATEHOUSE_ROOT_SECRET_ACCESS_KEY=short"}, "GATEHOUSE_ROOT_SECRET_ACCESS_KEY"},
		{"an address in use", []string{"--addr", busy.Addr().String()}, nil, ""},
		{"a TLS certificate without a key", []string{"--tls-cert", "/nonexistent/cert.pem"}, nil, "tls"},
		{"a TLS certificate file that does not exist", []string{"--tls-cert", "/nonexistent/cert.pem", "--tls-key", "/nonexistent/key.pem"}, nil, "cert"},
		{"an unknown flag", []string{"--no-such-flag"}, nil, "no-such-flag"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"serve", "--ephemeral"}, tc.args...)
			if !contains(tc.args, "--addr") {
				args = append(args, "--addr", "127.0.0.1:0")
			}
			ctx, cancel := hangContext()
			defer cancel()
			cmd := exec.CommandContext(ctx, gatehouseBin, args...)
			cmd.Env = append(baseEnv(), tc.env...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if ctx.Err() != nil {
				t.Fatalf("gatehouse %v still running at the test's deadline; stdout:\n%s", args, hideSecrets(stdout.String()))
			}
			if err == nil {
				t.Errorf("gatehouse %v exited 0, want a failure", args)
			}
			if strings.Contains(stdout.String(), "Gatehouse listening on") {
				t.Errorf("gatehouse %v started listening; stdout:\n%s", args, hideSecrets(stdout.String()))
			}
			if !strings.Contains(strings.ToLower(stderr.String()), strings.ToLower(tc.mention)) {
				t.Errorf("stderr does not mention %q:\n%s", tc.mention, stderr.String())
			}
			for _, kv := range tc.env {
				if k, v, _ := strings.Cut(kv, "="); strings.Contains(k, "SECRET") && len(v) > 8 &&
					(strings.Contains(stderr.String(), v) || strings.Contains(stdout.String(), v)) {
					t.Errorf("gatehouse printed %s", k)
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// TestListShapes checks what list operations return besides the items: ListUsers leaves tags
// out (IAM API Reference, ListUsers: "this operation does not return tags"), ListUserTags pages.
func TestListShapes(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	ctx := context.Background()
	client := s.iam(s.root)
	var tags []types.Tag
	for i := range 50 {
		tags = append(tags, types.Tag{Key: aws.String(fmt.Sprintf("k%02d", i)), Value: aws.String(fmt.Sprint(i))})
	}
	created, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("carl"), Tags: tags})
	if err != nil {
		t.Fatalf("CreateUser with 50 tags: %v", err)
	}
	if len(created.User.Tags) != 50 {
		t.Errorf("CreateUser's answer has %d tags, want the 50 given", len(created.User.Tags))
	}

	list, err := client.ListUsers(ctx, &iam.ListUsersInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Users) != 1 || len(list.Users[0].Tags) != 0 || list.Users[0].CreateDate == nil || deref(list.Users[0].UserId) == "" {
		t.Errorf("ListUsers = %+v, want carl with UserId and CreateDate but no tags", list.Users)
	}

	var keys []string
	p := iam.NewListUserTagsPaginator(client, &iam.ListUserTagsInput{UserName: aws.String("carl"), MaxItems: aws.Int32(20)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("ListUserTags: %v", err)
		}
		if len(page.Tags) > 20 {
			t.Errorf("a ListUserTags page of %d tags, MaxItems 20", len(page.Tags))
		}
		for _, tag := range page.Tags {
			keys = append(keys, deref(tag.Key))
		}
	}
	if len(keys) != 50 {
		t.Errorf("ListUserTags pages hold %d tags, want 50", len(keys))
	}
}

// TestCLIExtras exercises aws CLI features that lean on exact server behaviour: the user-exists
// waiter (polls GetUser until it stops answering NoSuchEntity) and --query over the output.
func TestCLIExtras(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	s := startServer(t, serverOptions{})
	go func() {
		time.Sleep(time.Second) // the waiter's first poll should see NoSuchEntity
		_, _ = s.iam(s.root).CreateUser(context.Background(), &iam.CreateUserInput{UserName: aws.String("dora")})
	}()
	s.aws(t, s.root, "iam", "wait", "user-exists", "--user-name", "dora").must(t)

	var arn string
	s.aws(t, s.root, "iam", "get-user", "--user-name", "dora", "--query", "User.Arn").decode(t, &arn)
	if want := userARN(s.account, "/", "dora"); arn != want {
		t.Errorf("--query User.Arn = %q, want %q", arn, want)
	}
}

var secretLineRE = regexp.MustCompile(`AWS_SECRET_ACCESS_KEY=\S+`)

// hideSecrets blanks the secret of a printed "Created account" block.
func hideSecrets(stdout string) string {
	return secretLineRE.ReplaceAllString(stdout, "AWS_SECRET_ACCESS_KEY=<secret>")
}
