package mfa_test

import (
	"bytes"
	"fmt"
	"image/png"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"
	"rsc.io/qr"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/totp"
)

func TestCreateVirtualMFADevice(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	acct := w.AccountID()
	tests := []struct {
		name       string
		path       *string
		device     string
		wantSerial string
	}{
		{"default path", nil, "phone", "arn:aws:iam::" + acct + ":mfa/phone"},
		{"root path", aws.String("/"), "tablet", "arn:aws:iam::" + acct + ":mfa/tablet"},
		{"a path", aws.String("/division/team/"), "phone", "arn:aws:iam::" + acct + ":mfa/division/team/phone"},
		{"a path with an empty segment", aws.String("/test//double/"), "x", "arn:aws:iam::" + acct + ":mfa/test//double/x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := iamtest.Must(t, w.root.CreateVirtualMFADevice, &awsiam.CreateVirtualMFADeviceInput{Path: tc.path,
				VirtualMFADeviceName: aws.String(tc.device)})
			d := out.VirtualMFADevice
			if got := aws.ToString(d.SerialNumber); got != tc.wantSerial {
				t.Errorf("SerialNumber = %q, want %q", got, tc.wantSerial)
			}
			b32 := string(d.Base32StringSeed)
			seed, err := totp.DecodeSeed(b32)
			if err != nil || len(b32) != 64 || len(seed) != totp.SeedBytes {
				t.Errorf("Base32StringSeed = %q (%d bytes, %v), want 64 Base32 characters of a 40-byte seed", b32, len(seed), err)
			}
			// The QR code is a PNG of AWS's otpauth URI: the account has no alias, so its ID.
			uri := "otpauth://totp/Amazon%20Web%20Services:" + tc.device + "@" + acct + "?secret=" + b32 +
				"&issuer=Amazon%20Web%20Services"
			want, err := qr.Encode(uri, qr.M)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(d.QRCodePNG, want.PNG()) {
				t.Errorf("QRCodePNG is not the QR code of %s", uri)
			}
			if _, err := png.Decode(bytes.NewReader(d.QRCodePNG)); err != nil {
				t.Errorf("QRCodePNG is not a PNG: %v", err)
			}
			if d.User != nil || d.EnableDate != nil || d.Tags != nil {
				t.Errorf("a new device has User %v, EnableDate %v, Tags %v; want none", d.User, d.EnableDate, d.Tags)
			}
		})
	}
}

func TestCreateVirtualMFADeviceLabelUsesAlias(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	err := w.Store().Update(ctx, func(tx store.Tx) error {
		a, err := tx.Accounts().Get(ctx, w.AccountID())
		if err != nil {
			return err
		}
		a.Alias = "example-corp"
		return tx.Accounts().Update(ctx, a)
	})
	if err != nil {
		t.Fatal(err)
	}
	out := iamtest.Must(t, w.root.CreateVirtualMFADevice, &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String("phone")})
	uri := "otpauth://totp/Amazon%20Web%20Services:phone@example-corp?secret=" + string(out.VirtualMFADevice.Base32StringSeed) +
		"&issuer=Amazon%20Web%20Services"
	want, err := qr.Encode(uri, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.VirtualMFADevice.QRCodePNG, want.PNG()) {
		t.Errorf("QRCodePNG is not the QR code of %s", uri)
	}
}

// TestCreateVirtualMFADeviceErrors: AWS's answers as recorded from AWS (LocalStack's
// AWS-validated tests/aws/services/iam/test_iam_mfa.snapshot.json, test_virtual_mfa_device_errors,
// 17 February 2026): a duplicate name is "EntityAlreadyExists: MFA device already exists.", not
// the "MFADevice entity at the same path and name already exists." of earlier years
// (docs/aws-deviations.md).
func TestCreateVirtualMFADeviceErrors(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	w.newDevice(t, "phone")
	tests := []struct {
		name    string
		in      *awsiam.CreateVirtualMFADeviceInput
		code    string
		message string
	}{
		{"same name", &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String("phone")},
			"EntityAlreadyExists", "MFA device already exists."},
		{"same name in another case", &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String("PHONE")},
			"EntityAlreadyExists", "MFA device already exists."},
		{"duplicate tag keys", &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String("tagged"),
			Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}, {Key: aws.String("TEAM"), Value: aws.String("b")}}},
			"InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive."},
		{"reserved tag key", &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String("tagged"),
			Tags: []types.Tag{{Key: aws.String("aws:team"), Value: aws.String("a")}}}, "InvalidInput", ""},
		{"path without a leading slash", &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String("p"),
			Path: aws.String("invalid-path/")}, "ValidationError", ""},
		{"name with a space", &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String("my phone")},
			"ValidationError", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.root.CreateVirtualMFADevice(ctx, tc.in)
			stacktest.WantError(t, err, tc.code, tc.message)
		})
	}
	// No failed request left a device behind.
	out := iamtest.Must(t, w.root.ListVirtualMFADevices, &awsiam.ListVirtualMFADevicesInput{})
	var serials []string
	for _, d := range out.VirtualMFADevices {
		serials = append(serials, aws.ToString(d.SerialNumber))
	}
	if diff := iamtest.Diff([]string{"arn:aws:iam::" + w.AccountID() + ":mfa/phone"}, serials); diff != "" {
		t.Errorf("devices after failed creates (-want +got):\n%s", diff)
	}
}

func TestCreateVirtualMFADeviceWithTags(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	tags := []types.Tag{{Key: aws.String("owner"), Value: aws.String("alice")}, {Key: aws.String("team"), Value: aws.String("ops")}}
	out := iamtest.Must(t, w.root.CreateVirtualMFADevice, &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String("phone"), Tags: tags})
	opts := cmp.Comparer(func(a, b types.Tag) bool {
		return aws.ToString(a.Key) == aws.ToString(b.Key) && aws.ToString(a.Value) == aws.ToString(b.Value)
	})
	if diff := iamtest.Diff(tags, out.VirtualMFADevice.Tags, opts); diff != "" {
		t.Errorf("CreateVirtualMFADevice Tags (-want +got):\n%s", diff)
	}
	got, err := w.root.ListMFADeviceTags(ctx, &awsiam.ListMFADeviceTagsInput{SerialNumber: out.VirtualMFADevice.SerialNumber})
	if err != nil {
		t.Fatal(err)
	}
	if diff := iamtest.Diff(tags, got.Tags, opts); diff != "" {
		t.Errorf("ListMFADeviceTags (-want +got):\n%s", diff)
	}
}

// TestCreateVirtualMFADeviceQuota: an account holds at most as many virtual devices as its
// user quota.
func TestCreateVirtualMFADeviceQuota(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	acct := w.AccountID()
	err := w.Store().Update(ctx, func(tx store.Tx) error {
		for i := range 5000 {
			name := fmt.Sprintf("d%04d", i)
			if err := tx.MFADevices().Create(ctx, store.MFADevice{SerialNumber: "arn:aws:iam::" + acct + ":mfa/" + name,
				AccountID: acct, Kind: store.MFAVirtual, Name: name, Path: "/", SealedSeed: []byte{1}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.root.CreateVirtualMFADevice(ctx, &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String("one-too-many")})
	stacktest.WantError(t, err, "LimitExceeded", "Cannot exceed quota for VirtualMFADevicesPerAccount: 5000")
}

func serials(ds []types.VirtualMFADevice) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, aws.ToString(d.SerialNumber))
	}
	return out
}

func TestListVirtualMFADevices(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	ctx := t.Context()
	a := w.newDevice(t, "a")
	b := w.newDevice(t, "b")
	c := w.newDevice(t, "c")
	w.enable(t, "alice", b)
	tests := []struct {
		name   string
		status types.AssignmentStatusType
		want   []string
	}{
		{"no status is Any", "", []string{a.serial, b.serial, c.serial}},
		{"Any", types.AssignmentStatusTypeAny, []string{a.serial, b.serial, c.serial}},
		{"Assigned", types.AssignmentStatusTypeAssigned, []string{b.serial}},
		{"Unassigned", types.AssignmentStatusTypeUnassigned, []string{a.serial, c.serial}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := iamtest.Must(t, w.root.ListVirtualMFADevices, &awsiam.ListVirtualMFADevicesInput{AssignmentStatus: tc.status})
			if diff := iamtest.Diff(tc.want, serials(out.VirtualMFADevices)); diff != "" {
				t.Errorf("serials (-want +got):\n%s", diff)
			}
			if out.IsTruncated {
				t.Error("IsTruncated on a complete listing")
			}
		})
	}
	// The assigned device carries its user and enable date; none carries a seed, a QR code or tags.
	out, err := w.root.ListVirtualMFADevices(ctx, &awsiam.ListVirtualMFADevicesInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range out.VirtualMFADevices {
		if d.Base32StringSeed != nil || d.QRCodePNG != nil || d.Tags != nil {
			t.Errorf("%s: listed with a seed, QR code or tags", aws.ToString(d.SerialNumber))
		}
		if aws.ToString(d.SerialNumber) != b.serial {
			if d.User != nil || d.EnableDate != nil {
				t.Errorf("%s: unassigned device listed with User %v, EnableDate %v", aws.ToString(d.SerialNumber), d.User, d.EnableDate)
			}
			continue
		}
		want := &types.User{UserName: aws.String("alice"), Path: aws.String("/"), UserId: aws.String(iamtest.UserID(t, w.root, "alice")),
			Arn: aws.String("arn:aws:iam::" + w.AccountID() + ":user/alice")}
		if d.User == nil || d.EnableDate == nil {
			t.Fatalf("assigned device listed without User or EnableDate")
		}
		d.User.CreateDate = nil
		if diff := iamtest.Diff(want, d.User); diff != "" {
			t.Errorf("User (-want +got):\n%s", diff)
		}
		if !d.EnableDate.Equal(w.Clock().Now().UTC().Truncate(time.Second)) {
			t.Errorf("EnableDate = %v", d.EnableDate)
		}
	}
}

func TestListVirtualMFADevicesPages(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	var want []string
	for i := range 7 {
		want = append(want, w.newDevice(t, fmt.Sprintf("d%d", i)).serial)
	}
	got := serials(iamtest.All[types.VirtualMFADevice](t, w.root.ListVirtualMFADevices, &awsiam.ListVirtualMFADevicesInput{MaxItems: aws.Int32(2)}))
	if diff := iamtest.Diff(want, got); diff != "" {
		t.Errorf("paged serials (-want +got):\n%s", diff)
	}
	_, err := w.root.ListVirtualMFADevices(ctx, &awsiam.ListVirtualMFADevicesInput{Marker: aws.String("invalid-marker-value!")})
	stacktest.WantError(t, err, "ValidationError", "Invalid Marker.")
}

func TestListMFADevices(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	ctx := t.Context()
	var want []string
	for i := range 3 {
		d := w.newDevice(t, fmt.Sprintf("alice-%d", i))
		w.enable(t, "alice", d)
		want = append(want, d.serial)
	}
	w.enable(t, "bob", w.newDevice(t, "bob-0"))
	var got []string
	for _, d := range iamtest.All[types.MFADevice](t, w.root.ListMFADevices, &awsiam.ListMFADevicesInput{UserName: aws.String("alice"), MaxItems: aws.Int32(2)}) {
		if aws.ToString(d.UserName) != "alice" {
			t.Errorf("%s listed with user %s", aws.ToString(d.SerialNumber), aws.ToString(d.UserName))
		}
		got = append(got, aws.ToString(d.SerialNumber))
	}
	if diff := iamtest.Diff(want, got); diff != "" {
		t.Errorf("alice's devices (-want +got):\n%s", diff)
	}
	_, err := w.root.ListMFADevices(ctx, &awsiam.ListMFADevicesInput{UserName: aws.String("nobody")})
	stacktest.WantError(t, err, "NoSuchEntity", "The user with name nobody cannot be found.")
}
