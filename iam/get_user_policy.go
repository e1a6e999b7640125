package iam

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetUserPolicy returns an inline policy of a user, its document URL-encoded as AWS returns it.
func (s *Service) GetUserPolicy(ctx context.Context, in *iamwire.GetUserPolicyInput) (*iamwire.GetUserPolicyOutput, error) {
	call, err := begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	u, tags, err := s.findUser(ctx, account, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, call, "iam:GetUserPolicy", userResource(account, in.UserName, u), resourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if u == nil {
		return nil, noSuchUser(in.UserName)
	}
	var p store.InlinePolicy
	err = s.store.View(ctx, func(tx store.Tx) error {
		var err error
		p, err = tx.InlinePolicies().Get(ctx, store.Principal{Kind: store.PrincipalUser, ID: u.ID}, in.PolicyName)
		if isNotFound(err) {
			return noSuchUserPolicy(in.PolicyName)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.GetUserPolicyOutput{UserName: u.Name, PolicyName: p.Name, PolicyDocument: urlEncode(p.Document)}, nil
}
