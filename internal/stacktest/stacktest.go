// Package stacktest starts the whole Gatehouse stack in-process for tests: the api handler,
// the IAM and STS services, the authorizer and an in-memory SQLite store, on an httptest
// server, with an account bootstrapped and its root credentials ready, and hands out
// aws-sdk-go-v2 clients signed with any credentials.
//
// It exists so that every service test drives Gatehouse the way users do — through the real
// SDK, over HTTP, with SigV4 and authorization — with a few lines of setup. Only tests import
// it; aws-sdk-go-v2 never reaches the server binary.
package stacktest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	awscloudtrail "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	awsrolesanywhere "github.com/aws/aws-sdk-go-v2/service/rolesanywhere"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/gatehouse-iam/gatehouse/analyzer"
	"github.com/gatehouse-iam/gatehouse/api"
	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/audit"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/cloudtrail"
	"github.com/gatehouse-iam/gatehouse/federation/issuer"
	"github.com/gatehouse-iam/gatehouse/iam"
	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/metrics"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/org"
	"github.com/gatehouse-iam/gatehouse/rolesanywhere"
	"github.com/gatehouse-iam/gatehouse/sigv4"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
	"github.com/gatehouse-iam/gatehouse/sts"
)

// Region is the region every client signs for.
const Region = "us-east-1"

// Credentials are an access key and what it authenticates.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	// AccountID and ARN describe the principal (root, user) the key belongs to.
	AccountID string
	ARN       string
}

// Stack is a running in-process Gatehouse.
type Stack struct {
	// URL is the endpoint (http://127.0.0.1:PORT).
	URL string

	server *httptest.Server
	raw    store.Store
	node   *node.Node
	iam    *iam.Service
	// handlers are the services' generated wire Handlers by the name of their operations table
	// (the generated authorization test calls their fields directly).
	handlers map[string]any
	clock    *Clock
	account  string
	root     Credentials
	secrets  *keyring.Keyring
}

type options struct {
	clock     *Clock
	logOutput io.Writer
	accountID string
	audit     audit.Options
	auditOnly bool
	noAudit   bool
}

// Option configures New.
type Option func(*options)

// WithClock makes the stack use c as its clock (service times, aws:CurrentTime, last-used
// times). SigV4 signatures are still checked against the wall clock, which the SDK signs with.
func WithClock(c *Clock) Option { return func(o *options) { o.clock = c } }

// WithLogOutput sends the server's logs (one line per request, JSON) to w instead of
// discarding them.
func WithLogOutput(w io.Writer) Option { return func(o *options) { o.logOutput = w } }

// WithAuditSink copies every audit record to w as a line of JSON.
func WithAuditSink(w io.Writer) Option { return func(o *options) { o.audit.Sink = w } }

// WithoutAudit runs the stack without an audit trail (for benchmarks comparing with one).
func WithoutAudit() Option { return func(o *options) { o.noAudit = true } }

// WithEnforcementAudit runs the stack in enforcement mode "audit": denials are recorded, not
// enforced.
func WithEnforcementAudit() Option { return func(o *options) { o.auditOnly = true } }

// WithAccountID gives the bootstrapped account this ID instead of a random one.
func WithAccountID(id string) Option { return func(o *options) { o.accountID = id } }

// New starts a stack for the test and stops it when the test ends.
func New(t testing.TB, opts ...Option) *Stack {
	t.Helper()
	o := options{logOutput: io.Discard}
	for _, opt := range opts {
		opt(&o)
	}
	if o.clock == nil {
		o.clock = NewClock(time.Now())
	}
	ctx := context.Background()
	st, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatalf("stacktest: %v", err)
	}
	key, err := keyring.GenerateKey(nil)
	if err != nil {
		t.Fatalf("stacktest: %v", err)
	}
	secrets, err := keyring.New(nil, key)
	if err != nil {
		t.Fatalf("stacktest: %v", err)
	}
	sessionKey, err := keyring.GenerateKey(nil)
	if err != nil {
		t.Fatalf("stacktest: %v", err)
	}
	sessions, err := keyring.New(nil, sessionKey)
	if err != nil {
		t.Fatalf("stacktest: %v", err)
	}
	log := slog.New(slog.NewJSONHandler(o.logOutput, &slog.HandlerOptions{Level: slog.LevelDebug}))
	no := node.Options{Secrets: secrets, Sessions: sessions, Now: o.clock.Now, Logger: log, Audit: &o.audit, AuditOnly: o.auditOnly}
	if o.noAudit {
		no.Audit = nil
	}
	n := node.New(st, no)
	s := &Stack{raw: st, node: n, clock: o.clock, secrets: secrets}
	issuerKey, err := keyring.GenerateKey(nil)
	if err != nil {
		t.Fatalf("stacktest: %v", err)
	}
	issuerKeys, err := keyring.New(nil, issuerKey)
	if err != nil {
		t.Fatalf("stacktest: %v", err)
	}
	s.server = httptest.NewUnstartedServer(nil)
	s.URL = "http://" + s.server.Listener.Addr().String()
	s.iam = iam.New(iam.Config{Node: n, Secrets: secrets, Now: o.clock.Now, PublicURL: s.URL})
	stsService := sts.New(n, sts.WithIssuerKeys(issuerKeys))
	ra := rolesanywhere.New(n, stsService)
	aa, orgs, trail := analyzer.New(n), org.New(n), cloudtrail.New(n)
	s.handlers = map[string]any{"IAM": s.iam.Handlers, "STS": stsService.Handlers, "AccessAnalyzer": aa.Handlers,
		"Organizations": orgs.Handlers, "CloudTrail": trail.Handlers, "RolesAnywhere": ra.Handlers}
	h := api.New(api.Config{Node: n, IAM: s.iam.Handlers, STS: stsService.Handlers, AccessAnalyzer: aa.Handlers,
		Organizations: orgs.Handlers, CloudTrail: trail.Handlers, Metrics: newMetrics(n), RolesAnywhere: ra.Handlers,
		Extras: []api.Extra{{Service: "rolesanywhere", Unsigned: true, Extra: ra.CreateSessionExtra()}}, Logger: log})
	s.server.Config.Handler = issuer.Routes(h, stsService.PublishedIssuer)
	s.server.Start()
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { n.Run(runCtx); close(done) }()
	t.Cleanup(func() {
		s.server.Close()
		stop()
		<-done
		st.Close()
	})
	acct, root, err := s.iam.CreateAccount(ctx, o.accountID, nil)
	if err != nil {
		t.Fatalf("stacktest: creating the account: %v", err)
	}
	s.account = acct.ID
	s.root = Credentials{AccessKeyID: root.AccessKeyID, SecretAccessKey: root.SecretAccessKey, AccountID: acct.ID,
		ARN: arn.Root(acct.ID)}
	return s
}

// AccountID is the bootstrapped account.
func (s *Stack) AccountID() string { return s.account }

// Root returns the bootstrapped account's root credentials.
func (s *Stack) Root() Credentials { return s.root }

// Clock is the stack's clock.
func (s *Stack) Clock() *Clock { return s.clock }

// Store is the stack's store, for direct reads and for seeding what no API can make yet. Writes
// through it reach the authorization caches before Update returns, as the services' do.
func (s *Stack) Store() store.Store { return s.node.Store }

// Authorizer is the stack's decision point, for tests and benchmarks of authz itself.
func (s *Stack) Authorizer() *authz.Authorizer { return s.node.Authz }

// IAMService is the stack's IAM service, for calls the API's decoder refuses but the console
// makes (the root user enabling its own MFA device).
func (s *Stack) IAMService() *iam.Service { return s.iam }

// Node is the stack's shared machinery (authn, authz, usage, the synced store).
func (s *Stack) Node() *node.Node { return s.node }

func newMetrics(n *node.Node) *metrics.Metrics {
	var src metrics.Sources
	if n.Trail != nil {
		src.AuditQueue, src.AuditWritten, src.AuditDropped = n.Trail.QueueLength, n.Trail.Written, n.Trail.Dropped
	}
	return metrics.New(src)
}

// Events flushes the audit trail and returns every event of the account, newest first.
func (s *Stack) Events(t testing.TB, accountID string) []store.Event {
	t.Helper()
	ctx := context.Background()
	s.node.Trail.Flush(ctx)
	var all []store.Event
	q := store.EventQuery{AccountID: accountID}
	for {
		page, more, err := s.node.Trail.Lookup(ctx, q)
		if err != nil {
			t.Fatalf("stacktest: looking up events: %v", err)
		}
		all = append(all, page...)
		if !more {
			return all
		}
		q.AfterTime, q.AfterID = page[len(page)-1].Time, page[len(page)-1].ID
	}
}

// Seal seals a secret access key the way the IAM service does, for seeding keys in the store.
func (s *Stack) Seal(secret, accessKeyID string) ([]byte, error) {
	return s.secrets.Seal([]byte(secret), []byte(accessKeyID))
}

func (s *Stack) config(c Credentials) aws.Config {
	return aws.Config{
		Region:       Region,
		BaseEndpoint: aws.String(s.URL),
		Credentials:  credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken),
		HTTPClient:   &http.Client{Transport: ownBody{s.server.Client().Transport}},
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
}

// IAM returns an IAM client signing with c, retries off.
func (s *Stack) IAM(c Credentials) *awsiam.Client { return awsiam.NewFromConfig(s.config(c)) }

// STS returns an STS client signing with c, retries off.
func (s *Stack) STS(c Credentials) *awssts.Client { return awssts.NewFromConfig(s.config(c)) }

// RolesAnywhere returns an IAM Roles Anywhere client signing with c, retries off.
func (s *Stack) RolesAnywhere(c Credentials) *awsrolesanywhere.Client {
	return awsrolesanywhere.NewFromConfig(s.config(c))
}

// AccessAnalyzer returns an IAM Access Analyzer client signing with c, retries off.
func (s *Stack) AccessAnalyzer(c Credentials) *accessanalyzer.Client {
	return accessanalyzer.NewFromConfig(s.config(c))
}

// Organizations returns an AWS Organizations client signing with c, retries off.
func (s *Stack) Organizations(c Credentials) *organizations.Client {
	return organizations.NewFromConfig(s.config(c))
}

// CloudTrail returns a CloudTrail client signing with c, retries off.
func (s *Stack) CloudTrail(c Credentials) *awscloudtrail.Client {
	return awscloudtrail.NewFromConfig(s.config(c))
}

// NewUser creates a user with the root credentials, gives it one inline policy per document
// (named policy-1, policy-2, …) and an access key, and returns the key.
func (s *Stack) NewUser(t testing.TB, name string, policies ...string) Credentials {
	t.Helper()
	ctx := context.Background()
	client := s.IAM(s.root)
	out, err := client.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String(name)})
	if err != nil {
		t.Fatalf("stacktest: CreateUser %s: %v", name, err)
	}
	for i, doc := range policies {
		_, err := client.PutUserPolicy(ctx, &awsiam.PutUserPolicyInput{UserName: aws.String(name),
			PolicyName: aws.String(fmt.Sprintf("policy-%d", i+1)), PolicyDocument: aws.String(doc)})
		if err != nil {
			t.Fatalf("stacktest: PutUserPolicy %s: %v", name, err)
		}
	}
	key, err := client.CreateAccessKey(ctx, &awsiam.CreateAccessKeyInput{UserName: aws.String(name)})
	if err != nil {
		t.Fatalf("stacktest: CreateAccessKey %s: %v", name, err)
	}
	return Credentials{AccessKeyID: aws.ToString(key.AccessKey.AccessKeyId),
		SecretAccessKey: aws.ToString(key.AccessKey.SecretAccessKey), AccountID: s.account, ARN: aws.ToString(out.User.Arn)}
}

// NewAccount creates another account with a root access key, for cross-account tests.
func (s *Stack) NewAccount(t testing.TB) Credentials {
	t.Helper()
	acct, root, err := s.iam.CreateAccount(context.Background(), "", nil)
	if err != nil {
		t.Fatalf("stacktest: creating an account: %v", err)
	}
	return Credentials{AccessKeyID: root.AccessKeyID, SecretAccessKey: root.SecretAccessKey, AccountID: acct.ID,
		ARN: arn.Root(acct.ID)}
}

// Response is a raw HTTP response, read in full.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// RawRequest POSTs params as a form, signed for service with c, or unsigned when c is nil, and
// returns the raw response: for what the SDK cannot send (malformed, unsigned or oversized
// requests).
func (s *Stack) RawRequest(t testing.TB, service string, c *Credentials, params url.Values) *Response {
	t.Helper()
	body := []byte(params.Encode())
	req, err := http.NewRequest(http.MethodPost, s.URL+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	if c != nil {
		s.Sign(t, req, body, *c, service)
	}
	return s.Do(t, req)
}

// Sign signs req (whose body is body) for service with c, at the wall clock's time.
func (s *Stack) Sign(t testing.TB, req *http.Request, body []byte, c Credentials, service string) {
	t.Helper()
	err := sigv4.Sign(req, body, sigv4.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey,
		SessionToken: c.SessionToken}, Region, service, time.Now())
	if err != nil {
		t.Fatalf("stacktest: signing: %v", err)
	}
}

// Do sends req as it is and returns the response.
func (s *Stack) Do(t testing.TB, req *http.Request) *Response {
	t.Helper()
	resp, err := s.server.Client().Do(req)
	if err != nil {
		t.Fatalf("stacktest: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("stacktest: %v", err)
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// ErrorCode returns the AWS error code of an SDK error ("" for nil or a non-API error).
func ErrorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// ErrorMessage returns the AWS error message of an SDK error.
func ErrorMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	return ""
}

// WantError fails the test unless err is the AWS error code with message (any message when
// message is "").
func WantError(t testing.TB, err error, code, message string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got := ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
	if message != "" {
		if got := ErrorMessage(err); got != message {
			t.Errorf("error message:\n got %q\nwant %q", got, message)
		}
	}
}

// Clock is an adjustable clock, safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock reading t (in UTC).
func NewClock(t time.Time) *Clock { return &Clock{t: t.UTC()} }

// Now reads the clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Set sets the clock.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t.UTC()
	c.mu.Unlock()
}

// Policy is a one-statement identity policy document allowing (or, with effect "Deny",
// denying) actions on resources: a convenience for NewUser.
func Policy(effect string, actions []string, resources ...string) string {
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	q := func(xs []string) string {
		parts := make([]string, len(xs))
		for i, x := range xs {
			parts[i] = `"` + x + `"`
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	return `{"Version":"2012-10-17","Statement":[{"Effect":"` + effect + `","Action":` + q(actions) + `,"Resource":` + q(resources) + `}]}`
}

// ownBody is a RoundTripper that hands the transport a request body of its own. smithy-go closes
// the request body as soon as the response headers arrive, while net/http's write loop may still
// hold it; the transport then tears the connection down under a response still being read
// ("use of closed network connection", aws/aws-sdk-go-v2#2737). The SDK's retryer hides this in
// production; tests run without retries, so they give net/http a private copy instead.
type ownBody struct{ next http.RoundTripper }

func (o ownBody) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return o.next.RoundTrip(req)
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	r := req.Clone(req.Context())
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return o.next.RoundTrip(r)
}
