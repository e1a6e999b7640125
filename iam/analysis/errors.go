package analysis

import (
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AWS's error texts. Those confirmed against responses recorded from AWS say so; the others,
// marked "unconfirmed", follow AWS's wording for the nearest case (the NoSuchEntity texts are
// the ones the other IAM operations answer for the same entities).

func noSuchEntity(kind entityKind, name string) *awserr.Error {
	switch kind {
	case kindGroup:
		return iamwire.ErrNoSuchEntity("The group with name %s cannot be found.", name)
	case kindRole:
		return iamwire.ErrNoSuchEntity("The role with name %s cannot be found.", name)
	case kindPolicy:
		return iamwire.ErrNoSuchEntity("Policy %s does not exist or is not attachable.", name)
	}
	return iamwire.ErrNoSuchEntity("The user with name %s cannot be found.", name)
}

// invalidARN: an ARN that is not one of the entity ARNs the operation takes. Unconfirmed
// wording (IAM's answer to a malformed policy ARN).
func invalidARN(s string) *awserr.Error {
	return iamwire.ErrInvalidInput("ARN %s is not valid.", s)
}

// invalidCaller is the simulator's answer when a resource policy is simulated without an IAM
// user as the caller (recorded from AWS for SimulatePrincipalPolicy with a role).
func invalidCaller() *awserr.Error {
	return iamwire.ErrInvalidInput("Invalid caller - Caller must be an IAM user in this context.")
}

// invalidCallerARN: a CallerArn that is not an IAM user's ARN. Unconfirmed wording.
func invalidCallerARN(s string) *awserr.Error {
	return iamwire.ErrInvalidInput("Invalid caller ARN %s: the caller must be an IAM user.", s)
}

// invalidPolicyInput: a policy of the request that does not parse or breaks the grammar, with
// the validator's message (MalformedPolicyDocument's text elsewhere in IAM). Unconfirmed
// framing: the simulation operations answer InvalidInput, the only client error they model.
func invalidPolicyInput(param string, n int, msg string) *awserr.Error {
	return iamwire.ErrInvalidInput("Invalid policy in %s.%d: %s", param, n, msg)
}

// invalidExclusion: an entry of PolicyExclusionList that is not a valid identifier (a
// malformed ARN, a wildcard where none is allowed). The code is the API reference's
// ("cause the request to fail with an InvalidInput error"); the wording is unconfirmed.
func invalidExclusion(where, value string) *awserr.Error {
	return iamwire.ErrInvalidInput("Invalid policy identifier in %s: %s", where, value)
}

// tooManyBoundaries: more than one document in PermissionsBoundaryPolicyInputList ("You can
// input only one permissions boundary"). Unconfirmed wording.
func tooManyBoundaries() *awserr.Error {
	return iamwire.ErrInvalidInput("Only one permissions boundary policy can be simulated.")
}

// invalidResourceOwner: a ResourceOwner that is neither an account ID nor an ARN with one.
// Unconfirmed wording.
func invalidResourceOwner(s string) *awserr.Error {
	return iamwire.ErrInvalidInput("Invalid ResourceOwner %s: it must be an account ID or an account ARN.", s)
}

// invalidResourceHandlingOption: not one of the EC2 scenarios. Unconfirmed wording.
func invalidResourceHandlingOption(s string) *awserr.Error {
	return iamwire.ErrInvalidInput("Invalid ResourceHandlingOption %s.", s)
}

// invalidContextEntry: a ContextEntry without a name, with a value that does not fit its
// type, or with several values for a single-valued type. Unconfirmed wording.
func invalidContextEntry(name, why string) *awserr.Error {
	return iamwire.ErrInvalidInput("Invalid context entry %s: %s", name, why)
}

// noSuchJob: GetServiceLastAccessedDetails and friends for a JobId the account does not
// have. Unconfirmed wording.
func noSuchJob(id string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("The job with ID %s cannot be found.", id)
}

// federationEnabled, federationDisabled: outbound web identity federation already in the
// requested state (or off, for GetOutboundWebIdentityFederationInfo), in the words of the
// model's descriptions of FeatureEnabledException and FeatureDisabledException. Unconfirmed as
// message texts.
func federationEnabled() *awserr.Error {
	return iamwire.ErrFeatureEnabled("Outbound identity federation is already enabled for your AWS account.")
}

func federationDisabled() *awserr.Error {
	return iamwire.ErrFeatureDisabled("Outbound identity federation is disabled for your AWS account.")
}
