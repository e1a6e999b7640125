package console_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/audit"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/console"
	"github.com/gatehouse-iam/gatehouse/iam"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
	"github.com/gatehouse-iam/gatehouse/totp"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// syncBuffer collects the console's log lines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fixture is a Gatehouse node with one account and the console in front of it, on loopback.
type fixture struct {
	t       testing.TB
	URL     string
	handler http.Handler
	iam     *iam.Service
	node    *node.Node
	account string
	clock   *stacktest.Clock
	logs    *syncBuffer
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	secrets := newKeyring(t)
	clk := stacktest.NewClock(time.Now())
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	n := node.New(st, node.Options{Secrets: secrets, Sessions: newKeyring(t), Now: clk.Now, Logger: log,
		Audit: &audit.Options{}})
	svc := iam.New(iam.Config{Node: n, Secrets: secrets, Now: clk.Now})
	c := console.New(console.Config{IAM: svc, Node: n, Secrets: secrets, Logger: log})
	srv := httptest.NewServer(c)
	handler := http.Handler(c)
	t.Cleanup(func() { srv.Close(); st.Close() })
	// The audit trail's writer runs as under serve (node.Run); it stops before the store closes.
	trailCtx, stopTrail := context.WithCancel(context.Background())
	trailDone := make(chan struct{})
	go func() { n.Trail.Run(trailCtx); close(trailDone) }()
	t.Cleanup(func() { stopTrail(); <-trailDone })
	acct, _, err := svc.CreateAccount(ctx, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, URL: srv.URL, handler: handler, iam: svc, node: n, account: acct.ID, clock: clk, logs: logs}
}

func newKeyring(t testing.TB) *keyring.Keyring {
	key, err := keyring.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	k, err := keyring.New(nil, key)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// asRoot is a context of a call by the account's root user.
func (f *fixture) asRoot() context.Context {
	c := &callctx.Caller{Kind: callctx.KindRoot, AccountID: f.account, ARN: arn.Root(f.account), UniqueID: f.account}
	return callctx.With(context.Background(), &callctx.Call{Caller: c, Service: "iam", Region: "us-east-1"})
}

// user creates a user with a console password and the managed policies given.
func (f *fixture) user(name, password string, reset bool, policies ...string) {
	f.t.Helper()
	ctx := f.asRoot()
	if _, err := f.iam.CreateUser(ctx, &iamwire.CreateUserInput{UserName: name}); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.iam.CreateLoginProfile(ctx, &iamwire.CreateLoginProfileInput{UserName: &name, Password: &password,
		PasswordResetRequired: &reset}); err != nil {
		f.t.Fatal(err)
	}
	for _, p := range policies {
		if _, err := f.iam.AttachUserPolicy(ctx, &iamwire.AttachUserPolicyInput{UserName: name, PolicyArn: p}); err != nil {
			f.t.Fatal(err)
		}
	}
}

// enableTOTP gives the user a virtual MFA device and returns its seed.
func (f *fixture) enableTOTP(user string) []byte {
	f.t.Helper()
	ctx := f.asRoot()
	out, err := f.iam.CreateVirtualMFADevice(ctx, &iamwire.CreateVirtualMFADeviceInput{VirtualMFADeviceName: user})
	if err != nil {
		f.t.Fatal(err)
	}
	seed, err := totp.DecodeSeed(string(out.VirtualMFADevice.Base32StringSeed))
	if err != nil {
		f.t.Fatal(err)
	}
	// Two consecutive codes, two and one steps ago, so the next sign-in's current code is new.
	now := f.clock.Now()
	c1, c2 := totp.Code(seed, now.Add(-2*totp.Period)), totp.Code(seed, now.Add(-totp.Period))
	_, err = f.iam.EnableMFADevice(ctx, &iamwire.EnableMFADeviceInput{UserName: user,
		SerialNumber: out.VirtualMFADevice.SerialNumber, AuthenticationCode1: c1, AuthenticationCode2: c2})
	if err != nil {
		f.t.Fatal(err)
	}
	return seed
}

// browser is an HTTP client with a cookie jar, as a browser keeps the console's cookie.
type browser struct {
	t      testing.TB
	f      *fixture
	client *http.Client
	// page is the body of the last page fetched.
	page string
	code int
}

func (f *fixture) browser() *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		f.t.Fatal(err)
	}
	return &browser{t: f.t, f: f, client: &http.Client{Jar: jar}}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf is the token of the last page's forms.
func (b *browser) csrf() string {
	m := csrfField.FindStringSubmatch(b.page)
	if m == nil {
		b.t.Fatalf("no CSRF token on the page:\n%s", b.page)
	}
	return m[1]
}

func (b *browser) get(path string) *browser {
	b.t.Helper()
	resp, err := b.client.Get(b.f.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	b.read(resp)
	return b
}

// post submits a form with the last page's CSRF token.
func (b *browser) post(path string, form url.Values) *browser {
	b.t.Helper()
	form.Set("csrf", b.csrf())
	return b.postRaw(path, form)
}

func (b *browser) postRaw(path string, form url.Values) *browser {
	b.t.Helper()
	resp, err := b.client.PostForm(b.f.URL+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	b.read(resp)
	return b
}

func (b *browser) read(resp *http.Response) {
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		b.t.Fatal(err)
	}
	b.page, b.code = string(body), resp.StatusCode
}

// want checks the last answer's status and that its page says every one of texts.
func (b *browser) want(code int, texts ...string) {
	b.t.Helper()
	if b.code != code {
		b.t.Fatalf("status %d, want %d; page:\n%s\nlogs:\n%s", b.code, code, b.page, b.f.logs)
	}
	for _, s := range texts {
		if !strings.Contains(b.page, s) {
			b.t.Fatalf("the page does not say %q:\n%s", s, b.page)
		}
	}
}

// signIn signs in through the sign-in page.
func (b *browser) signIn(account, user, password string) *browser {
	b.t.Helper()
	b.get("/console/signin")
	return b.post("/console/signin", url.Values{"account": {account}, "username": {user}, "password": {password}})
}
