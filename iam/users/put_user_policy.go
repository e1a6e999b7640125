package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// PutUserPolicy adds or replaces an inline policy of a user. The document must pass the policy
// validator (MalformedPolicyDocument otherwise), and the user's inline policies together may
// not exceed MaxUserInlinePolicyChars, whitespace not counted (LimitExceeded). The new policy
// is in force for the user's very next request.
func (s *Users) PutUserPolicy(ctx context.Context, in *iamwire.PutUserPolicyInput) (*iamwire.PutUserPolicyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	u, tags, err := s.findUser(ctx, account, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:PutUserPolicy", userResource(account, in.UserName, u), userKeys(u, tags)...); err != nil {
		return nil, err
	}
	if u == nil {
		return nil, noSuchUser(in.UserName)
	}
	if err := core.ValidateDocument(in.PolicyDocument, policy.IAMInline); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := userInTx(ctx, tx, account, in.UserName)
		if err != nil {
			return err
		}
		p := store.Principal{Kind: store.PrincipalUser, ID: cur.ID}
		existing, _, err := tx.InlinePolicies().List(ctx, p, store.ListOptions{Limit: store.MaxListLimit})
		if err != nil {
			return err
		}
		if core.InlineSize(existing, in.PolicyName, in.PolicyDocument) > MaxUserInlinePolicyChars {
			return userPolicySizeExceeded(cur.Name)
		}
		return tx.InlinePolicies().Put(ctx, p, store.InlinePolicy{Name: in.PolicyName, Document: in.PolicyDocument})
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.PutUserPolicyOutput{}, nil
}
