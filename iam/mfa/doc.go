// Package mfa implements IAM's operations on multi-factor authentication devices: virtual MFA
// devices (CreateVirtualMFADevice, DeleteVirtualMFADevice, ListVirtualMFADevices and their tags)
// and the devices enabled for users (EnableMFADevice, ResyncMFADevice, DeactivateMFADevice,
// ListMFADevices, GetMFADevice). Package iam composes it with the other operation families.
//
// A virtual device is a TOTP seed (package totp) sealed at rest with the service's secrets,
// with the serial number as associated data. Enabling and resyncing a device prove possession
// with two consecutive codes and record the device's clock drift and the last time-step
// accepted; authz.VerifyMFA, which STS calls, checks later codes against both and refuses a
// code it has accepted before.
package mfa
