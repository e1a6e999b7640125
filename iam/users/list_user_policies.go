package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListUserPolicies lists the names of a user's inline policies.
func (s *Users) ListUserPolicies(ctx context.Context, in *iamwire.ListUserPoliciesInput) (*iamwire.ListUserPoliciesOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	u, tags, err := s.findUser(ctx, account, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:ListUserPolicies", userResource(account, in.UserName, u), core.ResourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if u == nil {
		return nil, noSuchUser(in.UserName)
	}
	o, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	var ps []store.InlinePolicy
	var more bool
	err = s.Store.View(ctx, func(tx store.Tx) error {
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
	out.Marker, out.IsTruncated = core.NextMarker(more, last)
	return out, nil
}
