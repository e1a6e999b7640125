package api

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam"
	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/sessiontoken"
	"github.com/gatehouse-iam/gatehouse/sigv4"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
	"github.com/gatehouse-iam/gatehouse/sts"
)

// sessionHandler is a handler whose authorizer can issue and open session tokens, with an
// account's root key and the credentials of a session of one of its roles.
func sessionHandler(b *testing.B) (*Handler, sigv4.Credentials, sigv4.Credentials) {
	b.Helper()
	ctx := context.Background()
	st, err := sqlite.OpenMemory(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	k1, _ := keyring.GenerateKey(nil)
	k2, _ := keyring.GenerateKey(nil)
	secrets, _ := keyring.New(nil, k1)
	sessions, _ := keyring.New(nil, k2)
	n := node.New(st, node.Options{Secrets: secrets, Sessions: sessions})
	svc := iam.New(iam.Config{Node: n, Secrets: secrets})
	acct, root, err := svc.CreateAccount(ctx, "", nil)
	if err != nil {
		b.Fatal(err)
	}
	roleID, err := arn.NewUniqueID(rand.Reader, arn.PrefixRole)
	if err != nil {
		b.Fatal(err)
	}
	roleARN := "arn:aws:iam::" + acct.ID + ":role/bench"
	err = n.Store.Update(ctx, func(tx store.Tx) error {
		return tx.Roles().Create(ctx, store.Role{AccountID: acct.ID, ID: roleID, Name: "bench", Path: "/", ARN: roleARN,
			TrustPolicy: `{"Version":"2012-10-17","Statement":[]}`, MaxSessionDuration: 3600, Created: time.Now()})
	})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	claims := &sessiontoken.Claims{Kind: sessiontoken.RoleSession, AccessKeyID: "ASIAQBENCHBENCHBENCH", Secret: strings.Repeat("b", 40),
		Issued: now, Expires: now.Add(time.Hour), AccountID: acct.ID, ARN: "arn:aws:sts::" + acct.ID + ":assumed-role/bench/s",
		UniqueID: roleID + ":s", RoleID: roleID, RoleARN: roleARN, SessionName: "s"}
	token, err := n.Authn.SealSession(claims)
	if err != nil {
		b.Fatal(err)
	}
	h := New(Config{Node: n, IAM: svc.Handlers, STS: sts.New(n).Handlers, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return h, sigv4.Credentials{AccessKeyID: root.AccessKeyID, SecretAccessKey: root.SecretAccessKey},
		sigv4.Credentials{AccessKeyID: claims.AccessKeyID, SecretAccessKey: claims.Secret, SessionToken: token}
}

// benchmarkVerify serves a signed GetCallerIdentity again and again: the server's cost of
// authenticating (and routing, authorizing, answering) one request with creds.
func benchmarkVerify(b *testing.B, h *Handler, creds sigv4.Credentials) {
	body := []byte("Action=GetCallerIdentity&Version=2011-06-15")
	signed := httptest.NewRequest(http.MethodPost, "http://gatehouse.test/", bytes.NewReader(body))
	signed.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := sigv4.Sign(signed, body, creds, "us-east-1", "sts", time.Now()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		req := signed.Clone(signed.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
}

// BenchmarkVerifyLongTerm: a request signed with a long-term key (found in the authorizer's
// key cache).
func BenchmarkVerifyLongTerm(b *testing.B) {
	h, longTerm, _ := sessionHandler(b)
	benchmarkVerify(b, h, longTerm)
}

// BenchmarkVerifySession: the same request signed with role session credentials; the token
// is opened on the first request and its caller cached by access key ID after that.
func BenchmarkVerifySession(b *testing.B) {
	h, _, session := sessionHandler(b)
	benchmarkVerify(b, h, session)
}
