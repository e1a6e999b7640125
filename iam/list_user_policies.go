package iam

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListUserPolicies lists the names of a user's inline policies.
func (s *Service) ListUserPolicies(ctx context.Context, in *iamwire.ListUserPoliciesInput) (*iamwire.ListUserPoliciesOutput, error) {
	call, err := begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	u, tags, err := s.findUser(ctx, account, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, call, "iam:ListUserPolicies", userResource(account, in.UserName, u), resourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if u == nil {
		return nil, noSuchUser(in.UserName)
	}
	o, err := page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	var ps []store.InlinePolicy
	var more bool
	err = s.store.View(ctx, func(tx store.Tx) error {
		ps, more, err = tx.InlinePolicies().List(ctx, store.Principal{Kind: store.PrincipalUser, ID: u.ID}, o)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &iamwire.ListUserPoliciesOutput{PolicyNames: make([]string, len(ps))}
	for i, p := range ps {
		out.PolicyNames[i] = p.Name
	}
	last := ""
	if len(ps) > 0 {
		last = ps[len(ps)-1].Name
	}
	out.Marker, out.IsTruncated = nextMarker(more, last)
	return out, nil
}
