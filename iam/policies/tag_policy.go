package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// TagPolicy adds tags to a customer managed policy, replacing the value of a tag with the
// same key.
func (s *Policies) TagPolicy(ctx context.Context, in *iamwire.TagPolicyInput) (*iamwire.TagPolicyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.changeablePolicy(ctx, call, "iam:TagPolicy", in.PolicyArn, errPolicyNotFound, core.RequestTagKeys(in.Tags)...); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		p, err := custInTx(ctx, tx, in.PolicyArn, errPolicyNotFound)
		if err != nil {
			return err
		}
		res := store.Resource{Kind: store.KindPolicy, Key: p.ARN}
		existing, err := tx.Tags().List(ctx, res)
		if err != nil {
			return err
		}
		if err := checkPolicyTags(in.Tags, existing); err != nil {
			return err
		}
		return tx.Tags().Put(ctx, res, core.StoreTags(in.Tags))
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.TagPolicyOutput{}, nil
}
