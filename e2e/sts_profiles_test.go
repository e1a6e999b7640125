package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/totp"
)

// stsWorld is a server with a user (key in a shared credentials profile) that may assume two
// roles: Admin, whose trust policy names the account, and MFAAdmin, whose trust policy also
// requires MFA; the user has a virtual MFA device whose seed the test holds.
type stsWorld struct {
	*server
	user     string
	key      creds
	admin    string // role ARNs
	mfaAdmin string
	serial   string
	seed     []byte
	step     int64 // the last time-step whose code was used
}

func newSTSWorld(t *testing.T, s *server, user string) *stsWorld {
	t.Helper()
	ctx := context.Background()
	root := s.iam(s.root)
	w := &stsWorld{server: s, user: user}
	s.createUser(t, user, "")
	s.putUserPolicy(t, user, "assume", allow("sts:AssumeRole", "*"))
	w.key = s.createAccessKey(t, user)
	trustDoc := func(mfa bool) string {
		st := map[string]any{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": map[string]any{"AWS": "arn:aws:iam::" + s.account + ":root"}}
		if mfa {
			st["Condition"] = map[string]any{"Bool": map[string]any{"aws:MultiFactorAuthPresent": "true"}}
		}
		b, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{st}})
		return string(b)
	}
	for name, mfa := range map[string]bool{user + "-Admin": false, user + "-MFAAdmin": true} {
		out, err := root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trustDoc(mfa))})
		if err != nil {
			t.Fatalf("CreateRole %s: %v", name, err)
		}
		if _, err := root.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String("read"),
			PolicyDocument: aws.String(allow("iam:ListUsers", "*"))}); err != nil {
			t.Fatalf("PutRolePolicy %s: %v", name, err)
		}
		if mfa {
			w.mfaAdmin = deref(out.Role.Arn)
		} else {
			w.admin = deref(out.Role.Arn)
		}
	}
	dev, err := root.CreateVirtualMFADevice(ctx, &iam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String(user)})
	if err != nil {
		t.Fatalf("CreateVirtualMFADevice: %v", err)
	}
	w.serial = deref(dev.VirtualMFADevice.SerialNumber)
	if w.seed, err = totp.DecodeSeed(string(dev.VirtualMFADevice.Base32StringSeed)); err != nil {
		t.Fatal(err)
	}
	step := stableStep()
	if _, err := root.EnableMFADevice(ctx, &iam.EnableMFADeviceInput{UserName: aws.String(user), SerialNumber: aws.String(w.serial),
		AuthenticationCode1: aws.String(totp.CodeAt(w.seed, step-1)), AuthenticationCode2: aws.String(totp.CodeAt(w.seed, step))}); err != nil {
		t.Fatalf("EnableMFADevice: %v", err)
	}
	w.step = step
	return w
}

// stableStep is the current TOTP time-step, waiting out the last seconds of a step so that
// the server, a moment later, is in the same one.
func stableStep() int64 {
	if into := time.Now().Unix() % 30; into >= 27 {
		time.Sleep(time.Duration(31-into) * time.Second)
	}
	return totp.Step(time.Now())
}

// nextCode is a code the device has not used yet that the server accepts now.
func (w *stsWorld) nextCode() string {
	step := stableStep()
	w.step = max(w.step+1, step)
	if w.step > step+1 {
		time.Sleep(time.Until(totp.StepTime(w.step - 1)))
	}
	return totp.CodeAt(w.seed, w.step)
}

// profiles writes the shared config and credentials files: a source profile with the user's
// key, and one profile per role (role_arn + source_profile, the second with mfa_serial), all
// pointed at the server with endpoint_url, which the clients' own STS calls use too.
func (w *stsWorld) profiles(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	config, credentials := filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	common := "region = us-east-1\noutput = json\nendpoint_url = " + w.url + "\n"
	writeFile(t, config, "[profile source]\n"+common+
		"\n[profile admin]\nrole_arn = "+w.admin+"\nsource_profile = source\nrole_session_name = cli-session\n"+common+
		"\n[profile mfa]\nrole_arn = "+w.mfaAdmin+"\nsource_profile = source\nmfa_serial = "+w.serial+"\n"+common)
	writeFile(t, credentials, "[source]\naws_access_key_id = "+w.key.AccessKeyID+"\naws_secret_access_key = "+w.key.SecretAccessKey+"\n")
	return []string{"AWS_CONFIG_FILE=" + config, "AWS_SHARED_CREDENTIALS_FILE=" + credentials}
}

// runWithStdin runs a client with stdin, in a session of its own: without a controlling
// terminal the clients' getpass prompt for the MFA code reads stdin.
func runWithStdin(t *testing.T, env []string, stdin string, name string, args ...string) (stdout []byte, stderr string, err error) {
	t.Helper()
	ctx, cancel := hangContext()
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	return out.Bytes(), errb.String(), err
}

// TestCLIAssumeRoleProfiles: the real aws CLI assumes roles through profiles — role_arn +
// source_profile, and one with mfa_serial whose code it reads from its prompt — calling STS
// itself at the profile's endpoint_url, then calls IAM with the session.
func TestCLIAssumeRoleProfiles(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	s := startServer(t, serverOptions{})
	w := newSTSWorld(t, s, "cli-user")
	env := append(s.cliEnv(t, creds{}), w.profiles(t)...)

	var id identity
	s.runCLI(t, env, "--profile", "admin", "sts", "get-caller-identity").decode(t, &id)
	if want := "arn:aws:sts::" + s.account + ":assumed-role/cli-user-Admin/cli-session"; id.Arn != want {
		t.Errorf("aws --profile admin sts get-caller-identity: Arn %s, want %s", id.Arn, want)
	}
	var users struct{ Users []struct{ UserName string } }
	s.runCLI(t, env, "--profile", "admin", "iam", "list-users").decode(t, &users)
	if len(users.Users) != 1 || users.Users[0].UserName != "cli-user" {
		t.Errorf("aws --profile admin iam list-users = %+v, want cli-user", users.Users)
	}
	// Without the role's permission the session is refused, as the session.
	r := s.runCLI(t, env, "--profile", "admin", "iam", "list-roles")
	if r.code() != "AccessDenied" || !strings.Contains(r.message(), "assumed-role/cli-user-Admin/cli-session") {
		t.Errorf("aws --profile admin iam list-roles: %s %q, want AccessDenied for the session", r.outcome(), r.message())
	}

	out, stderr, err := runWithStdin(t, env, w.nextCode()+"\n", awsBin, "--profile", "mfa", "iam", "list-users")
	s.noteSecretsInJSON(out)
	if err != nil {
		t.Fatalf("aws --profile mfa iam list-users with the code on stdin: %v\n%s", err, s.secrets.redact(stderr))
	}
	users.Users = nil
	if err := json.Unmarshal(out, &users); err != nil || len(users.Users) != 1 {
		t.Errorf("aws --profile mfa iam list-users = %s (%v)", s.secrets.redact(string(out)), err)
	}
	// The CLI cached the MFA session: the next command needs no code.
	s.runCLI(t, env, "--profile", "mfa", "sts", "get-caller-identity").decode(t, &id)
	if !strings.HasPrefix(id.Arn, "arn:aws:sts::"+s.account+":assumed-role/cli-user-MFAAdmin/") {
		t.Errorf("aws --profile mfa sts get-caller-identity: Arn %s", id.Arn)
	}

	// A wrong code: the CLI reports STS's refusal.
	cache := filepath.Join(s.cliHome, ".aws", "cli", "cache")
	if err := os.RemoveAll(cache); err != nil {
		t.Fatal(err)
	}
	_, stderr, err = runWithStdin(t, env, "000000\n", awsBin, "--profile", "mfa", "sts", "get-caller-identity")
	if err == nil || !strings.Contains(stderr, "AccessDenied") {
		t.Errorf("a wrong MFA code: err %v, stderr %s", err, s.secrets.redact(stderr))
	}
}

// TestBoto3AssumeRoleProfiles is TestCLIAssumeRoleProfiles with boto3's own credential
// providers.
func TestBoto3AssumeRoleProfiles(t *testing.T) {
	t.Parallel()
	requireBoto3(t)
	s := startServer(t, serverOptions{})
	w := newSTSWorld(t, s, "boto-user")
	env := append(s.cliEnv(t, creds{}, "GATEHOUSE_URL="+s.url, "AWS_DEFAULT_REGION="+region), w.profiles(t)...)
	type result struct {
		Arn, UserId string
		Users       []string
	}
	run := func(profile, stdin string) result {
		t.Helper()
		out, stderr, err := runWithStdin(t, append(env, "USE_PROFILE="+profile), stdin, "python3", filepath.Join("testdata", "sts_profile.py"))
		if err != nil {
			t.Fatalf("sts_profile.py with profile %s: %v\n%s", profile, err, s.secrets.redact(stderr))
		}
		var r result
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("sts_profile.py: %v\n%s", err, s.secrets.redact(string(out)))
		}
		return r
	}
	got := run("admin", "")
	want := result{Arn: "arn:aws:sts::" + s.account + ":assumed-role/boto-user-Admin/cli-session", Users: []string{"boto-user"}}
	got.UserId = ""
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("boto3 with profile admin (-want +got):\n%s", diff)
	}
	got = run("mfa", w.nextCode()+"\n")
	if !strings.HasPrefix(got.Arn, "arn:aws:sts::"+s.account+":assumed-role/boto-user-MFAAdmin/") || !strings.HasPrefix(got.UserId, "AROA") {
		t.Errorf("boto3 with profile mfa: %+v", got)
	}
}
