package policies

import (
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
)

// Policies implements the policies family of IAM operations.
type Policies struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Policies { return &Policies{Base: b} }

// Operations is the policies family's table: one row per operation (package op), run through
// op.Op.Run's one path (begin → resolve → authorize → not found → handle).
var Operations = op.Table{
	createPolicy, getPolicy, deletePolicy, listPolicies,
	createPolicyVersion, getPolicyVersion, deletePolicyVersion, listPolicyVersions, setDefaultPolicyVersion,
	attachUserPolicy, attachGroupPolicy, attachRolePolicy, detachUserPolicy, detachGroupPolicy, detachRolePolicy,
	listAttachedUserPolicies, listAttachedGroupPolicies, listAttachedRolePolicies, listEntitiesForPolicy,
	putUserPermissionsBoundary, putRolePermissionsBoundary, deleteUserPermissionsBoundary, deleteRolePermissionsBoundary,
	putGroupPolicy, putRolePolicy, getGroupPolicy, getRolePolicy, deleteGroupPolicy, deleteRolePolicy,
	listGroupPolicies, listRolePolicies,
	tagPolicy, untagPolicy, listPolicyTags,
	getAccountAuthorizationDetails, listPoliciesGrantingServiceAccess,
}

// Implemented lists the operations this family implements (see iam.Implemented), from
// Operations.
var Implemented = Operations.Names()
