package policies

import (
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// The inline policies of groups and roles, by the one inline-policy implementation
// (core.PutInlineRow, …): a document must pass the validator, a principal's inline policies
// together stay within its kind's quota without whitespace, and a service-linked role's are
// AWS's to change (UnmodifiableEntity). A policy is in force for the next request.

var putGroupPolicy = core.PutInlineRow[*Policies, iamwire.PutGroupPolicyInput, iamwire.PutGroupPolicyOutput](store.PrincipalGroup, "PutGroupPolicy",
	func(in *iamwire.PutGroupPolicyInput) (string, string, string) {
		return in.GroupName, in.PolicyName, in.PolicyDocument
	})

var putRolePolicy = core.PutInlineRow[*Policies, iamwire.PutRolePolicyInput, iamwire.PutRolePolicyOutput](store.PrincipalRole, "PutRolePolicy",
	func(in *iamwire.PutRolePolicyInput) (string, string, string) {
		return in.RoleName, in.PolicyName, in.PolicyDocument
	})

var getGroupPolicy = core.GetInlineRow[*Policies, iamwire.GetGroupPolicyInput](store.PrincipalGroup, "GetGroupPolicy",
	func(in *iamwire.GetGroupPolicyInput) (string, string) { return in.GroupName, in.PolicyName },
	func(group, name, doc string) *iamwire.GetGroupPolicyOutput {
		return &iamwire.GetGroupPolicyOutput{GroupName: group, PolicyName: name, PolicyDocument: doc}
	})

var getRolePolicy = core.GetInlineRow[*Policies, iamwire.GetRolePolicyInput](store.PrincipalRole, "GetRolePolicy",
	func(in *iamwire.GetRolePolicyInput) (string, string) { return in.RoleName, in.PolicyName },
	func(role, name, doc string) *iamwire.GetRolePolicyOutput {
		return &iamwire.GetRolePolicyOutput{RoleName: role, PolicyName: name, PolicyDocument: doc}
	})

var deleteGroupPolicy = core.DeleteInlineRow[*Policies, iamwire.DeleteGroupPolicyInput, iamwire.DeleteGroupPolicyOutput](store.PrincipalGroup, "DeleteGroupPolicy",
	func(in *iamwire.DeleteGroupPolicyInput) (string, string) { return in.GroupName, in.PolicyName })

var deleteRolePolicy = core.DeleteInlineRow[*Policies, iamwire.DeleteRolePolicyInput, iamwire.DeleteRolePolicyOutput](store.PrincipalRole, "DeleteRolePolicy",
	func(in *iamwire.DeleteRolePolicyInput) (string, string) { return in.RoleName, in.PolicyName })

var listGroupPolicies = core.ListInlineRow[*Policies, iamwire.ListGroupPoliciesInput, iamwire.ListGroupPoliciesOutput](store.PrincipalGroup, "ListGroupPolicies",
	func(in *iamwire.ListGroupPoliciesInput) (string, *string, *int32) {
		return in.GroupName, in.Marker, in.MaxItems
	})

var listRolePolicies = core.ListInlineRow[*Policies, iamwire.ListRolePoliciesInput, iamwire.ListRolePoliciesOutput](store.PrincipalRole, "ListRolePolicies",
	func(in *iamwire.ListRolePoliciesInput) (string, *string, *int32) {
		return in.RoleName, in.Marker, in.MaxItems
	})
