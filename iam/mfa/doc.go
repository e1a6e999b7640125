// Package mfa implements IAM's operations on multi-factor authentication devices: virtual MFA devices (TOTP), enabling, resyncing, deactivating and listing them.
// Package iam composes it with the other operation families.
package mfa
