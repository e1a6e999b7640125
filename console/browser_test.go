package console_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/gatehouse-iam/gatehouse/totp"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// The browser tests drive a real headless Chromium (Debian's chromium, installed by .ci/run)
// through the DevTools protocol. Without Chromium they are skipped on a developer's machine and
// fail under CI, which must have it.

// chromiumPath finds Chromium.
func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium is not installed (.ci/run installs Debian's chromium)")
	}
	t.Skip("Chromium is not installed (apt-get install -y chromium)")
	return ""
}

// newChrome starts a headless Chromium for the test; its context ends shortly before the test
// binary's deadline, never at a fixed time.
func newChrome(t *testing.T) context.Context {
	path := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.Flag("disable-background-networking", true), chromedp.Headless,
		chromedp.WindowSize(1280, 900))
	ctx := context.Background()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-min(time.Minute, time.Until(d)/10)))
		t.Cleanup(cancel)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return browser
}

// tab is one browser tab on the console.
type tab struct {
	t   *testing.T
	ctx context.Context
	f   *fixture
	// base is the console's origin as this tab reaches it.
	base string
}

// newTab opens a new tab, with its own cookies (a new incognito-like browser context).
func (f *fixture) newTab(t *testing.T, browser context.Context) *tab {
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	return &tab{t: t, ctx: ctx, f: f, base: f.URL}
}

func (b *tab) run(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// value runs an action that returns a value.
func value[T any](b *tab, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, a)
	if err != nil {
		b.t.Fatalf("browser: %v", err)
	}
	return v
}

// text is the visible text of an element.
func (b *tab) textOf(sel string) string {
	b.t.Helper()
	return value(b, chromedp.Text(chromedp.CSS(sel)))
}

// text is the visible text of the page's main element.
func (b *tab) text() string { return b.textOf("main") }

// wantText checks that the page's main element says every one of texts.
func (b *tab) wantText(texts ...string) {
	b.t.Helper()
	got := b.text()
	for _, s := range texts {
		if !strings.Contains(got, s) {
			b.t.Fatalf("the page does not say %q:\n%s", s, got)
		}
	}
}

// open loads a console path.
func (b *tab) open(path string) {
	b.t.Helper()
	b.run(chromedp.Navigate(b.base+path), chromedp.WaitReady(chromedp.CSS("body")))
}

// submit fills a form's fields (by input name) and submits it, waiting for the next page.
func (b *tab) submit(form string, fields map[string]string) int64 {
	b.t.Helper()
	var actions []chromedp.Action[chromedp.Void]
	for name, v := range fields {
		css := form + ` [name="` + name + `"]`
		clear := chromedp.Evaluate[chromedp.Void](`document.querySelector(` + jsString(css) + `).value = ""`)
		actions = append(actions, clear, chromedp.SendKeys(chromedp.CSS(css), v))
	}
	b.run(actions...)
	return b.clickAndWait(form + ` button[type="submit"]`)
}

// clickAndWait clicks and waits until the page it leads to has loaded; it returns that page's
// HTTP status.
func (b *tab) clickAndWait(sel string) int64 {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("browser: %v", err)
	}
	if resp == nil {
		return 0
	}
	return resp.Status
}

func jsString(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

func (b *tab) signIn(user, password string) {
	b.t.Helper()
	b.open("/console/")
	b.submit("#signin", map[string]string{"account": b.f.account, "username": user, "password": password})
}

func TestBrowser(t *testing.T) {
	f := newFixture(t)
	f.user("admin", goodPassword, false, fullAccess)
	f.user("newbie", goodPassword, true)
	f.user("editor", goodPassword, false, "arn:aws:iam::aws:policy/AdministratorAccess")
	seed := f.enableTOTP("admin")
	browser := newChrome(t)

	t.Run("wrong password", func(t *testing.T) {
		b := f.newTab(t, browser)
		b.signIn("admin", otherPassword)
		b.wantText("Your authentication information is incorrect.")
	})
	t.Run("TOTP, create a user and an access key, sign out", func(t *testing.T) {
		b := f.newTab(t, browser)
		b.signIn("admin", goodPassword)
		b.wantText("Enter the code")
		b.submit("#mfa", map[string]string{"mfaCode": totpNow(f, seed)})
		b.wantText("arn:aws:iam::"+f.account+":user/admin", "used at sign-in")
		b.open("/console/users")
		b.submit("#create-user", map[string]string{"UserName": "frank"})
		b.wantText("arn:aws:iam::" + f.account + ":user/frank")
		b.clickAndWait("#create-access-key button")
		b.wantText("This is the only time the secret access key is shown")
		secret := b.textOf("#new-secret-access-key")
		if len(secret) != 40 {
			t.Errorf("secret %q", secret)
		}
		b.clickAndWait(".signout button")
		b.wantText("Sign in as an IAM user")
		b.open("/console/users")
		b.wantText("Sign in as an IAM user")
	})
	t.Run("forced password change", func(t *testing.T) {
		b := f.newTab(t, browser)
		b.signIn("newbie", goodPassword)
		b.wantText("must set a new password")
		b.submit("#change", map[string]string{"oldPassword": goodPassword, "newPassword": "An0ther-good-one",
			"confirmPassword": "An0ther-good-one"})
		b.wantText("arn:aws:iam::" + f.account + ":user/newbie")
	})
	t.Run("CSRF refusal", func(t *testing.T) {
		b := f.newTab(t, browser)
		b.open("/console/")
		b.run(chromedp.SetAttributeValue(chromedp.CSS(`#signin input[name="csrf"]`), "value", "forged"))
		b.submit("#signin", map[string]string{"account": f.account, "username": "admin", "password": goodPassword})
		body := b.textOf("body")
		if !strings.Contains(body, "did not come from this console") {
			t.Errorf("forged form answered:\n%s", body)
		}
	})
	t.Run("policy editor shows a validation error as it is typed", func(t *testing.T) { testLiveValidation(t, f, browser) })
	t.Run("simulation explains a denial", func(t *testing.T) {
		b := f.newTab(t, browser)
		b.signIn("editor", goodPassword)
		b.open("/console/simulate")
		b.submit("#simulate", map[string]string{"principal": "arn:aws:iam::" + f.account + ":user/newbie",
			"actions": "iam:CreateUser"})
		b.wantText("implicitDeny", "Denied implicitly: no statement allows it")
	})
	t.Run("passkey registration and sign-in", func(t *testing.T) { testPasskey(t, f, browser) })
	t.Run("root user with MFA", func(t *testing.T) { testRootSignIn(t, f, browser) })
	t.Run("audit trail explains a denial", func(t *testing.T) { testTrail(t, f, browser) })
	t.Run("organization managed, an SCP checked as it is typed", func(t *testing.T) { testOrganization(t, f, browser) })
	t.Run("lockout", func(t *testing.T) {
		f.user("victim", goodPassword, false)
		b := f.newTab(t, browser)
		for range 10 {
			b.signIn("victim", otherPassword)
		}
		b.signIn("victim", goodPassword)
		b.wantText("Too many failed sign-in attempts")
	})
}

const badActionPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjectt","Resource":"*"}]}`

// waitFor waits until a JavaScript expression is true, for as long as the test may run; on
// failure it shows the page.
func (b *tab) waitFor(expr string) {
	b.t.Helper()
	limit := time.Duration(0) // none
	if d, ok := b.t.Deadline(); ok {
		limit = max(time.Until(d)-2*min(time.Minute, time.Until(d)/10), time.Second)
	}
	var err error
	for {
		_, err = chromedp.Run(b.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(limit)))
		// A navigation (the page reloading itself) ends a poll: poll the new page.
		if err == nil || !strings.Contains(err.Error(), "(-32000)") {
			break
		}
	}
	if err != nil {
		text, _ := chromedp.Run(context.WithoutCancel(b.ctx), chromedp.Evaluate[string](`document.body.innerText`))
		b.t.Fatalf("waiting for %s: %v; the page says:\n%s\nlogs:\n%s", expr, err, text, b.f.logs)
	}
}

// withVirtualAuthenticator gives the tab Chromium's virtual authenticator (the DevTools
// protocol's WebAuthn domain): a platform authenticator with resident keys and user
// verification that answers at once. WebAuthn needs a host name, so the tab uses localhost.
func (b *tab) withVirtualAuthenticator() {
	b.t.Helper()
	b.base = strings.Replace(b.f.URL, "127.0.0.1", "localhost", 1)
	b.run(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
			Options: &webauthn.VirtualAuthenticatorOptions{Protocol: webauthn.AuthenticatorProtocolCtap2,
				Ctap2version: webauthn.Ctap2versionCtap21, Transport: webauthn.AuthenticatorTransportInternal,
				HasResidentKey: true, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true}})
		return err
	}))
}

// totpNow is the device's code now.
func totpNow(f *fixture, seed []byte) string { return totpCode(seed, f.clock.Now()) }

// testPasskey registers a passkey with Chromium's virtual authenticator and signs in with it.
func testPasskey(t *testing.T, f *fixture, browser context.Context) {
	f.user("keyuser", goodPassword, false, readOnly)
	b := f.newTab(t, browser)
	b.withVirtualAuthenticator()
	b.signIn("keyuser", goodPassword)
	b.open("/console/users/keyuser")
	// Registering is EnableMFADevice on oneself, which IAM must allow.
	b.run(chromedp.Click(chromedp.CSS("#register-passkey")))
	b.waitFor(`document.querySelector("#passkey-register .passkey-status").innerText.includes("AccessDenied")`)
	_, err := f.iam.PutUserPolicy(f.asRoot(), &iamwire.PutUserPolicyInput{UserName: "keyuser", PolicyName: "own-mfa",
		PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:EnableMFADevice",` +
			`"Resource":"arn:aws:iam::*:user/${aws:username}"}]}`})
	if err != nil {
		t.Fatal(err)
	}
	b.run(chromedp.Click(chromedp.CSS("#register-passkey")))
	b.waitFor(`[...document.querySelectorAll("main code")].some(c => c.innerText.includes("u2f/user/keyuser/passkey-"))`)
	// IAM lists the passkey with the user's MFA devices.
	out, err := f.iam.ListMFADevices(f.asRoot(), &iamwire.ListMFADevicesInput{UserName: ptr("keyuser")})
	if err != nil || len(out.MFADevices) != 1 || !strings.Contains(out.MFADevices[0].SerialNumber, ":u2f/user/keyuser/passkey-") {
		t.Fatalf("ListMFADevices = %+v, %v", out, err)
	}
	b.clickAndWait(".signout button")
	b.signIn("keyuser", goodPassword)
	b.wantText("Use a passkey")
	b.run(chromedp.Click(chromedp.CSS("#use-passkey")))
	b.waitFor(`document.body.innerText.includes("used at sign-in")`)
	b.wantText("arn:aws:iam::" + f.account + ":user/keyuser")
}

// testLiveValidation types a policy with an invalid action and waits for the underline.
func testLiveValidation(t *testing.T, f *fixture, browser context.Context) {
	b := f.newTab(t, browser)
	b.signIn("editor", goodPassword)
	b.open("/console/validate")
	b.run(chromedp.Evaluate[chromedp.Void](`document.querySelector("#PolicyDocument").value = ""`),
		chromedp.SendKeys(chromedp.CSS("#PolicyDocument"), badActionPolicy))
	// No submit: the script checks the document as it is typed.
	b.waitFor(`document.querySelector("#findings mark.finding-error") !== null`)
	if got := b.textOf("#findings mark.finding-error"); got != `"s3:GetObjectt"` {
		t.Errorf("underlined %q, want the invalid action", got)
	}
	b.wantText("INVALID_ACTION")
}

// testRootSignIn follows the sign-in page's link to the root user's form, signs in with the
// account's email address and the root password, assigns the root user an authenticator app and
// a passkey (Chromium's virtual authenticator) on its security credentials page, and then signs
// in with each as the second factor.
func testRootSignIn(t *testing.T, f *fixture, browser context.Context) {
	f.setRootPassword(goodPassword)
	b := f.newTab(t, browser)
	b.withVirtualAuthenticator()
	rootIn := func(mfa string) {
		b.open("/console/")
		b.clickAndWait("#root-signin")
		b.wantText("Root user email address or account ID")
		b.submit("#signin-root", map[string]string{"email": rootEmail, "password": goodPassword})
		b.wantText(mfa)
	}
	b.open("/console/signin/root")
	b.submit("#signin-root", map[string]string{"email": rootEmail, "password": otherPassword})
	b.wantText("Your email address, account ID or password is incorrect.")
	rootIn("not used")

	b.clickAndWait(`a[href="/console/security"]`)
	b.submit("#virtual-mfa", map[string]string{"VirtualMFADeviceName": "root-phone"})
	seed, err := totp.DecodeSeed(b.textOf("#mfa-seed"))
	if err != nil {
		t.Fatal(err)
	}
	step := totp.Step(f.clock.Now())
	b.submit("#mfa-enable", map[string]string{"AuthenticationCode1": totp.CodeAt(seed, step-1),
		"AuthenticationCode2": totp.CodeAt(seed, step)})
	b.wantText("MFA device assigned", ":mfa/root-phone")
	f.clock.Advance(30 * time.Second)
	b.run(chromedp.Click(chromedp.CSS("#register-passkey")))
	b.waitFor(`[...document.querySelectorAll("main code")].some(c => c.innerText.includes(":u2f/root/root-passkey-"))`)
	b.clickAndWait(".signout button")

	rootIn("The root user has multi-factor authentication")
	b.submit("#mfa", map[string]string{"mfaCode": totpNow(f, seed)})
	b.wantText("arn:aws:iam::"+f.account+":root", "used at sign-in")
	b.open("/console/users")
	b.submit("#create-user", map[string]string{"UserName": "rootmade"})
	b.wantText("arn:aws:iam::" + f.account + ":user/rootmade")
	b.clickAndWait(".signout button")

	rootIn("Use a passkey")
	b.run(chromedp.Click(chromedp.CSS("#use-passkey")))
	b.waitFor(`document.body.innerText.includes("used at sign-in")`)
	b.wantText("arn:aws:iam::" + f.account + ":root")
}

// testTrail: a user's refused console action and failed sign-in are in the audit trail, found by
// the user's name, the denial explained.
func testTrail(t *testing.T, f *fixture, browser context.Context) {
	f.user("peon", goodPassword, false)
	p := f.newTab(t, browser)
	p.signIn("peon", otherPassword)
	p.signIn("peon", goodPassword)
	p.open("/console/users")
	p.submit("#create-user", map[string]string{"UserName": "notallowed"})
	p.wantText("AccessDenied")
	f.node.Trail.Flush(context.Background())

	b := f.newTab(t, browser)
	b.signIn("editor", goodPassword)
	b.open("/console/audit")
	b.run(chromedp.SetValue(chromedp.CSS("#attribute"), "Username"))
	b.submit("#trail-filter", map[string]string{"value": "peon"})
	b.wantText("ConsoleLogin", "Failed authentication", "CreateUser", "AccessDenied",
		"Why: ImplicitDeny for iam:CreateUser", "no identity-based policy allows the iam:CreateUser action")
	if strings.Contains(b.textOf("#events-table tbody"), "editor") {
		t.Error("the Username filter let another user's events through")
	}
}

// testOrganization: the management account's administrator creates an OU on the organization
// page, types an SCP with an invalid action and sees it underlined before submitting, fixes it,
// creates the policy and attaches it to the new OU.
func testOrganization(t *testing.T, f *fixture, browser context.Context) {
	f.sampleOrg(t)
	b := f.newTab(t, browser)
	b.signIn("editor", goodPassword)
	b.open("/console/organization")
	b.submit("#ou-create", map[string]string{"Name": "Browsers"})
	b.wantText("Organizational unit created.", "OU Browsers")
	bad := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:DeleteRolee","Resource":"*"}]}`
	b.run(chromedp.Evaluate[chromedp.Void](`document.querySelector("#new-policy-content").value = ""`),
		chromedp.SendKeys(chromedp.CSS("#new-policy-content"), bad))
	b.waitFor(`document.querySelector("#policy-create .findings-live mark.finding-error") !== null`)
	if got := b.textOf("#policy-create .findings-live mark.finding-error"); got != `"iam:DeleteRolee"` {
		t.Errorf("underlined %q, want the invalid action", got)
	}
	b.submit("#policy-create", map[string]string{"Name": "browser-scp", "Content": denyDeleteRole})
	b.wantText("Policy created.", "browser-scp")
	b.run(chromedp.SetValue(chromedp.CSS("#attach-policy"), value(b, chromedp.Evaluate[string](
		`[...document.querySelectorAll("#attach-policy option")].find(o => o.text.startsWith("browser-scp")).value`))),
		chromedp.SetValue(chromedp.CSS("#attach-target"), value(b, chromedp.Evaluate[string](
			`[...document.querySelectorAll("#attach-target option")].find(o => o.text.startsWith("Root / Browsers")).value`))))
	b.clickAndWait("#policy-attach button")
	b.wantText("Policy attached.", "ORGANIZATIONAL_UNIT Browsers")
}
