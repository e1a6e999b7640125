package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/console"
	"github.com/gatehouse-iam/gatehouse/totp"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

const rootEmail = "root.owner@example.com"

// setRootPassword gives the account's root user a console password and an email address.
func (f *fixture) setRootPassword(pw string) {
	f.t.Helper()
	if err := f.iam.SetRootPassword(context.Background(), f.account, rootEmail, pw); err != nil {
		f.t.Fatal(err)
	}
}

// enableRootTOTP gives the root user a virtual MFA device through its security credentials
// page, as a person would (the root user must have no device yet), and returns its seed.
func (f *fixture) enableRootTOTP() []byte {
	f.t.Helper()
	b := f.browser().signInRoot(rootEmail, goodPassword)
	b.get("/console/security").want(http.StatusOK, "No MFA devices")
	seed := b.createRootDevice(DefaultDeviceName)
	b.post("/console/security/mfa-enable", url.Values{"SerialNumber": {b.pendingSerial()},
		"AuthenticationCode1": {totp.CodeAt(seed, totp.Step(f.clock.Now())-1)},
		"AuthenticationCode2": {totp.CodeAt(seed, totp.Step(f.clock.Now()))}})
	b.want(http.StatusOK, "MFA device assigned", ":mfa/"+DefaultDeviceName+"</code>")
	f.clock.Advance(30 * time.Second) // the enabling codes are spent
	return seed
}

// DefaultDeviceName is the name the security credentials page proposes.
const DefaultDeviceName = console.DefaultRootDeviceName

var (
	seedShown     = regexp.MustCompile(`<code id="mfa-seed">([A-Z2-7]+)</code>`)
	pendingSerial = regexp.MustCompile(`name="SerialNumber" value="([^"]+)">\s*<label for="AuthenticationCode1"`)
)

// createRootDevice creates a virtual device on the security credentials page and returns the
// seed the page shows.
func (b *browser) createRootDevice(name string) []byte {
	b.t.Helper()
	b.post("/console/security/virtual-mfa", url.Values{"VirtualMFADeviceName": {name}})
	b.want(http.StatusOK, `src="data:image/png;base64,`, "MFA code 1")
	m := seedShown.FindStringSubmatch(b.page)
	if m == nil {
		b.t.Fatalf("no seed on the page:\n%s", b.page)
	}
	seed, err := totp.DecodeSeed(m[1])
	if err != nil {
		b.t.Fatal(err)
	}
	return seed
}

// pendingSerial is the serial number of the device the page asks the codes of.
func (b *browser) pendingSerial() string {
	b.t.Helper()
	m := pendingSerial.FindStringSubmatch(b.page)
	if m == nil {
		b.t.Fatalf("no device waiting for its codes:\n%s", b.page)
	}
	return m[1]
}

func (b *browser) signInRoot(who, password string) *browser {
	b.t.Helper()
	b.get("/console/signin/root")
	return b.post("/console/signin/root", url.Values{"email": {who}, "password": {password}})
}

// TestRootSignIn: the root user signs in with the account's email address or ID and its root
// password, and then acts as the account's root principal.
func TestRootSignIn(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rootARN := "arn:aws:iam::" + f.account + ":root"

	// Without a root password nobody signs in as root.
	f.browser().signInRoot(f.account, goodPassword).want(http.StatusUnauthorized, "incorrect")
	f.setRootPassword(goodPassword)
	f.browser().signInRoot(rootEmail, otherPassword).want(http.StatusUnauthorized, "incorrect")
	f.browser().signInRoot("someone@example.com", goodPassword).want(http.StatusUnauthorized, "incorrect")
	// The IAM user form does not take the root password.
	f.browser().signIn(f.account, "root", goodPassword).want(http.StatusUnauthorized, "incorrect")

	for i, who := range []string{rootEmail, strings.ToUpper(rootEmail), f.account} {
		b := f.browser().signInRoot(who, goodPassword)
		b.want(http.StatusOK, "<code>"+rootARN+"</code>", "not used")
		// A console action is a call by the root principal, which may do anything in its account.
		b.get("/console/users")
		b.post("/console/users", url.Values{"UserName": {fmt.Sprint("made-by-root-", i)}})
		b.want(http.StatusOK, ":user/made-by-root-")
		if strings.Contains(f.logs.String(), goodPassword) {
			t.Fatal("the root password is in the log")
		}
	}
	if !strings.Contains(f.logs.String(), "principal="+rootARN) {
		t.Errorf("the sign-in is not logged:\n%s", f.logs)
	}
}

// TestRootSignInMFA: a root user with an MFA device gives its code after the password.
func TestRootSignInMFA(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.setRootPassword(goodPassword)
	seed := f.enableRootTOTP()
	f.user("erin", goodPassword, false)
	erinSeed := f.enableTOTP("erin")

	b := f.browser().signInRoot(rootEmail, goodPassword)
	b.want(http.StatusOK, "The root user has multi-factor authentication", `name="mfaCode"`)
	b.get("/console/").want(http.StatusOK, `name="mfaCode"`) // the password alone is not a session
	// Another user's device is not the root user's.
	b.post("/console/signin/mfa", url.Values{"mfaCode": {totpCode(erinSeed, f.clock.Now())}})
	if totpCode(erinSeed, f.clock.Now()) != totpCode(seed, f.clock.Now()) {
		b.want(http.StatusUnauthorized, "The MFA code is incorrect")
	}
	b.post("/console/signin/mfa", url.Values{"mfaCode": {totpCode(seed, f.clock.Now())}})
	b.want(http.StatusOK, "arn:aws:iam::"+f.account+":root", "used at sign-in")
}

// TestRootLockout: failures count against the root user of the account, whether it was named
// by email address or ID; the right password is refused during the lockout.
func TestRootLockout(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.setRootPassword(goodPassword)
	for i := range 10 {
		who := rootEmail
		if i%2 == 1 {
			who = f.account
		}
		f.browser().signInRoot(who, otherPassword).want(http.StatusUnauthorized, "incorrect")
	}
	f.browser().signInRoot(f.account, goodPassword).want(http.StatusTooManyRequests, "Too many failed sign-in attempts")
	if !strings.Contains(f.logs.String(), "console: sign-in locked out") {
		t.Errorf("the lockout is not logged:\n%s", f.logs)
	}
}

// TestRootAssignsMFA: the root user assigns itself a virtual MFA device on its security
// credentials page (wrong codes refused with IAM's error, the device kept for another try),
// ListMFADevices as root lists it, root sign-in then requires it, and deactivating it ends that.
// An IAM user has no such page (its devices are on its user page).
func TestRootAssignsMFA(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.setRootPassword(goodPassword)
	b := f.browser().signInRoot(rootEmail, goodPassword)
	b.get("/console/").want(http.StatusOK, `href="/console/security"`)
	b.get("/console/security").want(http.StatusOK, "No MFA devices")
	seed := b.createRootDevice("my-phone")
	serial := b.pendingSerial()
	if want := "arn:aws:iam::" + f.account + ":mfa/my-phone"; serial != want {
		t.Fatalf("the new device is %s, want %s", serial, want)
	}
	b.post("/console/security/mfa-enable", url.Values{"SerialNumber": {serial},
		"AuthenticationCode1": {"000000"}, "AuthenticationCode2": {"111111"}})
	b.want(http.StatusForbidden, "InvalidAuthenticationCode", "MFA code 1")
	if seedShown.MatchString(b.page) {
		t.Error("the seed is shown again after a failed attempt")
	}
	now := totp.Step(f.clock.Now())
	b.post("/console/security/mfa-enable", url.Values{"SerialNumber": {serial},
		"AuthenticationCode1": {totp.CodeAt(seed, now-1)}, "AuthenticationCode2": {totp.CodeAt(seed, now)}})
	b.want(http.StatusOK, "MFA device assigned", "<code>"+serial+"</code>")
	list, err := f.iam.ListMFADevices(f.asRoot(), &iamwire.ListMFADevicesInput{})
	if err != nil || len(list.MFADevices) != 1 || list.MFADevices[0].SerialNumber != serial {
		t.Fatalf("root's ListMFADevices = %+v, %v; want %s", list, err, serial)
	}
	f.clock.Advance(30 * time.Second)

	// Root sign-in now asks for the device's code, and takes it.
	b2 := f.browser().signInRoot(f.account, goodPassword)
	b2.want(http.StatusOK, `name="mfaCode"`)
	b2.post("/console/signin/mfa", url.Values{"mfaCode": {totp.Code(seed, f.clock.Now())}})
	b2.want(http.StatusOK, "used at sign-in")

	b.get("/console/security")
	b.post("/console/security/mfa-deactivate", url.Values{"SerialNumber": {serial}})
	b.want(http.StatusOK, "MFA device deactivated.", "No MFA devices")
	f.browser().signInRoot(f.account, goodPassword).want(http.StatusOK, "not used")

	f.user("ivan", goodPassword, false, "arn:aws:iam::aws:policy/IAMFullAccess")
	u := f.browser().signIn(f.account, "ivan", goodPassword)
	u.get("/console/security").want(http.StatusOK, "User ivan")
	if strings.Contains(u.page, `href="/console/security"`) {
		t.Error("an IAM user's menu offers the root user's security credentials")
	}
}
