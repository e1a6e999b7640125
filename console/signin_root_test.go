package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
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

// enableRootTOTP gives the root user a virtual MFA device and returns its seed. No IAM API
// enables a device for root (AWS does it in its console), so the device is assigned in the store.
func (f *fixture) enableRootTOTP() []byte {
	f.t.Helper()
	out, err := f.iam.CreateVirtualMFADevice(f.asRoot(), &iamwire.CreateVirtualMFADeviceInput{VirtualMFADeviceName: "root-mfa"})
	if err != nil {
		f.t.Fatal(err)
	}
	seed, err := totp.DecodeSeed(string(out.VirtualMFADevice.Base32StringSeed))
	if err != nil {
		f.t.Fatal(err)
	}
	step := totp.Step(f.clock.Now()) - 1
	err = f.node.Store.Update(context.Background(), func(tx store.Tx) error {
		return tx.MFADevices().Assign(context.Background(), out.VirtualMFADevice.SerialNumber, "", true, f.clock.Now(), step)
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return seed
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
