package mfa

import (
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AWS's error texts. The device messages are confirmed against responses recorded from AWS
// (LocalStack's snapshot tests of IAM MFA devices, 2026); the ones marked "unconfirmed" follow
// AWS's wording for the nearest case.

func noSuchDevice(serial string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("MFA Device with serial number %s does not exist.", serial)
}

// deviceExists: CreateVirtualMFADevice with a name already used at that path. (AWS answered
// "MFADevice entity at the same path and name already exists." in earlier years.)
func deviceExists() *awserr.Error {
	return iamwire.ErrEntityAlreadyExists("MFA device already exists.")
}

// deviceInUse: EnableMFADevice for a device already enabled, for this user or another.
func deviceInUse() *awserr.Error {
	return iamwire.ErrEntityAlreadyExists("MFA Device is already in use.")
}

// invalidCode: EnableMFADevice's and ResyncMFADevice's answer for codes that are wrong, not
// consecutive, or out of the device's window.
func invalidCode() *awserr.Error {
	return iamwire.ErrInvalidAuthenticationCode("Authentication code for device is not valid.")
}

// deviceStillEnabled: DeleteVirtualMFADevice of a device still enabled for someone.
// Unconfirmed wording, in the form of IAM's other DeleteConflict messages.
func deviceStillEnabled() *awserr.Error {
	return core.DeleteConflict("deactivate MFA device")
}
