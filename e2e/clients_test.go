package e2e

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// region is the only one the tests use; IAM is global and signs for us-east-1.
const region = "us-east-1"

// ---- the aws CLI ----

// cliResult is one finished aws CLI process.
type cliResult struct {
	args   []string
	exit   int
	stdout []byte
	stderr string
	redact func(string) string // hides known secrets in failure messages
}

// cliErrorRE reads botocore's rendering of an AWS error on stderr, e.g.
// "An error occurred (AccessDenied) when calling the CreateUser operation: User: arn:… is not …".
var cliErrorRE = regexp.MustCompile(`An error occurred \(([^)]+)\) when calling the (\w+) operation(?: \([^)]*\))?: ([^\n]*)`)

// code is the AWS error code the CLI reported, or "" when it reported none.
func (r cliResult) code() string {
	if m := cliErrorRE.FindStringSubmatch(r.stderr); m != nil {
		return m[1]
	}
	return ""
}

// message is the AWS error message the CLI reported.
func (r cliResult) message() string {
	if m := cliErrorRE.FindStringSubmatch(r.stderr); m != nil {
		return strings.TrimSpace(m[3])
	}
	return ""
}

// outcome is the AWS error code, or "ok" for exit status 0: one string that tables compare.
func (r cliResult) outcome() string {
	if r.exit == 0 {
		return "ok"
	}
	if c := r.code(); c != "" {
		return c
	}
	return "exit status " + strconv.Itoa(r.exit) + ": " + strings.TrimSpace(r.stderr)
}

// must fails the test unless the command succeeded.
func (r cliResult) must(tb testing.TB) cliResult {
	tb.Helper()
	if r.exit != 0 {
		tb.Fatalf("aws %s: exit status %d\n%s", r.redact(strings.Join(r.args, " ")), r.exit, r.redact(r.stderr))
	}
	return r
}

// decode unmarshals the JSON output of a successful command.
func (r cliResult) decode(tb testing.TB, v any) {
	tb.Helper()
	r.must(tb)
	if err := json.Unmarshal(r.stdout, v); err != nil {
		tb.Fatalf("aws %s: decoding output: %v\n%s", r.redact(strings.Join(r.args, " ")), err, r.redact(string(r.stdout)))
	}
}

// cliEnv is an isolated environment for the aws CLI and boto3: its own HOME and (empty) config
// files, no instance metadata lookups, no retries, the given key, and the CA of a TLS server.
func (s *server) cliEnv(tb testing.TB, c creds, extra ...string) []string {
	tb.Helper()
	env := append(baseEnv(),
		"HOME="+s.cliHome,
		"AWS_CONFIG_FILE="+filepath.Join(s.cliHome, "config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(s.cliHome, "credentials"),
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_MAX_ATTEMPTS=1",
		"AWS_PAGER=",
	)
	if c.AccessKeyID != "" {
		env = append(env, "AWS_ACCESS_KEY_ID="+c.AccessKeyID, "AWS_SECRET_ACCESS_KEY="+c.SecretAccessKey)
	}
	if s.opts.caFile != "" {
		env = append(env, "AWS_CA_BUNDLE="+s.opts.caFile)
	}
	return append(env, extra...)
}

// aws runs `aws --endpoint-url URL --region us-east-1 --output json ARGS…` signed with c.
func (s *server) aws(tb testing.TB, c creds, args ...string) cliResult {
	tb.Helper()
	full := append([]string{"--endpoint-url", s.url, "--region", region, "--output", "json"}, args...)
	return s.runCLI(tb, s.cliEnv(tb, c), full...)
}

// runCLI runs the aws CLI with exactly the given environment and arguments.
func (s *server) runCLI(tb testing.TB, env []string, args ...string) cliResult {
	tb.Helper()
	requireCLI(tb)
	ctx, cancel := hangContext()
	defer cancel()
	cmd := exec.CommandContext(ctx, awsBin, args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	r := cliResult{args: args, redact: s.secrets.redact}
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			tb.Fatalf("aws %s: %v", strings.Join(args, " "), err)
		}
		r.exit = exit.ExitCode()
	}
	r.stdout, r.stderr = stdout.Bytes(), stderr.String()
	s.noteSecretsInJSON(r.stdout)
	return r
}

// ---- boto3 ----

// boto3 runs testdata/SCRIPT with python3, the server's URL in GATEHOUSE_URL, the account in
// GATEHOUSE_ACCOUNT and c in the standard variables, and decodes the JSON it prints into v.
func (s *server) boto3(tb testing.TB, c creds, script string, v any, extraEnv ...string) {
	tb.Helper()
	requireBoto3(tb)
	ctx, cancel := hangContext()
	defer cancel()
	cmd := exec.CommandContext(ctx, "python3", filepath.Join("testdata", script))
	cmd.Env = s.cliEnv(tb, c, append([]string{
		"GATEHOUSE_URL=" + s.url,
		"GATEHOUSE_ACCOUNT=" + s.account,
		"AWS_DEFAULT_REGION=" + region,
	}, extraEnv...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		s.noteSecretsInJSON(stdout.Bytes())
		tb.Fatalf("python3 testdata/%s: %v\nstdout:\n%s\nstderr:\n%s", script, err,
			s.secrets.redact(stdout.String()), s.secrets.redact(stderr.String()))
	}
	s.noteSecretsInJSON(stdout.Bytes())
	if err := json.Unmarshal(stdout.Bytes(), v); err != nil {
		tb.Fatalf("python3 testdata/%s: decoding output: %v\n%s", script, err, s.secrets.redact(stdout.String()))
	}
}

// noteSecretsInJSON records every "SecretAccessKey" and "SessionToken" value in a client's JSON
// output, so the leak check covers keys and sessions the scripts and CLI commands created.
func (s *server) noteSecretsInJSON(out []byte) {
	if !bytes.Contains(out, []byte("SecretAccessKey")) && !bytes.Contains(out, []byte("SessionToken")) {
		return
	}
	var v any
	if json.Unmarshal(out, &v) != nil {
		return
	}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				if str, ok := e.(string); ok && (k == "SecretAccessKey" || k == "SessionToken") {
					s.secrets.add(str)
				}
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
}

// ---- aws-sdk-go-v2 ----

// sdkConfig is a client configuration pointing at the server: static credentials, no retries
// (every answer is the server's first), and the server's CA when it serves TLS.
func (s *server) sdkConfig(c creds) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, ""),
		BaseEndpoint: aws.String(s.url),
		HTTPClient:   s.sdkHTTPClient(),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
}

// sdkHTTPClient is a fresh keep-alive client, so concurrent SDK clients do not share connections.
func (s *server) sdkHTTPClient() aws.HTTPClient {
	pool := s.opts.caPool
	return ownBodyClient{awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		if pool != nil {
			tr.TLSClientConfig = &tls.Config{RootCAs: pool}
		}
	})}
}

// ownBodyClient hands net/http a request body of its own. smithy-go closes the request body as
// soon as the response headers arrive; when the server answers quickly and the transport's write
// loop has not yet finished its bookkeeping for the body, the write loop fails and closes the
// connection under the response being read ("use of closed network connection",
// aws/aws-sdk-go-v2#2737, which the SDK's default retryer papers over by retrying). The tests run
// without retries so that every answer is the server's first; this keeps that race out of them.
type ownBodyClient struct{ next aws.HTTPClient }

func (c ownBodyClient) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(b))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		req.ContentLength = int64(len(b))
	}
	return c.next.Do(req)
}

func (s *server) iam(c creds) *iam.Client { return iam.NewFromConfig(s.sdkConfig(c)) }
func (s *server) sts(c creds) *sts.Client { return sts.NewFromConfig(s.sdkConfig(c)) }

// apiError is what a client sees of a failed call.
type apiError struct {
	Code    string
	Message string
	Status  int
}

// asAPIError reads the AWS error code, message and HTTP status from an SDK error; Code is "ok"
// for a nil error, so tables compare one value.
func asAPIError(err error) apiError {
	if err == nil {
		return apiError{Code: "ok"}
	}
	var out apiError
	var ae smithy.APIError
	if errors.As(err, &ae) {
		out.Code, out.Message = ae.ErrorCode(), ae.ErrorMessage()
	} else {
		out.Code = "non-API error: " + err.Error()
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		out.Status = re.HTTPStatusCode()
	}
	return out
}

// createUser creates a user as root and fails the test on error.
func (s *server) createUser(tb testing.TB, name, path string) {
	tb.Helper()
	in := &iam.CreateUserInput{UserName: aws.String(name)}
	if path != "" {
		in.Path = aws.String(path)
	}
	if _, err := s.iam(s.root).CreateUser(context.Background(), in); err != nil {
		tb.Fatalf("CreateUser %s as root: %v", name, err)
	}
}

// createAccessKey creates a key for the user as root and records its secret for the leak check.
func (s *server) createAccessKey(tb testing.TB, user string) creds {
	tb.Helper()
	out, err := s.iam(s.root).CreateAccessKey(context.Background(), &iam.CreateAccessKeyInput{UserName: aws.String(user)})
	if err != nil {
		tb.Fatalf("CreateAccessKey for %s as root: %v", user, err)
	}
	c := creds{AccessKeyID: deref(out.AccessKey.AccessKeyId), SecretAccessKey: deref(out.AccessKey.SecretAccessKey)}
	s.secrets.add(c.SecretAccessKey)
	return c
}

// putUserPolicy attaches an inline policy as root.
func (s *server) putUserPolicy(tb testing.TB, user, name, document string) {
	tb.Helper()
	_, err := s.iam(s.root).PutUserPolicy(context.Background(), &iam.PutUserPolicyInput{
		UserName: aws.String(user), PolicyName: aws.String(name), PolicyDocument: aws.String(document),
	})
	if err != nil {
		tb.Fatalf("PutUserPolicy %s on %s as root: %v", name, user, err)
	}
}

// allow is a one-statement identity policy allowing actions on resources.
func allow(action, resource string) string {
	doc := map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Effect": "Allow", "Action": action, "Resource": resource,
		}},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// userARN is the ARN AWS gives a user with a path ("/" when empty).
func userARN(account, path, name string) string {
	if path == "" {
		path = "/"
	}
	return "arn:aws:iam::" + account + ":user" + path + name
}

// deniedMessage is IAM's AccessDenied message for an action no identity-based policy allows
// (IAM User Guide, "Troubleshoot access denied error messages").
func deniedMessage(principalARN, action, resourceARN string) string {
	return "User: " + principalARN + " is not authorized to perform: " + action + " on resource: " + resourceARN +
		" because no identity-based policy allows the " + action + " action"
}
