package authn_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/authn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
)

func TestMayCallService(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		caller callctx.Caller
		iam    bool
	}{
		{"long-term key", callctx.Caller{Kind: callctx.KindUser}, true},
		{"role session", callctx.Caller{Kind: callctx.KindRoleSession, Temporary: true, Issuer: callctx.IssuerAssumeRole}, true},
		{"session token without MFA", callctx.Caller{Kind: callctx.KindUser, Temporary: true, Issuer: callctx.IssuerSessionToken}, false},
		{"session token with MFA", callctx.Caller{Kind: callctx.KindUser, Temporary: true, Issuer: callctx.IssuerSessionToken, MFA: true}, true},
		{"federation token", callctx.Caller{Kind: callctx.KindFederatedUser, Temporary: true, Issuer: callctx.IssuerFederationToken, MFA: true}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := authn.MayCallService(&tc.caller, "iam"); got != tc.iam {
				t.Errorf("MayCallService(iam) = %v, want %v", got, tc.iam)
			}
			if !authn.MayCallService(&tc.caller, "sts") {
				t.Error("MayCallService(sts) = false")
			}
		})
	}
}

// TestAccountChange: a change of an account (closed, removed) drops its keys from the cache,
// and no other account's: the next lookup of its key reads the store again.
func TestAccountChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	k, err := keyring.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	secrets, err := keyring.New(nil, k)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{"111111111111": "AKIAAAAAAAAAAAAAAAA1", "222222222222": "AKIAAAAAAAAAAAAAAAA2"}
	err = st.Update(ctx, func(tx store.Tx) error {
		for acct, id := range keys {
			sealed, err := secrets.Seal([]byte(strings.Repeat("s", 40)), []byte(id))
			if err != nil {
				return err
			}
			if err := tx.Accounts().Create(ctx, store.Account{ID: acct, Created: time.Now()}); err != nil {
				return err
			}
			if err := tx.AccessKeys().Create(ctx, store.AccessKey{ID: id, AccountID: acct, Status: store.StatusActive,
				SealedSecret: sealed, Created: time.Now()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	a := authn.New(st, authn.Options{Secrets: secrets})
	lookup := func(acct string) (*callctx.Caller, error) {
		_, c, err := a.Lookup(ctx, keys[acct])
		return c, err
	}
	for acct := range keys {
		if c, err := lookup(acct); err != nil || c.AccountID != acct || c.Kind != callctx.KindRoot {
			t.Fatalf("root key of %s: %+v, %v", acct, c, err)
		}
	}
	// Both keys deleted behind the cache's back: only a key read again sees it.
	err = st.Update(ctx, func(tx store.Tx) error {
		for _, id := range keys {
			if err := tx.AccessKeys().Delete(ctx, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	a.Invalidate([]store.Change{{AccountID: "111111111111", Kind: store.KindAccount, Key: "111111111111"}})
	if c, err := lookup("222222222222"); err != nil || c.AccountID != "222222222222" {
		t.Fatalf("another account's key after the change: %+v, %v; want it still cached", c, err)
	}
	if _, err := lookup("111111111111"); !errors.Is(err, authn.ErrUnknownKey) {
		t.Fatalf("the changed account's key: %v, want it read again (and found gone: ErrUnknownKey)", err)
	}
}
