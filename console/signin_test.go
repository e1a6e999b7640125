package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/console"
	"github.com/gatehouse-iam/gatehouse/totp"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

const (
	goodPassword  = "Corr3ct-horse-battery"
	otherPassword = "Wr0ng-horse-battery"
	fullAccess    = "arn:aws:iam::aws:policy/IAMFullAccess"
	readOnly      = "arn:aws:iam::aws:policy/IAMReadOnlyAccess"
)

func TestSignInAndOut(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("alice", goodPassword, false, readOnly)
	b := f.browser()
	b.get("/console/")
	b.want(http.StatusOK, `name="account"`, `name="username"`, `name="password"`)

	b.signIn(f.account, "alice", otherPassword)
	b.want(http.StatusUnauthorized, "Your authentication information is incorrect.")
	if strings.Contains(b.page, otherPassword) {
		t.Error("the page shows the password back")
	}
	b.signIn(f.account, "nobody", goodPassword)
	b.want(http.StatusUnauthorized, "Your authentication information is incorrect.")

	b.signIn(f.account, "alice", goodPassword)
	b.want(http.StatusOK, "arn:aws:iam::"+f.account+":user/alice", "Users")
	// IAMReadOnlyAccess reads the summary; the console called GetAccountSummary as alice.
	if !strings.Contains(b.page, "Users") || strings.Contains(b.page, "AccessDenied") {
		t.Errorf("home page:\n%s", b.page)
	}
	b.post("/console/signout", url.Values{})
	b.want(http.StatusOK, `name="password"`)
	b.get("/console/users")
	b.want(http.StatusOK, `name="password"`) // sent back to sign in
}

func TestSignInWithAlias(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("alice", goodPassword, false)
	if _, err := f.iam.CreateAccountAlias(f.asRoot(), &iamwire.CreateAccountAliasInput{AccountAlias: "acme-console"}); err != nil {
		t.Fatal(err)
	}
	b := f.browser().signIn("acme-console", "alice", goodPassword)
	b.want(http.StatusOK, "arn:aws:iam::"+f.account+":user/alice")
	// Without any permission the home page says what was refused, as the API does.
	b.want(http.StatusOK, "AccessDenied")
}

func TestCookieAndHeaders(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	resp, err := http.Get(f.URL + "/console/signin")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("Content-Security-Policy %q allows inline code", csp)
	}
	cs := resp.Cookies()
	if len(cs) != 1 || !cs[0].HttpOnly || cs[0].SameSite != http.SameSiteStrictMode || cs[0].Path != "/console" {
		t.Errorf("cookies %+v, want one HttpOnly SameSite=Strict cookie for /console", cs)
	}
}

func TestCSRFRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("alice", goodPassword, false, fullAccess)
	b := f.browser()
	b.get("/console/signin")
	form := url.Values{"account": {f.account}, "username": {"alice"}, "password": {goodPassword}}
	b.postRaw("/console/signin", form)
	b.want(http.StatusForbidden, "did not come from this console")
	form.Set("csrf", "forged")
	b.postRaw("/console/signin", form)
	b.want(http.StatusForbidden)

	b.signIn(f.account, "alice", goodPassword).want(http.StatusOK, "user/alice")
	token := b.csrf()
	b.postRaw("/console/users", url.Values{"UserName": {"mallory"}})
	b.want(http.StatusForbidden)
	// A cross-site request is refused even with a token.
	req, _ := http.NewRequest("POST", f.URL+"/console/users", strings.NewReader(url.Values{"UserName": {"mallory"},
		"csrf": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: status %d, want 403", resp.StatusCode)
	}
	if _, err := f.iam.GetUser(f.asRoot(), &iamwire.GetUserInput{UserName: ptr("mallory")}); err == nil {
		t.Error("a refused request created a user")
	}
}

func TestLockout(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("alice", goodPassword, false)
	b := f.browser()
	for i := 0; i < console.LockoutThreshold; i++ {
		b.signIn(f.account, "alice", otherPassword)
		b.want(http.StatusUnauthorized)
	}
	b.signIn(f.account, "alice", goodPassword)
	b.want(http.StatusTooManyRequests, "Too many failed sign-in attempts")
	if !strings.Contains(f.logs.String(), "sign-in locked out") {
		t.Errorf("the lockout was not recorded; logs:\n%s", f.logs)
	}
	if strings.Contains(f.logs.String(), goodPassword) || strings.Contains(f.logs.String(), otherPassword) {
		t.Error("a password reached the logs")
	}
	f.clock.Advance(console.LockoutBase + time.Second)
	// One more failure after the delay doubles it.
	b.signIn(f.account, "alice", otherPassword).want(http.StatusUnauthorized)
	f.clock.Advance(console.LockoutBase + time.Second)
	b.signIn(f.account, "alice", goodPassword).want(http.StatusTooManyRequests)
	f.clock.Advance(console.LockoutBase)
	b.signIn(f.account, "alice", goodPassword).want(http.StatusOK, "user/alice")
	// The count starts again after a success.
	b.post("/console/signout", url.Values{})
	b.signIn(f.account, "alice", otherPassword).want(http.StatusUnauthorized)
	b.signIn(f.account, "alice", goodPassword).want(http.StatusOK, "user/alice")
}

func TestForcedPasswordChange(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("bob", goodPassword, true)
	_, err := f.iam.UpdateAccountPasswordPolicy(f.asRoot(), &iamwire.UpdateAccountPasswordPolicyInput{
		MinimumPasswordLength: ptr[int32](14), RequireSymbols: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	b := f.browser().signIn(f.account, "bob", goodPassword)
	b.want(http.StatusOK, `name="oldPassword"`, `name="newPassword"`, `name="confirmPassword"`)
	b.get("/console/users")
	b.want(http.StatusOK, `name="oldPassword"`) // not signed in yet: sent back to the change

	b.get("/console/signin/password")
	change := func(old, next, confirm string) {
		b.post("/console/signin/password", url.Values{"oldPassword": {old}, "newPassword": {next}, "confirmPassword": {confirm}})
	}
	change(goodPassword, "Brand-new-passw0rd", "Brand-new-passw0rdX")
	b.want(http.StatusBadRequest, "do not match")
	change(goodPassword, "Short1!", "Short1!")
	b.want(http.StatusBadRequest, "PasswordPolicyViolation")
	change(otherPassword, "Brand-new-passw0rd!", "Brand-new-passw0rd!")
	b.want(http.StatusUnauthorized, "incorrect")
	change(goodPassword, "Brand-new-passw0rd!", "Brand-new-passw0rd!")
	b.want(http.StatusOK, "user/bob")

	b.post("/console/signout", url.Values{})
	f.browser().signIn(f.account, "bob", goodPassword).want(http.StatusUnauthorized)
	f.browser().signIn(f.account, "bob", "Brand-new-passw0rd!").want(http.StatusOK, "user/bob")
}

func TestTOTP(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("carol", goodPassword, false, readOnly)
	seed := f.enableTOTP("carol")
	b := f.browser().signIn(f.account, "carol", goodPassword)
	b.want(http.StatusOK, `name="mfaCode"`)
	b.get("/console/")
	b.want(http.StatusOK, `name="mfaCode"`) // the password alone is not a session

	b.get("/console/signin/mfa")
	b.post("/console/signin/mfa", url.Values{"mfaCode": {"000000"}})
	if totp.Code(seed, f.clock.Now()) != "000000" {
		b.want(http.StatusUnauthorized, "The MFA code is incorrect")
	}
	code := totp.Code(seed, f.clock.Now())
	b.post("/console/signin/mfa", url.Values{"mfaCode": {code}})
	b.want(http.StatusOK, "user/carol", "used at sign-in")

	// A code works once.
	b2 := f.browser().signIn(f.account, "carol", goodPassword)
	b2.post("/console/signin/mfa", url.Values{"mfaCode": {code}})
	b2.want(http.StatusUnauthorized, "The MFA code is incorrect")
}

func TestSessionExpiry(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("dave", goodPassword, false)
	b := f.browser().signIn(f.account, "dave", goodPassword)
	b.want(http.StatusOK, "user/dave")
	f.clock.Advance(console.DefaultIdleTimeout - time.Minute)
	b.get("/console/").want(http.StatusOK, "user/dave")
	f.clock.Advance(console.DefaultIdleTimeout)
	b.get("/console/").want(http.StatusOK, `name="password"`) // idle too long

	b.signIn(f.account, "dave", goodPassword).want(http.StatusOK, "user/dave")
	for range 14 { // used every 55 minutes, still ended after 12 hours
		f.clock.Advance(55 * time.Minute)
		b.get("/console/")
	}
	b.want(http.StatusOK, `name="password"`)
}

func ptr[T any](v T) *T { return &v }

func totpCode(seed []byte, t time.Time) string { return totp.Code(seed, t) }
