package iam

import (
	"fmt"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AWS's error texts. Most are confirmed against responses recorded from AWS (LocalStack's
// snapshot tests of IAM users, access keys and inline policies, and error texts widely quoted
// in issues); the ones marked "unconfirmed" follow AWS's wording for the nearest case.

func noSuchUser(name string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("The user with name %s cannot be found.", name)
}

func userExists(name string) *awserr.Error {
	return iamwire.ErrEntityAlreadyExists("User with name %s already exists.", name)
}

func noSuchAccessKey(id string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("The Access Key with id %s cannot be found.", id)
}

func noSuchUserPolicy(name string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("The user policy with name %s cannot be found.", name)
}

func quotaExceeded(quota string, limit int) *awserr.Error {
	return iamwire.ErrLimitExceeded("Cannot exceed quota for %s: %d", quota, limit)
}

func userPolicySizeExceeded(user string) *awserr.Error {
	return iamwire.ErrLimitExceeded("Maximum policy size of %d bytes exceeded for user %s", MaxUserInlinePolicyChars, user)
}

// deleteConflict is DeleteUser's answer while something still depends on the user.
func deleteConflict(what string) *awserr.Error {
	return iamwire.ErrDeleteConflict("Cannot delete entity, must %s first.", what)
}

// noSuchBoundary: the permissions boundary policy does not exist. Unconfirmed wording
// (AWS's "Scope ARN: … does not exist or is not attachable." as quoted in issues).
func noSuchBoundary(arn string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("Scope ARN: %s does not exist or is not attachable.", arn)
}

func invalidBoundaryARN(arn string) *awserr.Error {
	return iamwire.ErrInvalidInput("ARN %s is not valid.", arn)
}

func duplicateTagKeys() *awserr.Error {
	return iamwire.ErrInvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
}

// reservedTagKey: a tag key with the reserved aws: prefix. Unconfirmed wording.
func reservedTagKey(key string) *awserr.Error {
	return iamwire.ErrInvalidInput("User-defined tag keys can't start with 'aws:' (tag key %s).", key)
}

func invalidMarker() *awserr.Error {
	return awserr.ValidationError("Invalid Marker.")
}

// nonUserCredentials: an operation that defaults to the calling user was called without a
// user name by a caller that is not an IAM user or root (a role session).
func nonUserCredentials() *awserr.Error {
	return awserr.ValidationError("Must specify userName when calling with non-User credentials")
}

func malformedPolicy(msg string) *awserr.Error {
	return iamwire.ErrMalformedPolicyDocument("%s", msg)
}

// keyLastUsedDenied is GetAccessKeyLastUsed's answer for a key that does not exist in the
// caller's account: AWS answers AccessDenied (to root too) rather than reveal whether the key
// exists, with this message form (recorded from AWS).
func keyLastUsedDenied(callerARN, keyID string) *awserr.Error {
	return awserr.AccessDenied(fmt.Sprintf("User: %s is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key %s", callerARN, keyID))
}
