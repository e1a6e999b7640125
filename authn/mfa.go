package authn

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/totp"
)

// AWS's answers when a one-time code does not pass, as STS gives them (AccessDenied, 403) for
// GetSessionToken and AssumeRole called with SerialNumber and TokenCode. The texts are AWS's,
// as recorded in tools that match on them; the first keeps AWS's trailing space (client code
// compares the whole message) and the second its two spaces after "code.".
const (
	mfaInvalidCodeMessage   = "MultiFactorAuthentication failed with invalid MFA one time pass code. "
	mfaUnknownDeviceMessage = "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user."
)

// MFAInvalidCode is VerifyMFA's answer for a wrong code, a code outside the device's window,
// or a code (or an older one) already accepted once.
func MFAInvalidCode() *awserr.Error { return awserr.AccessDenied(mfaInvalidCodeMessage) }

// MFAUnknownDevice is VerifyMFA's answer for a serial number that names no device of the
// account, a device not enabled, or a device enabled for someone else.
func MFAUnknownDevice() *awserr.Error { return awserr.AccessDenied(mfaUnknownDeviceMessage) }

// VerifyMFA checks a one-time code from an MFA device of accountID and consumes it: the device
// named serialNumber must be enabled for the holder: holderID is the caller's unique ID — an IAM
// user's (AIDA…), whose own device it must be, or the account ID for the root user, whose own
// device it must be; "" (a role session, which has no devices of its own) accepts any device
// enabled in the account. The code must be the device's code at the authorizer's clock, allowing for the device's
// recorded clock drift and totp.Skew steps either side, and must be of a later time-step than
// any code the device had accepted before (EnableMFADevice, ResyncMFADevice or an earlier
// VerifyMFA), so a code works once, never twice (RFC 6238 §5.2). Finding the device, checking
// the code and recording its time-step happen in one store transaction, so two requests racing
// with one code cannot both pass.
//
// It returns nil when the code passes; MFAUnknownDevice or MFAInvalidCode (AccessDenied
// *awserr.Error values, with STS's messages) when it does not; another error when the store
// or the sealed seed could not be read. The caller records the time of the check (aws:MultiFactorAuthAge
// counts from it); VerifyMFA writes nothing else.
func (a *Authenticator) VerifyMFA(ctx context.Context, accountID, holderID, serialNumber, code string) error {
	if a.secrets == nil {
		return errors.New("authn: no secret opener configured")
	}
	now := a.now()
	return a.raw.Update(ctx, func(tx store.Tx) error {
		m := tx.MFADevices()
		d, err := m.Get(ctx, serialNumber)
		if errors.Is(err, store.ErrNotFound) {
			return MFAUnknownDevice()
		}
		if err != nil {
			return fmt.Errorf("authn: reading MFA device: %w", err)
		}
		enabled := d.UserID != "" || d.RootUser
		held := holderID == "" || (d.RootUser && holderID == accountID) || (!d.RootUser && d.UserID == holderID)
		if d.AccountID != accountID || !enabled || !held || len(d.SealedSeed) == 0 || d.Kind == store.MFAPasskey {
			return MFAUnknownDevice()
		}
		drift, err := m.Drift(ctx, d.SerialNumber)
		if err != nil {
			return fmt.Errorf("authn: reading MFA device: %w", err)
		}
		seed, err := a.OpenMFASeed(&d)
		if err != nil {
			return err
		}
		step, ok := totp.Match(seed, code, totp.Step(now)+drift, totp.Skew)
		clear(seed)
		if !ok || step <= d.LastTimeStep {
			return MFAInvalidCode()
		}
		if err := m.AcceptTimeStep(ctx, d.SerialNumber, step); errors.Is(err, store.ErrConflict) {
			return MFAInvalidCode()
		} else if err != nil {
			return fmt.Errorf("authn: recording an MFA code: %w", err)
		}
		return nil
	})
}

// OpenMFASeed opens the TOTP seed of an MFA device, sealed (by the IAM service, with the serial
// number as associated data) under the same keys as secret access keys. The caller should clear
// the seed when done and must never log it. IAM's EnableMFADevice and ResyncMFADevice use it to
// check their two codes.
func (a *Authenticator) OpenMFASeed(d *store.MFADevice) ([]byte, error) {
	if a.secrets == nil {
		return nil, errors.New("authn: no secret opener configured")
	}
	seed, err := a.secrets.Open(d.SealedSeed, []byte(d.SerialNumber))
	if err != nil {
		return nil, fmt.Errorf("authn: opening the seed of MFA device %s: %w", d.SerialNumber, err)
	}
	return seed, nil
}
