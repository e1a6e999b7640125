package authz_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/node"
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
	n := node.New(st, node.Options{Secrets: w.secrets, Sessions: sessionKeyring(t, sessionKey("k", 1)), Now: func() time.Time { return now }})
	az := n.Authz
	claims := w.userSession(issued)
	token, err := n.Authn.SealSession(claims)
	if err != nil {
		t.Fatal(err)
	}
	check := func(action string) error {
		_, c, err := n.Authn.LookupSession(ctx, claims.AccessKeyID, token)
		if err != nil {
			t.Fatal(err)
		}
		return az.Authorize(ctx, &callctx.Call{Caller: c}, authz.Request{Action: action, Resource: "*"})
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
