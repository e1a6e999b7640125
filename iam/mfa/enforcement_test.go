package mfa_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/totp"
)

// TestDeniedWithoutPermission: a user without permissions gets AWS's AccessDenied, naming the
// resource each action is authorized against, and learns nothing about what exists.
func TestDeniedWithoutPermission(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	acct := w.AccountID()
	creds := w.NewUser(t, "mallory")
	m := w.IAM(creds)
	w.newUser(t, "alice")
	dev := w.newDevice(t, "phone")
	userARN := func(name string) string { return "arn:aws:iam::" + acct + ":user/" + name }
	tests := []struct {
		name     string
		call     func() error
		action   string
		resource string
	}{
		{"CreateVirtualMFADevice", func() error {
			_, err := m.CreateVirtualMFADevice(ctx, &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String("x"), Path: aws.String("/p/")})
			return err
		}, "iam:CreateVirtualMFADevice", "arn:aws:iam::" + acct + ":mfa/p/x"},
		{"EnableMFADevice", func() error {
			_, err := m.EnableMFADevice(ctx, &awsiam.EnableMFADeviceInput{UserName: aws.String("alice"), SerialNumber: aws.String(dev.serial),
				AuthenticationCode1: aws.String("123456"), AuthenticationCode2: aws.String("234567")})
			return err
		}, "iam:EnableMFADevice", userARN("alice")},
		{"EnableMFADevice for a user that does not exist", func() error {
			_, err := m.EnableMFADevice(ctx, &awsiam.EnableMFADeviceInput{UserName: aws.String("ghost"), SerialNumber: aws.String(dev.serial),
				AuthenticationCode1: aws.String("123456"), AuthenticationCode2: aws.String("234567")})
			return err
		}, "iam:EnableMFADevice", userARN("ghost")},
		{"ResyncMFADevice", func() error {
			_, err := m.ResyncMFADevice(ctx, &awsiam.ResyncMFADeviceInput{UserName: aws.String("alice"), SerialNumber: aws.String(dev.serial),
				AuthenticationCode1: aws.String("123456"), AuthenticationCode2: aws.String("234567")})
			return err
		}, "iam:ResyncMFADevice", userARN("alice")},
		{"DeactivateMFADevice of one's own", func() error {
			_, err := m.DeactivateMFADevice(ctx, &awsiam.DeactivateMFADeviceInput{SerialNumber: aws.String(dev.serial)})
			return err
		}, "iam:DeactivateMFADevice", userARN("mallory")},
		{"DeleteVirtualMFADevice", func() error {
			_, err := m.DeleteVirtualMFADevice(ctx, &awsiam.DeleteVirtualMFADeviceInput{SerialNumber: aws.String(dev.serial)})
			return err
		}, "iam:DeleteVirtualMFADevice", dev.serial},
		{"DeleteVirtualMFADevice of a device that does not exist", func() error {
			_, err := m.DeleteVirtualMFADevice(ctx, &awsiam.DeleteVirtualMFADeviceInput{SerialNumber: aws.String("arn:aws:iam::" + acct + ":mfa/ghost")})
			return err
		}, "iam:DeleteVirtualMFADevice", "arn:aws:iam::" + acct + ":mfa/ghost"},
		{"ListMFADevices", func() error {
			_, err := m.ListMFADevices(ctx, &awsiam.ListMFADevicesInput{UserName: aws.String("alice")})
			return err
		}, "iam:ListMFADevices", userARN("alice")},
		{"ListVirtualMFADevices", func() error {
			_, err := m.ListVirtualMFADevices(ctx, &awsiam.ListVirtualMFADevicesInput{})
			return err
		}, "iam:ListVirtualMFADevices", "arn:aws:iam::" + acct + ":mfa/"},
		{"GetMFADevice", func() error {
			_, err := m.GetMFADevice(ctx, &awsiam.GetMFADeviceInput{UserName: aws.String("alice"), SerialNumber: aws.String(dev.serial)})
			return err
		}, "iam:GetMFADevice", userARN("alice")},
		{"TagMFADevice", func() error {
			_, err := m.TagMFADevice(ctx, &awsiam.TagMFADeviceInput{SerialNumber: aws.String(dev.serial), Tags: iamtest.Tags("a", "b")})
			return err
		}, "iam:TagMFADevice", dev.serial},
		{"UntagMFADevice", func() error {
			_, err := m.UntagMFADevice(ctx, &awsiam.UntagMFADeviceInput{SerialNumber: aws.String(dev.serial), TagKeys: []string{"a"}})
			return err
		}, "iam:UntagMFADevice", dev.serial},
		{"ListMFADeviceTags", func() error {
			_, err := m.ListMFADeviceTags(ctx, &awsiam.ListMFADeviceTagsInput{SerialNumber: aws.String(dev.serial)})
			return err
		}, "iam:ListMFADeviceTags", dev.serial},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stacktest.WantError(t, tc.call(), "AccessDenied", iamtest.Denied(creds.ARN, tc.action, tc.resource))
		})
	}
}

// selfManage is the core of AWS's policy letting users manage their own virtual MFA device
// (IAM User Guide, reference_policies_examples_aws_my-sec-creds-self-manage-mfa-only.html).
const selfManage = `{"Version":"2012-10-17","Statement":[
 {"Sid":"AllowListActions","Effect":"Allow","Action":["iam:ListUsers","iam:ListVirtualMFADevices"],"Resource":"*"},
 {"Sid":"AllowUserToCreateVirtualMFADevice","Effect":"Allow","Action":["iam:CreateVirtualMFADevice"],"Resource":"arn:aws:iam::*:mfa/*"},
 {"Sid":"AllowUserToManageTheirOwnMFA","Effect":"Allow","Action":["iam:EnableMFADevice","iam:GetMFADevice","iam:ListMFADevices","iam:ResyncMFADevice"],"Resource":"arn:aws:iam::*:user/${aws:username}"}
]}`

func TestSelfManagedMFA(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	creds := w.NewUser(t, "alice", selfManage)
	alice := w.IAM(creds)
	w.newUser(t, "bob")
	out := iamtest.Must(t, alice.CreateVirtualMFADevice, &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String("alice")})
	seed, err := totp.DecodeSeed(string(out.VirtualMFADevice.Base32StringSeed))
	if err != nil {
		t.Fatal(err)
	}
	dev := device{serial: aws.ToString(out.VirtualMFADevice.SerialNumber), seed: seed}
	enable := func(user string) error {
		_, err := alice.EnableMFADevice(ctx, &awsiam.EnableMFADeviceInput{UserName: aws.String(user), SerialNumber: aws.String(dev.serial),
			AuthenticationCode1: aws.String(w.code(dev, -1)), AuthenticationCode2: aws.String(w.code(dev, 0))})
		return err
	}
	stacktest.WantError(t, enable("bob"), "AccessDenied", iamtest.Denied(creds.ARN, "iam:EnableMFADevice", "arn:aws:iam::"+w.AccountID()+":user/bob"))
	if err := enable("alice"); err != nil {
		t.Fatalf("EnableMFADevice for oneself: %v", err)
	}
	if _, err := alice.ListMFADevices(ctx, &awsiam.ListMFADevicesInput{}); err != nil {
		t.Errorf("ListMFADevices of oneself: %v", err)
	}
	if _, err := alice.ListVirtualMFADevices(ctx, &awsiam.ListVirtualMFADevicesInput{}); err != nil {
		t.Errorf("ListVirtualMFADevices: %v", err)
	}
	// Not granted: deactivating without MFA.
	_, err = alice.DeactivateMFADevice(ctx, &awsiam.DeactivateMFADeviceInput{UserName: aws.String("alice"), SerialNumber: aws.String(dev.serial)})
	stacktest.WantError(t, err, "AccessDenied", "")
}

// TestMFADeviceABAC: tag conditions on devices (aws:RequestTag, aws:TagKeys, aws:ResourceTag)
// and on the user a device is enabled for.
func TestMFADeviceABAC(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	creds := w.NewUser(t, "ops", `{"Version":"2012-10-17","Statement":[
 {"Effect":"Allow","Action":["iam:CreateVirtualMFADevice","iam:TagMFADevice"],"Resource":"*",
  "Condition":{"StringEquals":{"aws:RequestTag/team":"ops"},"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}},
 {"Effect":"Allow","Action":["iam:DeleteVirtualMFADevice","iam:ListMFADeviceTags"],"Resource":"*",
  "Condition":{"StringEquals":{"aws:ResourceTag/team":"ops"}}},
 {"Effect":"Allow","Action":"iam:EnableMFADevice","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"ops"}}}
]}`)
	ops := w.IAM(creds)
	create := func(name string, tags ...string) error {
		_, err := ops.CreateVirtualMFADevice(ctx, &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String(name), Tags: iamtest.Tags(tags...)})
		return err
	}
	if err := create("tagged", "team", "ops"); err != nil {
		t.Errorf("CreateVirtualMFADevice with team=ops: %v", err)
	}
	stacktest.WantError(t, create("wrong-team", "team", "dev"), "AccessDenied", "")
	stacktest.WantError(t, create("untagged"), "AccessDenied", "")
	stacktest.WantError(t, create("extra-key", "team", "ops", "cost", "1"), "AccessDenied", "")

	other := w.newDevice(t, "other")
	tagged := "arn:aws:iam::" + w.AccountID() + ":mfa/tagged"
	if _, err := ops.ListMFADeviceTags(ctx, &awsiam.ListMFADeviceTagsInput{SerialNumber: aws.String(tagged)}); err != nil {
		t.Errorf("ListMFADeviceTags of a team=ops device: %v", err)
	}
	_, err := ops.ListMFADeviceTags(ctx, &awsiam.ListMFADeviceTagsInput{SerialNumber: aws.String(other.serial)})
	stacktest.WantError(t, err, "AccessDenied", "")
	_, err = ops.DeleteVirtualMFADevice(ctx, &awsiam.DeleteVirtualMFADeviceInput{SerialNumber: aws.String(other.serial)})
	stacktest.WantError(t, err, "AccessDenied", "")
	if _, err := ops.DeleteVirtualMFADevice(ctx, &awsiam.DeleteVirtualMFADeviceInput{SerialNumber: aws.String(tagged)}); err != nil {
		t.Errorf("DeleteVirtualMFADevice of a team=ops device: %v", err)
	}

	// EnableMFADevice is authorized on the user, with the user's tags.
	iamtest.Must(t, w.root.CreateUser, &awsiam.CreateUserInput{UserName: aws.String("carol"), Tags: iamtest.Tags("team", "ops")})
	w.newUser(t, "dave")
	enable := func(user string, dev device) error {
		_, err := ops.EnableMFADevice(ctx, &awsiam.EnableMFADeviceInput{UserName: aws.String(user), SerialNumber: aws.String(dev.serial),
			AuthenticationCode1: aws.String(w.code(dev, -1)), AuthenticationCode2: aws.String(w.code(dev, 0))})
		return err
	}
	stacktest.WantError(t, enable("dave", other), "AccessDenied", "")
	if err := enable("carol", other); err != nil {
		t.Errorf("EnableMFADevice for a team=ops user: %v", err)
	}
}
