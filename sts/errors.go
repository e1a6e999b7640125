package sts

import (
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// AWS's STS errors and their messages. Messages come from AWS's answers as recorded by
// LocalStack's snapshot tests against AWS (tests/aws/services/sts/test_sts.snapshot.json) and
// by tools and issue reports quoting them; those marked "unconfirmed" are Gatehouse's wording
// where no recorded answer was found.

// errRootAssumeRole: the root user may not assume roles.
func errRootAssumeRole() error {
	return awserr.AccessDenied("Roles may not be assumed by root accounts.")
}

// errSessionCredentials: GetSessionToken and GetFederationToken need long-term credentials
// ("Cannot call GetSessionToken with session credentials"). Gatehouse gives the same answer
// for the other STS operations such credentials may not call (unconfirmed for those).
func errSessionCredentials(operation string) error {
	return awserr.AccessDenied("Cannot call " + operation + " with session credentials")
}

// errAssumeRoleDenied is AssumeRole's answer when the role does not exist: the same as when
// its trust policy does not allow the caller, so existence is not revealed.
func errAssumeRoleDenied(callerARN, action, roleARN string) error {
	return awserr.AccessDenied("User: " + callerARN + " is not authorized to perform: " + action + " on resource: " + roleARN)
}

// errInvalidARN: a RoleArn that does not parse ("nothing-valid-in-here is invalid").
func errInvalidARN(arn string) error {
	return awserr.ValidationError("%s is invalid", arn)
}

func errMaxSessionDuration() error {
	return awserr.ValidationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
}

func errChainedDuration() error {
	return awserr.ValidationError("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
}

func errDuplicateTags() error {
	return awserr.InvalidParameterValue("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
}

func errTransitiveNotInTags() error {
	return awserr.InvalidParameterValue("The specified transitive tag key must be included in the requested tags.")
}

// errTransitiveConflict: a passed tag that would override one inherited as transitive.
// Recorded for a passed transitive key; unconfirmed for a passed non-transitive tag.
func errTransitiveConflict() error {
	return awserr.InvalidParameterValue("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.")
}

// errReservedTagKey: tag keys may not begin with "aws:" (IAM User Guide, "Tagging IAM and
// AWS STS resources"). Message unconfirmed.
func errReservedTagKey(key string) error {
	return awserr.InvalidParameterValue("Tag keys starting with 'aws:' are reserved for AWS use: %s", key)
}

// errSourceIdentityChange: a chained session may not change the source identity it inherits
// (IAM User Guide, "Monitor and control actions taken with assumed roles"). Message
// unconfirmed.
func errSourceIdentityChange() error {
	return awserr.AccessDenied("The source identity of a role session cannot be changed: the calling session's source identity is already set.")
}

func errPackedPolicy(percent int) error {
	return stswire.ErrPackedPolicyTooLarge("Packed policy consumes %d%% of allotted space, please use smaller policy.", percent)
}

func errPackedTags(percent int) error {
	return stswire.ErrPackedPolicyTooLarge("Packed size of session tags consumes %d%% of allotted space.", percent)
}

// errMalformedPolicy: an inline session policy that is not valid, with the validator's
// first problem (IAM's wording).
func errMalformedPolicy(msg string) error {
	return stswire.ErrMalformedPolicyDocument("%s", msg)
}

// errPolicyARN: a managed session policy ARN that names no policy usable by the session.
// Message unconfirmed (AWS answers MalformedPolicyDocument).
func errPolicyARN(arn string) error {
	return stswire.ErrMalformedPolicyDocument("Policy %s does not exist or is not attachable.", arn)
}

// errTooManyPolicyARNs: more than 10 managed session policies. Message unconfirmed: it is the
// form of a model constraint's answer, but the STS model bounds policyDescriptorListType by
// no length, so it is not the generated one (looked: the model, the API reference's "up to 10
// managed policy ARNs", GitHub code and issues).
func errTooManyPolicyARNs(n int) error {
	return awserr.ValidationError("1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to %d", n)
}

// errInvalidMessage: DecodeAuthorizationMessage given something Gatehouse did not encode for
// the caller's account. Message unconfirmed.
func errInvalidMessage() error {
	return stswire.ErrInvalidAuthorizationMessageException("Message is not valid")
}

// errPolicyTooLong: an inline session policy over 2,048 characters. The STS model once
// bounded the parameter, and AWS answered with the model's validation message; the model now
// leaves it unbounded and the service checks it. Message unconfirmed for the current service.
func errPolicyTooLong(limit int) error {
	return awserr.ValidationError("1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to %d", limit)
}
