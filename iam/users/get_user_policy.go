package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetUserPolicy returns an inline policy of a user, its document URL-encoded as AWS returns it.
func (s *Users) GetUserPolicy(ctx context.Context, in *iamwire.GetUserPolicyInput) (*iamwire.GetUserPolicyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	u, tags, err := s.findUser(ctx, account, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:GetUserPolicy", userResource(account, in.UserName, u), core.ResourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if u == nil {
		return nil, noSuchUser(in.UserName)
	}
	var p store.InlinePolicy
	err = s.Store.View(ctx, func(tx store.Tx) error {
		var err error
		p, err = tx.InlinePolicies().Get(ctx, store.Principal{Kind: store.PrincipalUser, ID: u.ID}, in.PolicyName)
		if core.IsNotFound(err) {
			return noSuchUserPolicy(in.PolicyName)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.GetUserPolicyOutput{UserName: u.Name, PolicyName: p.Name, PolicyDocument: core.URLEncode(p.Document)}, nil
}
