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
