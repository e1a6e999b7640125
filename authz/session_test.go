package authz_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/sessiontoken"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
)

func sessionKeyring(t *testing.T, keys ...keyring.Key) *keyring.Keyring {
	t.Helper()
	k, err := keyring.New(nil, keys[0], keys[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func sessionKey(id string, fill byte) keyring.Key {
	return keyring.Key{ID: id, Secret: bytes.Repeat([]byte{fill}, keyring.KeySize)}
}

// userSession is the claims of a GetSessionToken session of the world's user alice.
func (w *world) userSession(issued time.Time) *sessiontoken.Claims {
	return &sessiontoken.Claims{Kind: sessiontoken.UserSession, AccessKeyID: "ASIAQAAAAAAAAAAAAAAA", Secret: strings.Repeat("t", 40),
		Issued: issued, Expires: issued.Add(time.Hour), AccountID: account, ARN: "arn:aws:iam::" + account + ":user/alice",
		UniqueID: w.userID, UserID: w.userID, UserName: "alice", MFA: true, MFATime: issued}
}

// TestSessionTokenRotation: another authorizer (another node) opens a session token without
// a database read of it, and after the sealing key is rotated live sessions keep working.
func TestSessionTokenRotation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := seed(t, st, newSecrets(t))
	now := time.Now().UTC().Truncate(time.Second)
	clock := func() time.Time { return now }
	old := sessionKeyring(t, sessionKey("old", 1))
	issuer := authz.New(st, authz.Options{Secrets: w.secrets, Sessions: old, Now: clock})
	claims := w.userSession(now)
	token, err := issuer.SealSession(claims)
	if err != nil {
		t.Fatal(err)
	}
	rotated := authz.New(st, authz.Options{Secrets: w.secrets, Sessions: sessionKeyring(t, sessionKey("new", 2), sessionKey("old", 1)), Now: clock})
	dropped := authz.New(st, authz.Options{Secrets: w.secrets, Sessions: sessionKeyring(t, sessionKey("new", 2)), Now: clock})
	secret, c, err := rotated.LookupSession(ctx, claims.AccessKeyID, token)
	if err != nil {
		t.Fatalf("after rotation: %v", err)
	}
	want := authz.Caller{Kind: authz.KindUser, AccountID: account, ARN: claims.ARN, UniqueID: w.userID, UserID: w.userID,
		UserName: "alice", AccessKeyID: claims.AccessKeyID, TokenIssued: now, MFA: true, MFATime: now, Temporary: true,
		Issuer: authz.IssuerSessionToken, Expires: now.Add(time.Hour)}
	if diff := cmp.Diff(want, *c, cmpopts.IgnoreUnexported(authz.Caller{})); diff != "" || string(secret) != claims.Secret {
		t.Errorf("LookupSession (-want +got):\n%s", diff)
	}
	if _, _, err := dropped.LookupSession(ctx, claims.AccessKeyID, token); !errors.Is(err, authz.ErrUnknownKey) {
		t.Errorf("with the old key removed: %v, want ErrUnknownKey", err)
	}
	if _, _, err := rotated.LookupSession(ctx, "ASIAQBBBBBBBBBBBBBBB", token); !errors.Is(err, authz.ErrUnknownKey) {
		t.Errorf("with another key ID: %v, want ErrUnknownKey", err)
	}
	later := authz.New(st, authz.Options{Secrets: w.secrets, Sessions: old, Now: func() time.Time { return now.Add(time.Hour) }})
	if _, _, err := later.LookupSession(ctx, claims.AccessKeyID, token); !errors.Is(err, authz.ErrExpiredToken) {
		t.Errorf("at expiry: %v, want ErrExpiredToken", err)
	}
}

// TestSessionContextKeys: the keys AWS derives from temporary credentials
// (evaluation-semantics.md §2.3) reach the policies.
func TestSessionContextKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	doc := `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"iam:GetUser","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"NumericLessThan":{"aws:MultiFactorAuthAge":"60"}}},
		{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*","Condition":{"DateGreaterThan":{"aws:TokenIssueTime":"2020-01-01T00:00:00Z"}}}
	]}`
	st, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := seed(t, st, newSecrets(t), doc)
	issued := time.Now().UTC().Truncate(time.Second)
	now := issued
	az := authz.New(st, authz.Options{Secrets: w.secrets, Sessions: sessionKeyring(t, sessionKey("k", 1)), Now: func() time.Time { return now }})
	claims := w.userSession(issued)
	token, err := az.SealSession(claims)
	if err != nil {
		t.Fatal(err)
	}
	check := func(action string) error {
		_, c, err := az.LookupSession(ctx, claims.AccessKeyID, token)
		if err != nil {
			t.Fatal(err)
		}
		return az.Authorize(ctx, &authz.Call{Caller: c}, authz.Request{Action: action, Resource: "*"})
	}
	if err := check("iam:GetUser"); err != nil {
		t.Errorf("fresh MFA: %v", err)
	}
	if err := check("iam:ListUsers"); err != nil {
		t.Errorf("aws:TokenIssueTime: %v", err)
	}
	now = issued.Add(2 * time.Minute)
	if err := check("iam:GetUser"); err == nil {
		t.Error("MFA two minutes old passed NumericLessThan 60")
	}
	// The long-term key carries no MFA key at all.
	if err := az.Authorize(ctx, w.call(t), authz.Request{Action: "iam:GetUser", Resource: "*"}); err == nil {
		t.Error("a long-term key passed an MFA condition")
	}
}

func TestMayCallService(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		caller authz.Caller
		iam    bool
	}{
		{"long-term key", authz.Caller{Kind: authz.KindUser}, true},
		{"role session", authz.Caller{Kind: authz.KindRoleSession, Temporary: true, Issuer: authz.IssuerAssumeRole}, true},
		{"session token without MFA", authz.Caller{Kind: authz.KindUser, Temporary: true, Issuer: authz.IssuerSessionToken}, false},
		{"session token with MFA", authz.Caller{Kind: authz.KindUser, Temporary: true, Issuer: authz.IssuerSessionToken, MFA: true}, true},
		{"federation token", authz.Caller{Kind: authz.KindFederatedUser, Temporary: true, Issuer: authz.IssuerFederationToken, MFA: true}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.caller.MayCallService("iam"); got != tc.iam {
				t.Errorf("MayCallService(iam) = %v, want %v", got, tc.iam)
			}
			if !tc.caller.MayCallService("sts") {
				t.Error("MayCallService(sts) = false")
			}
		})
	}
}
