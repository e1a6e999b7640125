package mfa_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/authn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/totp"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

func TestEnableMFADevice(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	dev := w.newDevice(t, "alice-phone")
	w.enable(t, "alice", dev)

	out := iamtest.Must(t, w.root.ListMFADevices, &awsiam.ListMFADevicesInput{UserName: aws.String("alice")})
	if len(out.MFADevices) != 1 {
		t.Fatalf("ListMFADevices = %d devices, want 1", len(out.MFADevices))
	}
	got := out.MFADevices[0]
	enabled := w.Clock().Now().UTC().Truncate(time.Second)
	if aws.ToString(got.UserName) != "alice" || aws.ToString(got.SerialNumber) != dev.serial || !aws.ToTime(got.EnableDate).Equal(enabled) {
		t.Errorf("ListMFADevices = %s %s %v, want alice %s %v", aws.ToString(got.UserName), aws.ToString(got.SerialNumber),
			aws.ToTime(got.EnableDate), dev.serial, enabled)
	}

	// The codes that enabled it are spent; the next step's code works once.
	alice := iamtest.UserID(t, w.root, "alice")
	invalid := authn.MFAInvalidCode().Message
	if got := w.verify(alice, dev, w.code(dev, 0)); got != invalid {
		t.Errorf("VerifyMFA with the code just used to enable: %q, want %q", got, invalid)
	}
	w.Clock().Advance(totp.Period)
	if got := w.verify(alice, dev, w.code(dev, 0)); got != "" {
		t.Errorf("VerifyMFA with the next code: %q, want success", got)
	}
	if got := w.verify(alice, dev, w.code(dev, 0)); got != invalid {
		t.Errorf("VerifyMFA with the same code again: %q, want %q", got, invalid)
	}
}

func TestEnableMFADeviceErrors(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	ctx := t.Context()
	acct := w.AccountID()
	dev := w.newDevice(t, "phone")
	used := w.newDevice(t, "used")
	w.enable(t, "bob", used)
	const invalid = "Authentication code for device is not valid."
	tests := []struct {
		name         string
		user, serial string
		code1, code2 string
		code, msg    string
	}{
		{"no such user", "nobody", dev.serial, "123456", "654321", "NoSuchEntity", "The user with name nobody cannot be found."},
		{"no such device", "alice", "arn:aws:iam::" + acct + ":mfa/nope", w.code(dev, -1), w.code(dev, 0),
			"NoSuchEntity", "MFA Device with serial number arn:aws:iam::" + acct + ":mfa/nope does not exist."},
		{"a device of another account", "alice", "arn:aws:iam::111122223333:mfa/phone", w.code(dev, -1), w.code(dev, 0),
			"NoSuchEntity", "MFA Device with serial number arn:aws:iam::111122223333:mfa/phone does not exist."},
		{"device enabled for another user", "alice", used.serial, w.code(used, 0), w.code(used, 1),
			"EntityAlreadyExists", "MFA Device is already in use."},
		{"device enabled for the same user", "bob", used.serial, w.code(used, 0), w.code(used, 1),
			"EntityAlreadyExists", "MFA Device is already in use."},
		{"wrong codes", "alice", dev.serial, "123456", "654321", "InvalidAuthenticationCode", invalid},
		{"the same code twice", "alice", dev.serial, w.code(dev, 0), w.code(dev, 0), "InvalidAuthenticationCode", invalid},
		{"codes not consecutive", "alice", dev.serial, w.code(dev, -1), w.code(dev, 1), "InvalidAuthenticationCode", invalid},
		{"codes reversed", "alice", dev.serial, w.code(dev, 0), w.code(dev, -1), "InvalidAuthenticationCode", invalid},
		{"one code wrong", "alice", dev.serial, w.code(dev, -1), "000000", "InvalidAuthenticationCode", invalid},
		{"codes of another device", "alice", dev.serial, w.code(used, 2), w.code(used, 3), "InvalidAuthenticationCode", invalid},
		{"codes from more than an hour ago", "alice", dev.serial, w.code(dev, -200), w.code(dev, -199),
			"InvalidAuthenticationCode", invalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.root.EnableMFADevice(ctx, &awsiam.EnableMFADeviceInput{UserName: aws.String(tc.user),
				SerialNumber: aws.String(tc.serial), AuthenticationCode1: aws.String(tc.code1), AuthenticationCode2: aws.String(tc.code2)})
			stacktest.WantError(t, err, tc.code, tc.msg)
		})
	}
	// Nothing was enabled by the failures.
	out := iamtest.Must(t, w.root.ListMFADevices, &awsiam.ListMFADevicesInput{UserName: aws.String("alice")})
	if len(out.MFADevices) != 0 {
		t.Errorf("alice has %d devices after failed enables, want 0", len(out.MFADevices))
	}
}

// TestEnableMFADeviceQuota: a user has at most eight MFA devices.
func TestEnableMFADeviceQuota(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	for i := range 8 {
		w.enable(t, "alice", w.newDevice(t, "d"+string(rune('a'+i))))
	}
	ninth := w.newDevice(t, "ninth")
	err := w.enableAt(t.Context(), "alice", ninth, -1)
	stacktest.WantError(t, err, "LimitExceeded", "Cannot exceed quota for MFADevicesPerUser: 8")
}

// TestEnableWithLateCodes: as AWS documents, codes submitted long after they were shown still
// enable the device, which is then out of sync until ResyncMFADevice realigns it.
func TestEnableWithLateCodes(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	ctx := t.Context()
	alice := iamtest.UserID(t, w.root, "alice")
	dev := w.newDevice(t, "phone")
	// The codes were read ten minutes ago.
	err := w.enableAt(ctx, "alice", dev, -21)
	if err != nil {
		t.Fatalf("EnableMFADevice with late codes: %v", err)
	}
	invalid := authn.MFAInvalidCode().Message
	if got := w.verify(alice, dev, w.code(dev, 0)); got != invalid {
		t.Errorf("VerifyMFA of an out-of-sync device: %q, want %q", got, invalid)
	}
	iamtest.Must(t, w.root.ResyncMFADevice, &awsiam.ResyncMFADeviceInput{UserName: aws.String("alice"),
		SerialNumber: aws.String(dev.serial), AuthenticationCode1: aws.String(w.code(dev, 0)),
		AuthenticationCode2: aws.String(w.code(dev, 1))})
	w.Clock().Advance(2 * totp.Period)
	if got := w.verify(alice, dev, w.code(dev, 0)); got != "" {
		t.Errorf("VerifyMFA after ResyncMFADevice: %q, want success", got)
	}
}

func TestResyncMFADevice(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	ctx := t.Context()
	alice := iamtest.UserID(t, w.root, "alice")
	dev := w.newDevice(t, "phone")
	spare := w.newDevice(t, "spare")
	w.enable(t, "alice", dev)
	// The device's clock runs five minutes behind.
	const behind = -10
	resync := func(user, serial, code1, code2 string) error {
		_, err := w.root.ResyncMFADevice(ctx, &awsiam.ResyncMFADeviceInput{UserName: aws.String(user),
			SerialNumber: aws.String(serial), AuthenticationCode1: aws.String(code1), AuthenticationCode2: aws.String(code2)})
		return err
	}
	w.Clock().Advance(totp.Period)
	invalid := authn.MFAInvalidCode().Message
	if got := w.verify(alice, dev, w.code(dev, behind)); got != invalid {
		t.Errorf("VerifyMFA of a code five minutes behind: %q, want %q", got, invalid)
	}
	if err := resync("alice", dev.serial, w.code(dev, behind-1), w.code(dev, behind)); err != nil {
		t.Fatalf("ResyncMFADevice: %v", err)
	}
	// The resync codes are spent; the device's next code passes, and the server's own does not.
	if got := w.verify(alice, dev, w.code(dev, behind)); got != invalid {
		t.Errorf("VerifyMFA with a resync code: %q, want %q", got, invalid)
	}
	w.Clock().Advance(totp.Period)
	if got := w.verify(alice, dev, w.code(dev, 0)); got != invalid {
		t.Errorf("VerifyMFA with the server's current code: %q, want %q", got, invalid)
	}
	if got := w.verify(alice, dev, w.code(dev, behind)); got != "" {
		t.Errorf("VerifyMFA with the device's current code: %q, want success", got)
	}

	const badCodes = "Authentication code for device is not valid."
	acct := w.AccountID()
	tests := []struct {
		name         string
		user, serial string
		code1, code2 string
		code, msg    string
	}{
		{"the same codes again", "alice", dev.serial, w.code(dev, behind-1), w.code(dev, behind),
			"InvalidAuthenticationCode", badCodes},
		{"wrong codes", "alice", dev.serial, "111111", "222222", "InvalidAuthenticationCode", badCodes},
		{"codes not consecutive", "alice", dev.serial, w.code(dev, 0), w.code(dev, 2), "InvalidAuthenticationCode", badCodes},
		{"no such user", "nobody", dev.serial, w.code(dev, 0), w.code(dev, 1), "NoSuchEntity", "The user with name nobody cannot be found."},
		{"another user's device", "bob", dev.serial, w.code(dev, 0), w.code(dev, 1), "NoSuchEntity",
			"MFA Device with serial number " + dev.serial + " does not exist."},
		{"an unassigned device", "alice", spare.serial, w.code(spare, 0), w.code(spare, 1), "NoSuchEntity",
			"MFA Device with serial number " + spare.serial + " does not exist."},
		{"no such device", "alice", "arn:aws:iam::" + acct + ":mfa/nope", "111111", "222222", "NoSuchEntity",
			"MFA Device with serial number arn:aws:iam::" + acct + ":mfa/nope does not exist."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stacktest.WantError(t, resync(tc.user, tc.serial, tc.code1, tc.code2), tc.code, tc.msg)
		})
	}
	// The failures left the device as it was.
	w.Clock().Advance(totp.Period)
	if got := w.verify(alice, dev, w.code(dev, behind)); got != "" {
		t.Errorf("VerifyMFA after failed resyncs: %q, want success", got)
	}
}

func TestDeactivateMFADevice(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	ctx := t.Context()
	acct := w.AccountID()
	alice := iamtest.UserID(t, w.root, "alice")
	dev := w.newDevice(t, "phone")
	spare := w.newDevice(t, "spare")
	w.enable(t, "alice", dev)
	deactivate := func(user, serial string) error {
		_, err := w.root.DeactivateMFADevice(ctx, &awsiam.DeactivateMFADeviceInput{UserName: aws.String(user), SerialNumber: aws.String(serial)})
		return err
	}
	tests := []struct {
		name         string
		user, serial string
		code, msg    string
	}{
		{"no such user", "nobody", dev.serial, "NoSuchEntity", "The user with name nobody cannot be found."},
		{"another user's device", "bob", dev.serial, "NoSuchEntity", "MFA Device with serial number " + dev.serial + " does not exist."},
		{"an unassigned device", "alice", spare.serial, "NoSuchEntity", "MFA Device with serial number " + spare.serial + " does not exist."},
		{"no such device", "alice", "arn:aws:iam::" + acct + ":mfa/nonexistent-mfa", "NoSuchEntity",
			"MFA Device with serial number arn:aws:iam::" + acct + ":mfa/nonexistent-mfa does not exist."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stacktest.WantError(t, deactivate(tc.user, tc.serial), tc.code, tc.msg)
		})
	}
	if err := deactivate("alice", dev.serial); err != nil {
		t.Fatalf("DeactivateMFADevice: %v", err)
	}
	out := iamtest.Must(t, w.root.ListMFADevices, &awsiam.ListMFADevicesInput{UserName: aws.String("alice")})
	if len(out.MFADevices) != 0 {
		t.Errorf("alice has %d devices after DeactivateMFADevice, want 0", len(out.MFADevices))
	}
	// A deactivated device no longer passes STS's check, and can be enabled again (for bob).
	w.Clock().Advance(totp.Period)
	if got, want := w.verify(alice, dev, w.code(dev, 0)), authn.MFAUnknownDevice().Message; got != want {
		t.Errorf("VerifyMFA of a deactivated device: %q, want %q", got, want)
	}
	w.Clock().Advance(totp.Period)
	w.enable(t, "bob", dev)
	stacktest.WantError(t, deactivate("alice", dev.serial), "NoSuchEntity", "")
}

// TestDeactivateOwnDevice: without UserName, an IAM user deactivates its own device.
func TestDeactivateOwnDevice(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	creds := w.NewUser(t, "alice", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:DeactivateMFADevice","iam:ListMFADevices","iam:GetMFADevice"],"Resource":"arn:aws:iam::*:user/${aws:username}"}]}`)
	alice := w.IAM(creds)
	dev := w.newDevice(t, "phone")
	w.enable(t, "alice", dev)
	got := iamtest.Must(t, alice.GetMFADevice, &awsiam.GetMFADeviceInput{SerialNumber: aws.String(dev.serial)})
	if aws.ToString(got.UserName) != "alice" || aws.ToString(got.SerialNumber) != dev.serial || got.EnableDate == nil || got.Certifications != nil {
		t.Errorf("GetMFADevice = %+v", got)
	}
	iamtest.Must(t, alice.DeactivateMFADevice, &awsiam.DeactivateMFADeviceInput{SerialNumber: aws.String(dev.serial)})
	out := iamtest.Must(t, alice.ListMFADevices, &awsiam.ListMFADevicesInput{})
	if len(out.MFADevices) != 0 || out.IsTruncated {
		t.Errorf("ListMFADevices after deactivating = %d devices, truncated %v", len(out.MFADevices), out.IsTruncated)
	}
}

// TestRootDevices: the root user's own devices, listed and deactivated without UserName, and
// shown in ListVirtualMFADevices with the root user as GetUser shows it.
func TestRootDevices(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	acct := w.AccountID()
	dev := w.newDevice(t, "root-account-mfa-device")
	// The API's decoder requires UserName, as AWS's model does (AWS's CLI cannot give root a
	// device either) …
	root := w.Root()
	resp := w.RawRequest(t, "iam", &root, url.Values{"Action": {"EnableMFADevice"}, "Version": {"2010-05-08"},
		"SerialNumber": {dev.serial}, "AuthenticationCode1": {w.code(dev, -1)}, "AuthenticationCode2": {w.code(dev, 0)}})
	if resp.Status != http.StatusBadRequest || !strings.Contains(string(resp.Body), "ValidationError") {
		t.Errorf("EnableMFADevice without UserName over the API = %d %s, want a ValidationError", resp.Status, resp.Body)
	}
	// … while the service, called as root without one (as the console does), enables the device
	// for the root user.
	rootCtx := callctx.With(ctx, &callctx.Call{Caller: &callctx.Caller{Kind: callctx.KindRoot, AccountID: acct,
		ARN: "arn:aws:iam::" + acct + ":root", UniqueID: acct}, Service: "iam", Region: "us-east-1"})
	_, err := w.IAMService().EnableMFADevice(rootCtx, &iamwire.EnableMFADeviceInput{SerialNumber: dev.serial,
		AuthenticationCode1: w.code(dev, -1), AuthenticationCode2: w.code(dev, 0)})
	if err != nil {
		t.Fatalf("root's EnableMFADevice without UserName: %v", err)
	}
	w.Clock().Advance(30 * time.Second)
	list := iamtest.Must(t, w.root.ListMFADevices, &awsiam.ListMFADevicesInput{})
	if len(list.MFADevices) != 1 || aws.ToString(list.MFADevices[0].SerialNumber) != dev.serial {
		t.Fatalf("root's ListMFADevices = %+v, want its device", list.MFADevices)
	}
	virt := iamtest.Must(t, w.root.ListVirtualMFADevices, &awsiam.ListVirtualMFADevicesInput{})
	u := virt.VirtualMFADevices[0].User
	if u == nil || aws.ToString(u.Arn) != "arn:aws:iam::"+acct+":root" || aws.ToString(u.UserId) != acct {
		t.Errorf("ListVirtualMFADevices User of root's device = %+v", u)
	}
	if got := w.verify("", dev, w.code(dev, 0)); got != "" {
		t.Errorf("VerifyMFA of root's device: %q, want success", got)
	}
	iamtest.Must(t, w.root.DeactivateMFADevice, &awsiam.DeactivateMFADeviceInput{SerialNumber: aws.String(dev.serial)})
	iamtest.Must(t, w.root.DeleteVirtualMFADevice, &awsiam.DeleteVirtualMFADeviceInput{SerialNumber: aws.String(dev.serial)})
}

func TestDeleteVirtualMFADevice(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	ctx := t.Context()
	acct := w.AccountID()
	dev := w.newDevice(t, "phone")
	w.enable(t, "alice", dev)
	del := func(serial string) error {
		_, err := w.root.DeleteVirtualMFADevice(ctx, &awsiam.DeleteVirtualMFADeviceInput{SerialNumber: aws.String(serial)})
		return err
	}
	stacktest.WantError(t, del(dev.serial), "DeleteConflict", "Cannot delete entity, must deactivate MFA device first.")
	stacktest.WantError(t, del("arn:aws:iam::"+acct+":mfa/nonexistent-device"), "NoSuchEntity",
		"MFA Device with serial number arn:aws:iam::"+acct+":mfa/nonexistent-device does not exist.")
	// A user with an MFA device cannot be deleted either (users family, AWS's message).
	_, err := w.root.DeleteUser(ctx, &awsiam.DeleteUserInput{UserName: aws.String("alice")})
	stacktest.WantError(t, err, "DeleteConflict", "Cannot delete entity, must delete MFA device first.")

	iamtest.Must(t, w.root.TagMFADevice, &awsiam.TagMFADeviceInput{SerialNumber: aws.String(dev.serial),
		Tags: iamtest.Tags("team", "ops")})
	iamtest.Must(t, w.root.DeactivateMFADevice, &awsiam.DeactivateMFADeviceInput{UserName: aws.String("alice"),
		SerialNumber: aws.String(dev.serial)})
	if err := del(dev.serial); err != nil {
		t.Fatalf("DeleteVirtualMFADevice of a deactivated device: %v", err)
	}
	stacktest.WantError(t, del(dev.serial), "NoSuchEntity", "")
	// Its tags went with it: a new device of the same name starts without them.
	again := w.newDevice(t, "phone")
	tags, err := w.root.ListMFADeviceTags(ctx, &awsiam.ListMFADeviceTagsInput{SerialNumber: aws.String(again.serial)})
	if err != nil {
		t.Fatal(err)
	}
	if len(tags.Tags) != 0 {
		t.Errorf("a recreated device has tags %v", tags.Tags)
	}
	if _, err := w.root.DeleteUser(ctx, &awsiam.DeleteUserInput{UserName: aws.String("alice")}); err != nil {
		t.Errorf("DeleteUser once its device is deactivated: %v", err)
	}
}

func TestGetMFADeviceErrors(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	ctx := t.Context()
	dev := w.newDevice(t, "phone")
	w.enable(t, "alice", dev)
	got, err := w.root.GetMFADevice(ctx, &awsiam.GetMFADeviceInput{UserName: aws.String("alice"), SerialNumber: aws.String(dev.serial)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(got.UserName) != "alice" || !aws.ToTime(got.EnableDate).Equal(w.Clock().Now().UTC().Truncate(time.Second)) {
		t.Errorf("GetMFADevice = %s, %v", aws.ToString(got.UserName), aws.ToTime(got.EnableDate))
	}
	_, err = w.root.GetMFADevice(ctx, &awsiam.GetMFADeviceInput{UserName: aws.String("bob"), SerialNumber: aws.String(dev.serial)})
	stacktest.WantError(t, err, "NoSuchEntity", "MFA Device with serial number "+dev.serial+" does not exist.")
	_, err = w.root.GetMFADevice(ctx, &awsiam.GetMFADeviceInput{UserName: aws.String("nobody"), SerialNumber: aws.String(dev.serial)})
	stacktest.WantError(t, err, "NoSuchEntity", "The user with name nobody cannot be found.")
}
