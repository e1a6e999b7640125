package policies

import "github.com/gatehouse-iam/gatehouse/iam/internal/core"

// Policies implements the policies family of IAM operations.
type Policies struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Policies { return &Policies{Base: b} }

// Implemented lists the operations this family implements (see iam.Implemented).
var Implemented = []string{
	"AttachGroupPolicy",
	"AttachRolePolicy",
	"AttachUserPolicy",
	"CreatePolicy",
	"CreatePolicyVersion",
	"DeleteGroupPolicy",
	"DeletePolicy",
	"DeletePolicyVersion",
	"DeleteRolePermissionsBoundary",
	"DeleteRolePolicy",
	"DeleteUserPermissionsBoundary",
	"DetachGroupPolicy",
	"DetachRolePolicy",
	"DetachUserPolicy",
	"GetAccountAuthorizationDetails",
	"GetGroupPolicy",
	"GetPolicy",
	"GetPolicyVersion",
	"GetRolePolicy",
	"ListAttachedGroupPolicies",
	"ListAttachedRolePolicies",
	"ListAttachedUserPolicies",
	"ListEntitiesForPolicy",
	"ListGroupPolicies",
	"ListPolicies",
	"ListPoliciesGrantingServiceAccess",
	"ListPolicyTags",
	"ListPolicyVersions",
	"ListRolePolicies",
	"PutGroupPolicy",
	"PutRolePermissionsBoundary",
	"PutRolePolicy",
	"PutUserPermissionsBoundary",
	"SetDefaultPolicyVersion",
	"TagPolicy",
	"UntagPolicy",
}
