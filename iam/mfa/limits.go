package mfa

import "github.com/gatehouse-iam/gatehouse/iam/internal/core"

// AWS quotas of the mfa family. Source: IAM User Guide, "IAM and AWS STS quotas"
// (reference_iam-quotas.html), and the MFA chapter it points to (id_credentials_mfa.html).
const (
	// MaxMFADevicesPerUser: "You can register up to eight MFA devices of any combination of
	// the currently supported MFA types with your AWS account root user and IAM users."
	MaxMFADevicesPerUser = 8
	// MaxVirtualMFADevicesPerAccount: "Virtual MFA devices (assigned or unassigned) in an
	// AWS account: Equal to the user quota for the account" ("IAM users in an AWS account:
	// 5000").
	MaxVirtualMFADevicesPerAccount = 5000
	// MaxTagsPerDevice: "Tags per IAM resource: 50".
	MaxTagsPerDevice = core.MaxTagsPerResource
)

// SyncWindow is how far, in time-steps either side of the server's clock, EnableMFADevice and
// ResyncMFADevice look for their two consecutive codes: an hour (120 steps of 30 s). AWS
// documents that codes submitted late still enable the device, which is then out of sync until
// resynchronized, and that resynchronizing realigns a device whose clock has drifted; it does
// not publish its window. An hour covers a phone or token clock set a few minutes wrong and a
// late submission, while two consecutive six-digit codes still match by chance with odds of
// about 241 in 10^12.
const SyncWindow = 120

// qrIssuer is the issuer AWS's QR codes name (otpauth://totp/Amazon%20Web%20Services:DEVICE@ACCOUNT?…&issuer=…),
// which authenticator apps show as the account's title.
const qrIssuer = "Amazon Web Services"
