package console_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
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
}

// newTab opens a new tab, with its own cookies (a new incognito-like browser context).
func (f *fixture) newTab(t *testing.T, browser context.Context) *tab {
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	return &tab{t: t, ctx: ctx, f: f}
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
	b.run(chromedp.Navigate(b.f.URL+path), chromedp.WaitReady(chromedp.CSS("body")))
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
	t.Run("policy editor shows a validation error as it is typed", func(t *testing.T) {
		b := f.newTab(t, browser)
		b.signIn("editor", goodPassword)
		b.open("/console/validate")
		b.run(chromedp.Evaluate[chromedp.Void](`document.querySelector("#PolicyDocument").value = ""`),
			chromedp.SendKeys(chromedp.CSS("#PolicyDocument"), badActionPolicy))
		// No submit: the script checks the document as it is typed.
		value(b, chromedp.Poll[bool](`document.querySelector("#findings mark.finding-error") !== null`))
		if got := b.textOf("#findings mark.finding-error"); got != `"s3:GetObjectt"` {
			t.Errorf("underlined %q, want the invalid action", got)
		}
		b.wantText("INVALID_ACTION")
	})
	t.Run("simulation explains a denial", func(t *testing.T) {
		b := f.newTab(t, browser)
		b.signIn("editor", goodPassword)
		b.open("/console/simulate")
		b.submit("#simulate", map[string]string{"principal": "arn:aws:iam::" + f.account + ":user/newbie",
			"actions": "iam:CreateUser"})
		b.wantText("implicitDeny", "Denied implicitly: no statement allows it")
	})
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

// totpNow is the device's code now.
func totpNow(f *fixture, seed []byte) string { return totpCode(seed, f.clock.Now()) }
