package mfa_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
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
	w := newWorld(t, "bob")
	creds := w.NewUser(t, "alice", selfManage)
	alice := w.IAM(creds)
	out := iamtest.Must(t, alice.CreateVirtualMFADevice, &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String("alice")})
	seed, err := totp.DecodeSeed(string(out.VirtualMFADevice.Base32StringSeed))
	if err != nil {
		t.Fatal(err)
	}
	dev := device{serial: aws.ToString(out.VirtualMFADevice.SerialNumber), seed: seed}
	iamtest.Enforce(t, creds.ARN, w.AccountID(), []iamtest.Call{
		{"EnableMFADevice for another user", w.enableAs(alice, "bob", dev), "iam:EnableMFADevice", "user/bob"},
		{"EnableMFADevice for oneself", w.enableAs(alice, "alice", dev), "", ""},
		{"ListMFADevices of oneself", iamtest.Do(alice.ListMFADevices, &awsiam.ListMFADevicesInput{}), "", ""},
		{"ListVirtualMFADevices", iamtest.Do(alice.ListVirtualMFADevices, &awsiam.ListVirtualMFADevicesInput{}), "", ""},
		// Not granted: deactivating (AWS's policy allows it only with MFA).
		{"DeactivateMFADevice", iamtest.Do(alice.DeactivateMFADevice, &awsiam.DeactivateMFADeviceInput{UserName: aws.String("alice"),
			SerialNumber: aws.String(dev.serial)}), "iam:DeactivateMFADevice", "user/alice"},
	})
}

// TestMFADeviceABAC: tag conditions on devices (aws:RequestTag, aws:TagKeys, aws:ResourceTag)
// and on the user a device is enabled for.
func TestMFADeviceABAC(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "dave")
	creds := w.NewUser(t, "ops", `{"Version":"2012-10-17","Statement":[
 {"Effect":"Allow","Action":["iam:CreateVirtualMFADevice","iam:TagMFADevice"],"Resource":"*",
  "Condition":{"StringEquals":{"aws:RequestTag/team":"ops"},"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}},
 {"Effect":"Allow","Action":["iam:DeleteVirtualMFADevice","iam:ListMFADeviceTags"],"Resource":"*",
  "Condition":{"StringEquals":{"aws:ResourceTag/team":"ops"}}},
 {"Effect":"Allow","Action":"iam:EnableMFADevice","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"ops"}}}
]}`)
	ops := w.IAM(creds)
	iamtest.Must(t, w.root.CreateUser, &awsiam.CreateUserInput{UserName: aws.String("carol"), Tags: iamtest.Tags("team", "ops")})
	other := w.newDevice(t, "other")
	create := func(name string, tags ...string) func() error {
		return iamtest.Do(ops.CreateVirtualMFADevice, &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String(name), Tags: iamtest.Tags(tags...)})
	}
	serial := func(name string) *string { return aws.String("arn:aws:iam::" + w.AccountID() + ":mfa/" + name) }
	iamtest.Enforce(t, creds.ARN, w.AccountID(), []iamtest.Call{
		{"CreateVirtualMFADevice with team=ops", create("tagged", "team", "ops"), "", ""},
		{"CreateVirtualMFADevice with another team", create("wrong-team", "team", "dev"), "iam:CreateVirtualMFADevice", "mfa/wrong-team"},
		{"CreateVirtualMFADevice untagged", create("untagged"), "iam:CreateVirtualMFADevice", "mfa/untagged"},
		{"CreateVirtualMFADevice with an extra key", create("extra-key", "team", "ops", "cost", "1"), "iam:CreateVirtualMFADevice", "mfa/extra-key"},
		{"ListMFADeviceTags of a team=ops device", iamtest.Do(ops.ListMFADeviceTags, &awsiam.ListMFADeviceTagsInput{SerialNumber: serial("tagged")}), "", ""},
		{"ListMFADeviceTags of another", iamtest.Do(ops.ListMFADeviceTags, &awsiam.ListMFADeviceTagsInput{SerialNumber: serial("other")}),
			"iam:ListMFADeviceTags", "mfa/other"},
		{"DeleteVirtualMFADevice of another", iamtest.Do(ops.DeleteVirtualMFADevice, &awsiam.DeleteVirtualMFADeviceInput{SerialNumber: serial("other")}),
			"iam:DeleteVirtualMFADevice", "mfa/other"},
		{"DeleteVirtualMFADevice of a team=ops device", iamtest.Do(ops.DeleteVirtualMFADevice, &awsiam.DeleteVirtualMFADeviceInput{SerialNumber: serial("tagged")}),
			"", ""},
		// EnableMFADevice is authorized on the user, with the user's tags.
		{"EnableMFADevice for an untagged user", w.enableAs(ops, "dave", other), "iam:EnableMFADevice", "user/dave"},
		{"EnableMFADevice for a team=ops user", w.enableAs(ops, "carol", other), "", ""},
	})
}

// enableAs is EnableMFADevice of dev for user, called with c, with the codes of the previous
// and the current time-step.
func (w *world) enableAs(c *awsiam.Client, user string, dev device) func() error {
	return iamtest.Do(c.EnableMFADevice, &awsiam.EnableMFADeviceInput{UserName: aws.String(user), SerialNumber: aws.String(dev.serial),
		AuthenticationCode1: aws.String(w.code(dev, -1)), AuthenticationCode2: aws.String(w.code(dev, 0))})
}
