package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UntagPolicy removes tags from a customer managed policy by key; keys it does not have are
// ignored.
func (s *Policies) UntagPolicy(ctx context.Context, in *iamwire.UntagPolicyInput) (*iamwire.UntagPolicyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.changeablePolicy(ctx, call, "iam:UntagPolicy", in.PolicyArn, errPolicyNotFound, authz.ListKey("aws:TagKeys", in.TagKeys)); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		p, err := custInTx(ctx, tx, in.PolicyArn, errPolicyNotFound)
		if err != nil {
			return err
		}
		return tx.Tags().Remove(ctx, store.Resource{Kind: store.KindPolicy, Key: p.ARN}, in.TagKeys)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UntagPolicyOutput{}, nil
}
