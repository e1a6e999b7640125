package core

import (
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Service-linked roles belong to the AWS service they are linked to: only the service may
// change their trust policy, permissions policies or boundary, or delete them (through
// DeleteServiceLinkedRole); customers may edit the description and the tags (IAM User
// Guide, "Using service-linked roles"). The roles family makes them; every family that
// changes a role guards with CheckRoleModifiable.

// ProtectedRole is the UnmodifiableEntity answer for a change to a service-linked role,
// in AWS's words (as recorded from UpdateAssumeRolePolicy, PutRolePolicy and the console).
func ProtectedRole(name string) *awserr.Error {
	return iamwire.ErrUnmodifiableEntity("Cannot perform the operation on the protected role '%s' - this role is only modifiable by AWS", name)
}

// CheckRoleModifiable answers UnmodifiableEntity for a service-linked role, nil for any
// other. Every operation that changes a role's trust policy, permissions policies or boundary,
// deletes it, or puts it in or takes it out of an instance profile calls it after
// authorization: PutRolePolicy, DeleteRolePolicy, AttachRolePolicy, DetachRolePolicy,
// PutRolePermissionsBoundary, DeleteRolePermissionsBoundary, UpdateAssumeRolePolicy,
// DeleteRole, AddRoleToInstanceProfile and RemoveRoleFromInstanceProfile.
func CheckRoleModifiable(r *store.Role) *awserr.Error {
	if r.ServiceLinked {
		return ProtectedRole(r.Name)
	}
	return nil
}
