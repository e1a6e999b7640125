package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// A user's inline policies, by the one inline-policy implementation (core.PutInlineRow, …):
// PutUserPolicy validates the document and keeps the user's inline policies together within
// 2,048 characters without whitespace; the policy is in force for the user's next request.

var putUserPolicy = core.PutInlineRow[*Users, iamwire.PutUserPolicyInput, iamwire.PutUserPolicyOutput](store.PrincipalUser, "PutUserPolicy",
	func(in *iamwire.PutUserPolicyInput) (string, string, string) {
		return in.UserName, in.PolicyName, in.PolicyDocument
	})

var getUserPolicy = core.GetInlineRow[*Users, iamwire.GetUserPolicyInput](store.PrincipalUser, "GetUserPolicy",
	func(in *iamwire.GetUserPolicyInput) (string, string) { return in.UserName, in.PolicyName },
	func(user, name, doc string) *iamwire.GetUserPolicyOutput {
		return &iamwire.GetUserPolicyOutput{UserName: user, PolicyName: name, PolicyDocument: doc}
	})

var deleteUserPolicy = core.DeleteInlineRow[*Users, iamwire.DeleteUserPolicyInput, iamwire.DeleteUserPolicyOutput](store.PrincipalUser, "DeleteUserPolicy",
	func(in *iamwire.DeleteUserPolicyInput) (string, string) { return in.UserName, in.PolicyName })

var listUserPolicies = core.ListInlineRow[*Users, iamwire.ListUserPoliciesInput, iamwire.ListUserPoliciesOutput](store.PrincipalUser, "ListUserPolicies",
	func(in *iamwire.ListUserPoliciesInput) (string, *string, *int32) {
		return in.UserName, in.Marker, in.MaxItems
	})

func (s *Users) PutUserPolicy(ctx context.Context, in *iamwire.PutUserPolicyInput) (*iamwire.PutUserPolicyOutput, error) {
	return putUserPolicy.Run(ctx, s, in)
}

func (s *Users) GetUserPolicy(ctx context.Context, in *iamwire.GetUserPolicyInput) (*iamwire.GetUserPolicyOutput, error) {
	return getUserPolicy.Run(ctx, s, in)
}

func (s *Users) DeleteUserPolicy(ctx context.Context, in *iamwire.DeleteUserPolicyInput) (*iamwire.DeleteUserPolicyOutput, error) {
	return deleteUserPolicy.Run(ctx, s, in)
}

func (s *Users) ListUserPolicies(ctx context.Context, in *iamwire.ListUserPoliciesInput) (*iamwire.ListUserPoliciesOutput, error) {
	return listUserPolicies.Run(ctx, s, in)
}
