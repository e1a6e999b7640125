package credentials

import (
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AWS's error texts. Those without a note are confirmed against responses recorded from AWS
// (LocalStack's snapshot tests of login profiles, SSH keys and signing certificates, and error
// texts quoted in issues); the ones marked "unconfirmed" follow AWS's wording for the nearest
// case.

func loginProfileExists(name string) *awserr.Error {
	return iamwire.ErrEntityAlreadyExists("Login Profile for user %s already exists.", name)
}

func noSuchLoginProfile(name string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("Login Profile for User %s cannot be found.", name)
}

// passwordPolicyViolation is AWS's one message for every rule a new password breaks (quoted
// from AWS in tools' bug reports); AWS does not say which rule.
func passwordPolicyViolation() *awserr.Error {
	return iamwire.ErrPasswordPolicyViolation("Password does not conform to the account password policy.")
}

// missingPassword: CreateLoginProfile without a Password, which only AssumeRoot sessions may
// omit. AWS's message for a missing required member.
func missingPassword() *awserr.Error {
	return awserr.ValidationError("1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null")
}

// notAnIAMUser: ChangePassword by root or a role session (InvalidUserType, as AWS's CLI
// documentation says of root). Unconfirmed wording.
func notAnIAMUser() *awserr.Error {
	return iamwire.ErrInvalidUserType("Only IAM users can change their own password.")
}

// wrongOldPassword: ChangePassword with an OldPassword that does not match. Unconfirmed.
func wrongOldPassword() *awserr.Error {
	return awserr.AccessDenied("The old password is incorrect.")
}

// passwordHardExpired: ChangePassword by a user whose password has expired under a policy
// with HardExpiry, which only an administrator can reset. Unconfirmed.
func passwordHardExpired() *awserr.Error {
	return awserr.AccessDenied("The password has expired and can be reset only by an administrator.")
}

func noSuchSSHPublicKey(id string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("The Public Key with id %s cannot be found.", id)
}

// duplicateSSHPublicKey: unconfirmed wording (the model's description of the error).
func duplicateSSHPublicKey() *awserr.Error {
	return iamwire.ErrDuplicateSSHPublicKey("The SSH public key is already associated with the specified IAM user.")
}

// invalidPublicKey: a key in a recognized encoding that is not a usable key. Unconfirmed
// wording.
func invalidPublicKey(why string) *awserr.Error {
	return iamwire.ErrInvalidPublicKey("The public key is invalid: %s.", why)
}

// unrecognizedPublicKeyEncoding: unconfirmed wording (the model's description of the error).
func unrecognizedPublicKeyEncoding() *awserr.Error {
	return iamwire.ErrUnrecognizedPublicKeyEncoding("The public key encoding format is unsupported or unrecognized.")
}

func malformedCertificate(body string) *awserr.Error {
	return iamwire.ErrMalformedCertificate("Certificate %s is malformed.", body)
}

// expiredCertificate: the model says MalformedCertificate covers "malformed or expired"
// certificates. Unconfirmed wording.
func expiredCertificate() *awserr.Error {
	return iamwire.ErrMalformedCertificate("The certificate has expired.")
}

// invalidCertificate: a well-formed certificate IAM cannot use. Unconfirmed wording.
func invalidCertificate(why string) *awserr.Error {
	return iamwire.ErrInvalidCertificate("The certificate is invalid: %s.", why)
}

// duplicateCertificate: unconfirmed wording.
func duplicateCertificate(id string) *awserr.Error {
	return iamwire.ErrDuplicateCertificate("The Certificate with id %s already exists.", id)
}

func noSuchCertificate(id string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("The Certificate with id %s cannot be found.", id)
}

func notSupportedService(name string) *awserr.Error {
	return iamwire.ErrNotSupportedService("No such service %s is supported for Service Specific Credentials", name)
}

func noSuchServiceCredential(id string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("No such credential %s exists", id)
}

// ageDaysNotSupported: CredentialAgeDays for a service whose credentials do not expire.
// Unconfirmed wording.
func ageDaysNotSupported(service string) *awserr.Error {
	return awserr.ValidationError("CredentialAgeDays is not supported for service %s.", service)
}

// userNameWithAllUsers: ListServiceSpecificCredentials with both UserName and AllUsers, which
// the model says cannot be combined. Unconfirmed wording.
func userNameWithAllUsers() *awserr.Error {
	return awserr.ValidationError("UserName and AllUsers cannot be specified together.")
}

// badStatus: the model's statusType also lists Expired, which a caller cannot set.
func badStatus(status iamwire.StatusType) *awserr.Error {
	return awserr.ValidationError("1 validation error detected: Value '%s' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]", status)
}
