package authz_test

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
)

const account = "111122223333"

// world is a store seeded with an account, a user with an access key, and an authorizer.
type world struct {
	store   store.Store
	node    *node.Node
	authz   *authz.Authorizer
	secrets *keyring.Keyring
	userID  string
	keyID   string
	secret  string
}

func newSecrets(t *testing.T) *keyring.Keyring {
	t.Helper()
	k, err := keyring.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	kr, err := keyring.New(nil, k)
	if err != nil {
		t.Fatal(err)
	}
	return kr
}

func newID(t *testing.T, prefix string) string {
	t.Helper()
	id, err := arn.NewUniqueID(rand.Reader, prefix)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// seed creates the account, user alice (with the inline policies given) and her key.
func seed(t *testing.T, st store.Store, secrets *keyring.Keyring, policies ...string) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{store: st, secrets: secrets, userID: newID(t, arn.PrefixUser), secret: strings.Repeat("s", 40)}
	var err error
	if w.keyID, err = arn.NewAccessKeyID(rand.Reader, false); err != nil {
		t.Fatal(err)
	}
	sealed, err := secrets.Seal([]byte(w.secret), []byte(w.keyID))
	if err != nil {
		t.Fatal(err)
	}
	err = st.Update(ctx, func(tx store.Tx) error {
		if err := tx.Accounts().Create(ctx, store.Account{ID: account, Created: time.Now()}); err != nil {
			return err
		}
		if err := tx.Users().Create(ctx, store.User{AccountID: account, ID: w.userID, Name: "alice", Path: "/",
			ARN: "arn:aws:iam::" + account + ":user/alice", Created: time.Now()}); err != nil {
			return err
		}
		for i, doc := range policies {
			p := store.Principal{Kind: store.PrincipalUser, ID: w.userID}
			if err := tx.InlinePolicies().Put(ctx, p, store.InlinePolicy{Name: string(rune('a' + i)), Document: doc}); err != nil {
				return err
			}
		}
		return tx.AccessKeys().Create(ctx, store.AccessKey{ID: w.keyID, AccountID: account, UserID: w.userID,
			Status: store.StatusActive, SealedSecret: sealed, Created: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	w.node = node.New(st, node.Options{Secrets: secrets})
	w.authz = w.node.Authz
	return w
}

func memoryWorld(t *testing.T, policies ...string) *world {
	t.Helper()
	st, err := sqlite.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return seed(t, st, newSecrets(t), policies...)
}

func (w *world) call(t *testing.T) *callctx.Call {
	t.Helper()
	_, c, err := w.node.Authn.Lookup(context.Background(), w.keyID)
	if err != nil {
		t.Fatal(err)
	}
	return &callctx.Call{Caller: c, Region: "us-east-1", SourceIP: "192.0.2.10"}
}

func allow(actions string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"` + actions + `","Resource":"*"}]}`
}

func TestContextKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// Each statement needs one context key to hold.
	doc := `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"iam:GetUser","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}},
		{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*","Condition":{"StringEquals":{"aws:username":"alice","aws:PrincipalType":"User"}}},
		{"Effect":"Allow","Action":"iam:TagUser","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]},"StringEquals":{"aws:RequestTag/team":"blue"}}},
		{"Effect":"Allow","Action":"iam:DeleteUser","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}},
		{"Effect":"Allow","Action":"iam:UpdateUser","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"},"StringEquals":{"aws:RequestedRegion":"us-east-1"}}}
	]}`
	w := memoryWorld(t, doc)
	call := w.call(t)
	tests := []struct {
		name   string
		call   func() *callctx.Call
		req    authz.Request
		denied bool
	}{
		{"source IP in range", func() *callctx.Call { return call }, authz.Request{Action: "iam:GetUser"}, false},
		{"source IP out of range", func() *callctx.Call { c := *call; c.SourceIP = "198.51.100.1"; return &c },
			authz.Request{Action: "iam:GetUser"}, true},
		{"principal keys", func() *callctx.Call { return call }, authz.Request{Action: "iam:ListUsers"}, false},
		{"request tags", func() *callctx.Call { return call }, authz.Request{Action: "iam:TagUser",
			Keys: []authz.Key{authz.StringKey("aws:RequestTag/team", "blue"), authz.ListKey("aws:TagKeys", []string{"team"})}}, false},
		{"request tags, other value", func() *callctx.Call { return call }, authz.Request{Action: "iam:TagUser",
			Keys: []authz.Key{authz.StringKey("aws:RequestTag/team", "red"), authz.ListKey("aws:TagKeys", []string{"team"})}}, true},
		{"insecure transport", func() *callctx.Call { return call }, authz.Request{Action: "iam:DeleteUser"}, true},
		{"secure transport", func() *callctx.Call { c := *call; c.Secure = true; return &c }, authz.Request{Action: "iam:DeleteUser"}, false},
		{"time and region", func() *callctx.Call { return call }, authz.Request{Action: "iam:UpdateUser"}, false},
		{"other region", func() *callctx.Call { c := *call; c.Region = "eu-west-1"; return &c }, authz.Request{Action: "iam:UpdateUser"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := w.authz.Authorize(ctx, tc.call(), tc.req)
			if got := err != nil; got != tc.denied {
				t.Errorf("denied = %v (%v), want %v", got, err, tc.denied)
			}
		})
	}
}

func TestRootAndRoleSessions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := memoryWorld(t)
	root := &callctx.Call{Caller: &callctx.Caller{Kind: callctx.KindRoot, AccountID: account, ARN: arn.Root(account), UniqueID: account}}
	if err := w.authz.Authorize(ctx, root, authz.Request{Action: "iam:CreateUser", Resource: "arn:aws:iam::" + account + ":user/x"}); err != nil {
		t.Errorf("root in its own account: %v", err)
	}

	roleID := newID(t, arn.PrefixRole)
	roleARN := "arn:aws:iam::" + account + ":role/deployer"
	err := w.store.Update(ctx, func(tx store.Tx) error {
		if err := tx.Roles().Create(ctx, store.Role{AccountID: account, ID: roleID, Name: "deployer", Path: "/", ARN: roleARN,
			TrustPolicy: `{"Version":"2012-10-17","Statement":[]}`, MaxSessionDuration: 3600, Created: time.Now()}); err != nil {
			return err
		}
		return tx.InlinePolicies().Put(ctx, store.Principal{Kind: store.PrincipalRole, ID: roleID},
			store.InlinePolicy{Name: "p", Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*",
				"Condition":{"StringEquals":{"aws:PrincipalTag/env":"prod"}}}]}`})
	})
	if err != nil {
		t.Fatal(err)
	}
	sessionPolicy := allow("iam:List*")
	session := func(tags map[string]string, sessionPolicy string) *callctx.Call {
		return &callctx.Call{Caller: &callctx.Caller{Kind: callctx.KindRoleSession, AccountID: account,
			ARN: "arn:aws:sts::" + account + ":assumed-role/deployer/s1", UniqueID: roleID + ":s1", RoleARN: roleARN,
			RoleID: roleID, SessionName: "s1", SessionTags: tags, SessionPolicy: sessionPolicy, TokenIssued: time.Now()}}
	}
	prod := map[string]string{"env": "prod"}
	tests := []struct {
		name    string
		call    *callctx.Call
		action  string
		message string // "" when allowed
	}{
		{"role policy", session(prod, ""), "iam:CreateUser", ""},
		{"session tag missing", session(nil, ""), "iam:CreateUser", "because no identity-based policy allows the iam:CreateUser action"},
		{"session policy allows", session(prod, sessionPolicy), "iam:ListUsers", ""},
		{"session policy caps", session(prod, sessionPolicy), "iam:CreateUser", "because no session policy allows the iam:CreateUser action"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := w.authz.Authorize(ctx, tc.call, authz.Request{Action: tc.action, Resource: "*"})
			if tc.message == "" {
				if err != nil {
					t.Errorf("denied: %v", err)
				}
				return
			}
			want := "User: " + tc.call.Caller.ARN + " is not authorized to perform: " + tc.action + " on resource: * " + tc.message
			var e *awserr.Error
			if !errors.As(err, &e) || e.Code != "AccessDenied" || e.Message != want {
				t.Errorf("got %v\nwant AccessDenied: %s", err, want)
			}
		})
	}
}
