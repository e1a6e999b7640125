// Package totp implements the one-time passwords of virtual MFA devices: HOTP (RFC 4226) and
// TOTP (RFC 6238) with HMAC-SHA-1, six digits and 30-second time-steps, as AWS virtual MFA
// devices and the authenticator apps that scan their QR codes use them; the seeds AWS issues
// (40 random bytes, 64 Base32 characters); and the otpauth:// URI their QR codes carry.
//
// It is a leaf of its own (standard library only) because three parts of Gatehouse check codes
// — IAM's EnableMFADevice and ResyncMFADevice, STS's GetSessionToken and AssumeRole through
// authz, and later the console sign-in — and none of them should own the algorithm. It knows
// nothing of devices, storage or replay: callers keep the last accepted time-step and refuse a
// step not after it (RFC 6238 §5.2).
package totp
