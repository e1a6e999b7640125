package org

import (
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// The errors of the Organizations API Reference, with its messages.

// errAccessDenied is AWS's AccessDeniedException text, confirmed by a recorded answer (ListRoots
// by a member account, quoted in awslabs/aws-innovation-sandbox issue 6).
func errAccessDenied() *awserr.Error {
	return orgwire.ErrAccessDeniedException("You don't have permissions to access this resource.")
}

func errNotInUse() *awserr.Error {
	return orgwire.ErrAWSOrganizationsNotInUseException("Your account is not a member of an organization.")
}

func errAlreadyInOrganization() *awserr.Error {
	return orgwire.ErrAlreadyInOrganizationException("The provided account is already a member of an organization.")
}

func errParentNotFound() *awserr.Error {
	return orgwire.ErrParentNotFoundException("We can't find a root or OU with the ParentId that you specified.")
}

func errOUNotFound() *awserr.Error {
	return orgwire.ErrOrganizationalUnitNotFoundException("We can't find an OU with the OrganizationalUnitId that you specified.")
}

func errAccountNotFound() *awserr.Error {
	return orgwire.ErrAccountNotFoundException("You specified an account that doesn't exist.")
}

func errChildNotFound() *awserr.Error {
	return orgwire.ErrChildNotFoundException("We can't find an organizational unit (OU) or Amazon Web Services account with the ChildId that you specified.")
}

func errRootNotFound() *awserr.Error {
	return orgwire.ErrRootNotFoundException("We can't find a root with the RootId that you specified.")
}

func errPolicyNotFound() *awserr.Error {
	return orgwire.ErrPolicyNotFoundException("We can't find a policy with the PolicyId that you specified.")
}

func errTargetNotFound() *awserr.Error {
	return orgwire.ErrTargetNotFoundException("We can't find a root, OU, account, or policy with the TargetId that you specified.")
}

func errConstraint(reason orgwire.ConstraintViolationExceptionReason, msg string) *awserr.Error {
	return orgwire.ErrConstraintViolationExceptionWith(orgwire.ConstraintViolationExceptionFields{Reason: &reason}, "%s", msg)
}

func errInvalidInput(reason orgwire.InvalidInputExceptionReason, msg string) *awserr.Error {
	return orgwire.ErrInvalidInputExceptionWith(orgwire.InvalidInputExceptionFields{Reason: &reason}, "%s", msg)
}

func errPolicyTypeNotEnabled() *awserr.Error {
	return orgwire.ErrPolicyTypeNotEnabledException("This operation can be performed only for enabled policy types.")
}

func errMalformedPolicy(detail string) *awserr.Error {
	return orgwire.ErrMalformedPolicyDocumentException("The provided policy document does not meet the requirements of the specified policy type. %s", detail)
}
