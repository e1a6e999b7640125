package main

import (
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/iam/credentials"
)

// TestSetRootPassword: `gatehouse accounts set-root-password` reads the password from standard
// input, checks AWS's rules for root passwords, sets the account's email address, and the root
// user then signs in with either the email address or the account ID.
func TestSetRootPassword(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	code, out, stderr := runCmd("", "accounts", "create", "--data-dir", dir)
	m := regexp.MustCompile(`account (\d{12})`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("accounts create: exit %d\n%s%s", code, out, stderr)
	}
	account := m[1]
	const pw = "Root-Passw0rd-For-Tests"
	for _, tc := range []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"no password", "", nil, "no password on standard input"},
		{"a weak password", "password\n", nil, "at least three of"},
		{"a bad account", pw + "\n", []string{"--account", "12"}, "want 12 digits"},
		{"no such account", pw + "\n", []string{"--account", "000000000000"}, "no such account"},
	} {
		args := append([]string{"accounts", "set-root-password", "--data-dir", dir}, tc.args...)
		if code, _, stderr := runCmd(tc.stdin, args...); code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want a failure saying %q", tc.name, code, stderr, tc.want)
		}
	}
	code, out, stderr = runCmd(pw+"\r\n", "accounts", "set-root-password", "--data-dir", dir, "--email", "ops@example.com")
	if code != 0 || !strings.Contains(out, account) || strings.Contains(out+stderr, pw) {
		t.Fatalf("set-root-password: exit %d, stdout %q, stderr %q", code, out, stderr)
	}

	ctx := context.Background()
	s, err := openStack(ctx, dir, false, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.store.Close()
	for _, who := range []string{"ops@example.com", account} {
		in, err := s.iam.SignInRoot(ctx, who, pw)
		if err != nil || in.Account.ID != account {
			t.Errorf("SignInRoot(%s) = %+v, %v; want account %s", who, in, err, account)
		}
	}
	if _, err := s.iam.SignInRoot(ctx, account, pw+"\r"); !errors.Is(err, credentials.ErrSignInFailed) {
		t.Errorf("SignInRoot with the line ending = %v, want ErrSignInFailed", err)
	}
}
