package policies

import (
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AWS's error texts. Most are confirmed against responses recorded from AWS (LocalStack's
// snapshot tests of managed policies, policy versions, tags and ListEntitiesForPolicy) or
// quoted verbatim in many issues and runbooks; the ones marked "unconfirmed" follow AWS's
// wording for the nearest case.

// noSuchPolicy is GetPolicy's, AttachUserPolicy's and ListEntitiesForPolicy's answer for a
// policy that does not exist (or is not the caller's to use).
func noSuchPolicy(arn string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("Policy %s does not exist or is not attachable.", arn)
}

// policyNotFound is the answer of TagPolicy, UntagPolicy and ListPolicyTags for a missing
// policy, of DeletePolicy (unconfirmed there), and of Detach*Policy for a policy that is not
// attached.
func policyNotFound(arn string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("Policy %s was not found.", arn)
}

func noSuchVersion(arn, version string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("Policy %s version %s does not exist or is not attachable.", arn, version)
}

func policyExists(name string) *awserr.Error {
	return iamwire.ErrEntityAlreadyExists("A policy called %s already exists. Duplicate names are not allowed.", name)
}

func invalidARN(arn string) *awserr.Error {
	return iamwire.ErrInvalidInput("ARN %s is not valid.", arn)
}

func tooManyVersions() *awserr.Error {
	return iamwire.ErrLimitExceeded("A managed policy can have up to %d versions. Before you create a new version, you must delete an existing version.", MaxPolicyVersions)
}

func deleteDefaultVersion() *awserr.Error {
	return iamwire.ErrDeleteConflict("Cannot delete the default version of a policy.")
}

// policyInUse: DeletePolicy while the policy is attached, or (unconfirmed) while it is a
// permissions boundary.
func policyInUse() *awserr.Error {
	return iamwire.ErrDeleteConflict("Cannot delete a policy attached to entities.")
}

func policyHasVersions() *awserr.Error {
	return iamwire.ErrDeleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
}

// serviceRolePolicy: a policy of /aws-service-role/ attached to, or set as the boundary of,
// anything but a service-linked role.
func serviceRolePolicy() *awserr.Error {
	return iamwire.ErrPolicyNotAttachable("Cannot attach a Service Role Policy to a Customer Role.")
}

// duplicatePolicyTagKeys: AWS's text for policies, which (unlike users') does not mention case.
func duplicatePolicyTagKeys() *awserr.Error {
	return iamwire.ErrInvalidInput("Duplicate tag keys found.")
}

// unknownNamespace: ListPoliciesGrantingServiceAccess with a service namespace the Service
// Authorization Reference does not define. Unconfirmed wording.
func unknownNamespace(ns string) *awserr.Error {
	return iamwire.ErrInvalidInput("The service namespace %s is not valid.", ns)
}

// notAnIdentity: ListPoliciesGrantingServiceAccess with an ARN that names no user, group or
// role. Unconfirmed wording.
func notAnIdentity(arn string) *awserr.Error {
	return iamwire.ErrInvalidInput("ARN %s is not a valid user, group or role ARN.", arn)
}
