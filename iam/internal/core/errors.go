package core

import (
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AWS's error texts shared by several families. Most are confirmed against responses recorded
// from AWS (LocalStack's snapshot tests, and error texts widely quoted in issues); the ones
// marked "unconfirmed" follow AWS's wording for the nearest case.

// QuotaExceeded is IAM's LimitExceeded for a named account or entity quota.
func QuotaExceeded(quota string, limit int) *awserr.Error {
	return iamwire.ErrLimitExceeded("Cannot exceed quota for %s: %d", quota, limit)
}

// DeleteConflict is a Delete operation's answer while something still depends on the entity.
func DeleteConflict(what string) *awserr.Error {
	return iamwire.ErrDeleteConflict("Cannot delete entity, must %s first.", what)
}

// NoSuchBoundary: the permissions boundary policy does not exist. Unconfirmed wording
// (AWS's "Scope ARN: … does not exist or is not attachable." as quoted in issues).
func NoSuchBoundary(arn string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("Scope ARN: %s does not exist or is not attachable.", arn)
}

func InvalidBoundaryARN(arn string) *awserr.Error {
	return iamwire.ErrInvalidInput("ARN %s is not valid.", arn)
}

func DuplicateTagKeys() *awserr.Error {
	return iamwire.ErrInvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
}

// ReservedTagKey: a tag key with the reserved aws: prefix. Unconfirmed wording.
func ReservedTagKey(key string) *awserr.Error {
	return iamwire.ErrInvalidInput("User-defined tag keys can't start with 'aws:' (tag key %s).", key)
}

func InvalidMarker() *awserr.Error {
	return awserr.ValidationError("Invalid Marker.")
}

// NonUserCredentials: an operation that defaults to the calling user was called without a
// user name by a caller that is not an IAM user or root (a role session).
func NonUserCredentials() *awserr.Error {
	return awserr.ValidationError("Must specify userName when calling with non-User credentials")
}

func MalformedPolicy(msg string) *awserr.Error {
	return iamwire.ErrMalformedPolicyDocument("%s", msg)
}
