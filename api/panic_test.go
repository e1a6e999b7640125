package api

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/iam"
	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/sigv4"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
	"github.com/gatehouse-iam/gatehouse/sts"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// panicking is IAM with only ListUsers, which panics.
var panicking = &iamwire.Handlers{ListUsers: func(context.Context, *iamwire.ListUsersInput) (*iamwire.ListUsersOutput, error) {
	panic("boom: the cause, for the log only")
}}

// TestPanicIsInternalFailure: a panicking operation answers InternalFailure without its cause,
// logs the cause, and leaves the server serving.
// testHandler is a handler over an in-memory store with one account, and that account's root key.
func testHandler(t testing.TB, iamHandler *iamwire.Handlers, log *slog.Logger) (*Handler, string, iam.RootKey) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	k, _ := keyring.GenerateKey(nil)
	secrets, _ := keyring.New(nil, k)
	n := node.New(st, node.Options{Secrets: secrets})
	svc := iam.New(iam.Config{Node: n, Secrets: secrets})
	acct, root, err := svc.CreateAccount(ctx, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if iamHandler == nil {
		iamHandler = svc.Handlers
	}
	return New(Config{Node: n, IAM: iamHandler, STS: sts.New(n).Handlers, Logger: log}), acct.ID, root
}

func TestPanicIsInternalFailure(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	h, acct, root := testHandler(t, panicking, slog.New(slog.NewTextHandler(&logs, nil)))

	send := func(action, service string) *httptest.ResponseRecorder {
		body := []byte(url.Values{"Action": {action}}.Encode())
		req := httptest.NewRequest(http.MethodPost, "http://gatehouse.test/", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := sigv4.Sign(req, body, sigv4.Credentials{AccessKeyID: root.AccessKeyID, SecretAccessKey: root.SecretAccessKey},
			"us-east-1", service, time.Now()); err != nil {
			t.Fatal(err)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	w := send("ListUsers", "iam")
	if w.Code != http.StatusInternalServerError || !strings.Contains(w.Body.String(), "<Code>InternalFailure</Code>") {
		t.Errorf("panicking operation: %d %s", w.Code, w.Body)
	}
	if strings.Contains(w.Body.String(), "boom") {
		t.Errorf("the panic's cause reached the client: %s", w.Body)
	}
	if !strings.Contains(logs.String(), "boom: the cause") {
		t.Errorf("the panic's cause is not logged:\n%s", logs.String())
	}
	if w := send("GetCallerIdentity", "sts"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), acct) {
		t.Errorf("after a panic: %d %s", w.Code, w.Body)
	}
}
