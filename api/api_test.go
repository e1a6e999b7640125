package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/sigv4"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// errorDoc is the query protocol's error document.
type errorDoc struct {
	Type      string `xml:"Error>Type"`
	Code      string `xml:"Error>Code"`
	Message   string `xml:"Error>Message"`
	RequestID string `xml:"RequestId"`
}

func parseError(t *testing.T, r *stacktest.Response) errorDoc {
	t.Helper()
	var d errorDoc
	if err := xml.Unmarshal(r.Body, &d); err != nil {
		t.Fatalf("error document %q: %v", r.Body, err)
	}
	if id := r.Header.Get("x-amzn-RequestId"); id != d.RequestID || !uuidRE.MatchString(id) {
		t.Errorf("request ID header %q, document %q: want one UUID in both", id, d.RequestID)
	}
	return d
}

func TestHealthz(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	resp, err := http.Get(s.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	if resp.StatusCode != http.StatusOK || b.String() != "ok" {
		t.Errorf("GET /healthz = %d %q, want 200 ok", resp.StatusCode, b.String())
	}
}

func TestRequestErrors(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	root := s.Root()
	wrongSecret := root
	wrongSecret.SecretAccessKey = strings.Repeat("x", 40)
	unknown := stacktest.Credentials{AccessKeyID: "AKIAAAAAAAAAAAAAAAAA", SecretAccessKey: strings.Repeat("y", 40)}
	session := stacktest.Credentials{AccessKeyID: "ASIAAAAAAAAAAAAAAAAA", SecretAccessKey: strings.Repeat("y", 40), SessionToken: "token"}
	get := url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}
	tests := []struct {
		name    string
		service string
		creds   *stacktest.Credentials
		params  url.Values
		status  int
		code    string
		message string
	}{
		{"unsigned", "sts", nil, get, 403, "MissingAuthenticationToken", "Request is missing Authentication Token"},
		{"wrong secret", "sts", &wrongSecret, get, 403, "SignatureDoesNotMatch", ""},
		{"unknown key", "sts", &unknown, get, 403, "InvalidClientTokenId", "The security token included in the request is invalid."},
		{"session key with a forged token", "sts", &session, get, 403, "InvalidClientTokenId", ""},
		{"service not served", "sqs", &root, get, 400, "UnknownOperationException", `The service "sqs" is not served by this endpoint: ` +
			"Gatehouse serves iam, sts, organizations, cloudtrail, access-analyzer and rolesanywhere."},
		{"unknown action", "iam", &root, url.Values{"Action": {"FlyToTheMoon"}, "Version": {"2010-05-08"}}, 400, "InvalidAction", ""},
		{"missing action", "iam", &root, url.Values{"Version": {"2010-05-08"}}, 400, "MissingAction", ""},
		{"wrong version", "sts", &root, url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2010-05-08"}}, 400, "InvalidAction", ""},
		{"validation", "iam", &root, url.Values{"Action": {"CreateUser"}, "Version": {"2010-05-08"}, "UserName": {"bad name"}}, 400, "ValidationError", ""},
		{"not implemented", "iam", &root, url.Values{"Action": {"GetHumanReadableSummary"}, "Version": {"2010-05-08"},
			"EntityArn": {"arn:aws:iam::123456789012:delegation-request/r"}}, 501, "NotImplemented", ""},
		{"too large", "iam", &root, url.Values{"Action": {"CreateUser"}, "Version": {"2010-05-08"}, "Pad": {strings.Repeat("p", 1<<20)}},
			413, "RequestEntityTooLarge", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := s.RawRequest(t, tc.service, tc.creds, tc.params)
			d := parseError(t, r)
			if r.Status != tc.status || d.Code != tc.code {
				t.Fatalf("got %d %s (%s), want %d %s", r.Status, d.Code, d.Message, tc.status, tc.code)
			}
			if tc.message != "" && d.Message != tc.message {
				t.Errorf("message %q, want %q", d.Message, tc.message)
			}
			if wantType := map[bool]string{true: "Receiver", false: "Sender"}[tc.status >= 500]; d.Type != wantType {
				t.Errorf("Type %q, want %q", d.Type, wantType)
			}
		})
	}
}

// TestQueryStringAndPresigned: the query protocol's GET form, signed in the header and
// presigned, routes like a POSTed form.
func TestQueryStringAndPresigned(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c := s.Root()
	creds := sigv4.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey}
	for _, presign := range []bool{false, true} {
		req, err := http.NewRequest(http.MethodGet, s.URL+"/?Action=GetCallerIdentity&Version=2011-06-15", nil)
		if err != nil {
			t.Fatal(err)
		}
		if presign {
			err = sigv4.Presign(req, nil, creds, stacktest.Region, "sts", time.Now(), time.Minute)
		} else {
			err = sigv4.Sign(req, nil, creds, stacktest.Region, "sts", time.Now())
		}
		if err != nil {
			t.Fatal(err)
		}
		r := s.Do(t, req)
		if r.Status != http.StatusOK || !bytes.Contains(r.Body, []byte("<Arn>"+c.ARN+"</Arn>")) {
			t.Errorf("presigned=%v: %d %s", presign, r.Status, r.Body)
		}
	}
}

// lockedBuffer is a log destination safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestLogsHoldNoSecrets: the request log never shows a secret access key or a signature, and
// still says who did what.
func TestLogsHoldNoSecrets(t *testing.T) {
	t.Parallel()
	var logs lockedBuffer
	s := stacktest.New(t, stacktest.WithLogOutput(&logs))
	ctx := context.Background()
	root := s.IAM(s.Root())
	if _, err := root.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("alice")}); err != nil {
		t.Fatal(err)
	}
	out, err := root.CreateAccessKey(ctx, &awsiam.CreateAccessKeyInput{UserName: aws.String("alice")})
	if err != nil {
		t.Fatal(err)
	}
	secret := aws.ToString(out.AccessKey.SecretAccessKey)
	user := stacktest.Credentials{AccessKeyID: aws.ToString(out.AccessKey.AccessKeyId), SecretAccessKey: secret}

	body := []byte(url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}.Encode())
	req, err := http.NewRequest(http.MethodPost, s.URL+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	s.Sign(t, req, body, user, "sts")
	auth := req.Header.Get("Authorization")
	signature := auth[strings.LastIndex(auth, "Signature=")+len("Signature="):]
	if r := s.Do(t, req); r.Status != http.StatusOK {
		t.Fatalf("signed request: %d %s", r.Status, r.Body)
	}
	// A failed signature, too, is logged without the signature it carried.
	bad := user
	bad.SecretAccessKey = strings.Repeat("z", 40)
	s.RawRequest(t, "sts", &bad, url.Values{"Action": {"GetCallerIdentity"}})

	text := logs.String()
	for what, secret := range map[string]string{"secret access key": secret, "root secret": s.Root().SecretAccessKey,
		"signature": signature} {
		if strings.Contains(text, secret) {
			t.Errorf("the log contains the %s", what)
		}
	}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if m["msg"] == "request" {
			lines = append(lines, m)
		}
	}
	if len(lines) != 4 {
		t.Fatalf("%d request lines, want 4:\n%s", len(lines), text)
	}
	want := map[string]any{"action": "CreateAccessKey", "caller": s.Root().ARN, "status": float64(200), "service": "iam"}
	for k, v := range want {
		if lines[1][k] != v {
			t.Errorf("CreateAccessKey log line %s = %v, want %v", k, lines[1][k], v)
		}
	}
	if lines[3]["error"] != "SignatureDoesNotMatch" || lines[3]["status"] != float64(403) {
		t.Errorf("failed request's log line: %v", lines[3])
	}
}
