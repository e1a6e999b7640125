package e2e

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// TestAdminDay runs testdata/admin-day.sh, issue 4's "realistic day of administration" told
// with the real aws CLI, against a fresh server with the root key and the endpoint in the
// environment, as a person would run it. The script checks every step itself and exits non-zero
// at the first surprise; the test requires exit status 0, the key facts of the story in its
// output, no secret in that output or the server's logs, and an account left as it was found.
func TestAdminDay(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	s := startServer(t, serverOptions{})
	work := t.TempDir()

	// The script (about 80 aws CLI runs) has no time limit of its own: only the test binary's
	// deadline stops a hung one.
	ctx, cancel := hangContext()
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", filepath.Join("testdata", "admin-day.sh"))
	cmd.Env = s.cliEnv(t, s.root,
		"AWS_ENDPOINT_URL="+s.url,
		"AWS_DEFAULT_REGION="+region,
		"ADMIN_DAY_DIR="+work,
		"PATH="+withoutPyenvShims(t, os.Getenv("PATH")),
	)
	cmd.WaitDelay = 10 * time.Second // after the deadline, the CLI processes the script started cannot hold its output open
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out // one stream, so a failure shows where in the story it happened
	runErr := cmd.Run()

	// The keys the day created are in its credentials file: the leak checks cover them too.
	created := secretsInCredentialsFile(t, filepath.Join(work, "credentials"))
	for _, secret := range created {
		s.secrets.add(secret)
	}
	story := out.String()
	if runErr != nil {
		t.Fatalf("bash testdata/admin-day.sh: %v\n%s", runErr, s.secrets.redact(story))
	}
	if len(created) != 4 {
		t.Errorf("the day's credentials file holds %d secret keys, want 4 (alice, ci, team-admin, contractor)", len(created))
	}
	for _, secret := range created {
		if strings.Contains(story, secret) {
			t.Errorf("the script printed a secret access key (…%s)", secret[len(secret)-4:])
		}
	}

	account := "arn:aws:iam::" + s.account + ":"
	facts := []struct{ name, want string }{
		{"step 1", "== 1. Morning"},
		{"alice is denied what her policy does not allow", "refused (AccessDenied): User: " + account +
			"user/engineering/alice is not authorized to perform: iam:CreateUser on resource: " + account +
			"user/mallory because no identity-based policy allows the iam:CreateUser action"},
		{"step 2", "== 2. A role for CI"},
		{"the CLI's profile assumed the role", "caller: arn:aws:sts::" + s.account + ":assumed-role/ci-deployer/pipeline-"},
		{"a wrong ExternalId is refused", "ok: a wrong ExternalId is refused"},
		{"step 3", "== 3. Delegated administration"},
		{"the boundary caps AdministratorAccess", "user/team/contractor is not authorized to perform: iam:CreateUser on resource: " +
			account + "user/contractor-3 because no permissions boundary allows the iam:CreateUser action"},
		{"step 4", "== 4. A bad change"},
		{"the rollback works at once", "ok: alice is allowed again at once"},
		{"step 5", "== 5. Afternoon audit"},
		{"the credential report shows alice", "ok: alice's row: password_enabled=true access_key_1_active=true access_key_1_last_used_date=20"},
		{"step 6", "== 6. Why was that denied?"},
		{"the simulator explains a deny", "iam:GetAccountAuthorizationDetails -> explicitDeny: the statement of DeveloperAccess line "},
		{"step 7", "== 7. Evening clean-up"},
		{"a DeleteConflict on the way", "refused (DeleteConflict): Cannot delete a policy attached to entities."},
		{"the end", "ok: the account is as it was this morning\n\nADMIN DAY COMPLETE\n"},
	}
	at := 0
	for _, f := range facts {
		i := strings.Index(story[at:], f.want)
		if i < 0 {
			t.Errorf("%s: the story does not say %q after what came before", f.name, f.want)
			continue
		}
		at += i + len(f.want)
	}
	if !strings.HasSuffix(story, "\nADMIN DAY COMPLETE\n") {
		t.Errorf("the story does not end with ADMIN DAY COMPLETE")
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("the story:\n%s", s.secrets.redact(story))
	}

	s.requireEmptyAccount(t)
}

// requireEmptyAccount checks, independently of the script's own check, that the evening left no
// user, group, role or customer managed policy behind.
func (s *server) requireEmptyAccount(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	client := s.iam(s.root)
	users, err := client.ListUsers(ctx, &iam.ListUsersInput{})
	if err != nil {
		t.Fatalf("ListUsers: %v", err)
	}
	groups, err := client.ListGroups(ctx, &iam.ListGroupsInput{})
	if err != nil {
		t.Fatalf("ListGroups: %v", err)
	}
	roles, err := client.ListRoles(ctx, &iam.ListRolesInput{})
	if err != nil {
		t.Fatalf("ListRoles: %v", err)
	}
	policies, err := client.ListPolicies(ctx, &iam.ListPoliciesInput{Scope: types.PolicyScopeTypeLocal})
	if err != nil {
		t.Fatalf("ListPolicies: %v", err)
	}
	if n := len(users.Users) + len(groups.Groups) + len(roles.Roles) + len(policies.Policies); n != 0 {
		t.Errorf("after the evening clean-up: %d users, %d groups, %d roles, %d customer managed policies remain, want none",
			len(users.Users), len(groups.Groups), len(roles.Roles), len(policies.Policies))
	}
}

// secretsInCredentialsFile reads every aws_secret_access_key of a shared credentials file.
func secretsInCredentialsFile(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil // the script failed before writing it; that failure is reported
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if ok && strings.TrimSpace(k) == "aws_secret_access_key" {
			out = append(out, strings.TrimSpace(v))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// withoutPyenvShims returns path with a directory in front that holds the real aws and python3
// when those on path are pyenv shims. A shim starts bash and pyenv before the program, about half
// a second each time, and the script runs the CLI some 80 times; the programs run are the same
// ones the shims would choose (`pyenv which`).
func withoutPyenvShims(t *testing.T, path string) string {
	t.Helper()
	if filepath.Base(filepath.Dir(awsBin)) != "shims" {
		return path
	}
	pyenv, err := exec.LookPath("pyenv")
	if err != nil {
		return path
	}
	dir := t.TempDir()
	for _, name := range []string{"aws", "python3"} {
		target, err := exec.Command(pyenv, "which", name).Output()
		if err != nil {
			continue
		}
		if err := os.Symlink(strings.TrimSpace(string(target)), filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return dir + string(os.PathListSeparator) + path
}
