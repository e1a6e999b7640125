package console_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/audit"
	"github.com/gatehouse-iam/gatehouse/console"
	"github.com/gatehouse-iam/gatehouse/iam"
	"github.com/gatehouse-iam/gatehouse/internal/pgtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/store/postgres"
)

// pgFixtures starts two Gatehouse nodes, each with its console, on one new PostgreSQL database
// of the test server (GATEHOUSE_TEST_DATABASE_URL), with the same keys (as the nodes of one
// deployment have), and one account made through the first.
func pgFixtures(t *testing.T) (a, b *fixture) {
	u := pgtest.Database(t)
	secrets, sessionKeys := newKeyring(t), newKeyring(t)
	clk := stacktest.NewClock(time.Now())
	logs := &syncBuffer{}
	var fs [2]*fixture
	for i := range fs {
		fs[i] = pgFixture(t, u, secrets, sessionKeys, clk, logs)
	}
	acct, _, err := fs[0].iam.CreateAccount(context.Background(), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	fs[0].account, fs[1].account = acct.ID, acct.ID
	return fs[0], fs[1]
}

// pgFixture is one node with its console over the database at u.
func pgFixture(t *testing.T, u string, secrets, sessionKeys *keyring.Keyring, clk *stacktest.Clock, logs *syncBuffer) *fixture {
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	st, err := postgres.Open(ctx, u, log)
	if err != nil {
		t.Fatal(err)
	}
	n := node.New(st, node.Options{Secrets: secrets, Sessions: sessionKeys, Now: clk.Now, Logger: log,
		Audit: &audit.Options{}})
	svc := iam.New(iam.Config{Node: n, Secrets: secrets, Now: clk.Now})
	c := console.New(console.Config{IAM: svc, Node: n, Secrets: secrets, Logger: log})
	srv := httptest.NewServer(c)
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { n.Run(runCtx); close(done) }()
	t.Cleanup(func() { srv.Close(); stop(); <-done; st.Close() })
	return &fixture{t: t, URL: srv.URL, handler: c, iam: svc, node: n, clock: clk, logs: logs}
}

// onNode is the browser pointed at another node: the same cookie (what a load balancer in
// front of both gives the browser), that node's address.
func (b *browser) onNode(f *fixture) *browser {
	b.t.Helper()
	from, _ := url.Parse(b.f.URL + "/console/")
	to, _ := url.Parse(f.URL + "/console/")
	jar, err := cookiejar.New(nil)
	if err != nil {
		b.t.Fatal(err)
	}
	jar.SetCookies(to, b.client.Jar.Cookies(from))
	return &browser{t: b.t, f: f, client: &http.Client{Jar: jar}}
}

// TestSessionsAcrossNodes: on PostgreSQL, a session signed in through node A works through node
// B (a form A rendered submitted to B included) and ends on both when it signs out through B; a sign-in that got its password right on A
// gives its MFA code on B; a lockout begun through A refuses the right password on B.
func TestSessionsAcrossNodes(t *testing.T) {
	a, b := pgFixtures(t)
	a.user("alice", goodPassword, false, fullAccess)
	ba := a.browser().signIn(a.account, "alice", goodPassword)
	ba.want(http.StatusOK, "user/alice")
	ba.get("/console/users")
	bb := ba.onNode(b)
	// A form rendered by A is accepted by B (the nodes share the CSRF key).
	bb.page = ba.page
	bb.post("/console/users", url.Values{"UserName": {"made-on-b"}}).want(http.StatusOK, ":user/made-on-b")
	bb.get("/console/users").want(http.StatusOK, "user/alice", "Sign out")
	bb.post("/console/signout", url.Values{})
	ba.get("/console/users").want(http.StatusOK, `name="password"`) // signed out on A too

	a.user("mallory", goodPassword, false)
	seed := a.enableTOTP("mallory")
	pa := a.browser().signIn(a.account, "mallory", goodPassword)
	pa.want(http.StatusOK, `name="mfaCode"`)
	pb := pa.onNode(b)
	pb.get("/console/signin/mfa")
	pb.post("/console/signin/mfa", url.Values{"mfaCode": {totpCode(seed, a.clock.Now())}})
	pb.want(http.StatusOK, "user/mallory", "used at sign-in")

	a.user("victim", goodPassword, false)
	for i := range console.LockoutThreshold {
		on := a
		if i%2 == 1 {
			on = b
		}
		on.browser().signIn(a.account, "victim", otherPassword).want(http.StatusUnauthorized, "incorrect")
	}
	b.browser().signIn(a.account, "victim", goodPassword).want(http.StatusTooManyRequests, "Too many failed sign-in attempts")
	a.clock.Advance(console.LockoutBase)
	b.browser().signIn(a.account, "victim", goodPassword).want(http.StatusOK, "user/victim")
}
