package roles

import (
	"strconv"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AWS's error texts. Most are confirmed against responses recorded from AWS (LocalStack's
// snapshot tests of roles and instance profiles, and error texts quoted in issues about
// Terraform, CloudFormation and the CLI); the ones marked "unconfirmed" follow AWS's wording
// for the nearest case.

func roleExists(name string) *awserr.Error {
	return iamwire.ErrEntityAlreadyExists("Role with name %s already exists.", name)
}

func noSuchInstanceProfile(name string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("Instance Profile %s cannot be found.", name)
}

func instanceProfileExists(name string) *awserr.Error {
	return iamwire.ErrEntityAlreadyExists("Instance Profile %s already exists.", name)
}

func roleNotInProfile(role, profile string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("Role %s in Instance Profile %s cannot be found.", role, profile)
}

// invalidJSON is a trust policy that is not JSON at all.
func invalidJSON() *awserr.Error {
	return iamwire.ErrMalformedPolicyDocument("This policy contains invalid Json")
}

// invalidPrincipal names the principal as AWS does: "AWS":"arn:…", "SERVICE":"name".
func invalidPrincipal(kind, value string) *awserr.Error {
	return iamwire.ErrMalformedPolicyDocument("Invalid principal in policy: %s:%s", strconv.Quote(kind), strconv.Quote(value))
}

func invalidFederated() *awserr.Error {
	return iamwire.ErrMalformedPolicyDocument("Federated principals must be valid domain names or SAML metadata ARNs")
}

// reservedPath: CreateRole with the path IAM keeps for service-linked roles.
func reservedPath() *awserr.Error {
	return iamwire.ErrInvalidInput("Path prefix '%s' can only be used for AWS Service linked Roles", serviceRolePath)
}

// slrSessionDuration: UpdateRole of a service-linked role's MaxSessionDuration. Unconfirmed
// wording.
func slrSessionDuration(name string) *awserr.Error {
	return iamwire.ErrUnmodifiableEntity("%s is an AWS service linked role, max session duration cannot be changed.", name)
}

func suffixNotAllowed(service string) *awserr.Error {
	return iamwire.ErrInvalidInput("Custom suffix is not allowed for %s", service)
}

func serviceRoleNameTaken(name string) *awserr.Error {
	return iamwire.ErrInvalidInput("Service role name %s has been taken in this account, please try a different suffix.", name)
}

// unknownService: CreateServiceLinkedRole for a service Gatehouse has no service-linked role
// for. Unconfirmed wording.
func unknownService(service string) *awserr.Error {
	return iamwire.ErrInvalidInput("Invalid AWSServiceName: %s does not support service-linked roles.", service)
}

// notServiceLinked: DeleteServiceLinkedRole of a customer role. Unconfirmed wording.
func notServiceLinked(name string) *awserr.Error {
	return iamwire.ErrInvalidInput("Role %s is not a service-linked role.", name)
}

// invalidTaskID and noSuchTask answer GetServiceLinkedRoleDeletionStatus. Unconfirmed wording.
func invalidTaskID(id string) *awserr.Error {
	return iamwire.ErrInvalidInput("DeletionTaskId %s is not valid.", id)
}

func noSuchTask(id string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("Deletion task %s cannot be found.", id)
}
