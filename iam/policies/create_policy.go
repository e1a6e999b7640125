package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreatePolicy creates a customer managed policy whose document becomes its default version
// v1. The answer leaves out the description, as AWS's does.
var createPolicy = &op.Op[*Policies, iamwire.CreatePolicyInput, iamwire.CreatePolicyOutput, op.None]{
	Name: "CreatePolicy", Action: "iam:CreatePolicy",
	Resolve: core.Created[*Policies]("policy", func(in *iamwire.CreatePolicyInput) *string { return in.Path },
		func(in *iamwire.CreatePolicyInput) string { return in.PolicyName }),
	Keys: []op.KeySource[iamwire.CreatePolicyInput]{core.NewTags(func(in *iamwire.CreatePolicyInput) []iamwire.Tag { return in.Tags })},
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.CreatePolicyInput, op.None]) (*iamwire.CreatePolicyOutput, error) {
		in, account := r.In, r.Account()
		if err := checkPolicyTags(in.Tags, nil); err != nil {
			return nil, err
		}
		if err := checkManagedDocument(in.PolicyDocument); err != nil {
			return nil, err
		}
		id, err := arn.NewUniqueID(s.Rand, arn.PrefixManagedPolicy)
		if err != nil {
			return nil, err
		}
		now := s.Timestamp()
		p := store.ManagedPolicy{AccountID: account, ID: id, Name: in.PolicyName, Path: core.PathOr(in.Path), ARN: r.Target.ARN,
			Description: core.Optional(in.Description), DefaultVersionID: "v1", IsAttachable: true, Created: now, Updated: now}
		tags := core.StoreTags(in.Tags)
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			return core.CreateUnique(policyExists(in.PolicyName),
				func() error { _, err := tx.Policies().Get(ctx, account, in.PolicyName); return err },
				func() error {
					if err := tx.Policies().Create(ctx, p, in.PolicyDocument); err != nil || len(tags) == 0 {
						return err
					}
					return tx.Tags().Put(ctx, store.Resource{Kind: store.KindPolicy, Key: p.ARN}, tags)
				},
				core.Quota(ctx, tx, account, func(sum store.AccountSummary) int { return sum.Policies }, MaxPoliciesPerAccount, quotaPoliciesPerAcct))
		})
		if err != nil {
			return nil, err
		}
		out := wireCustomer(&p, tags, formCreate)
		return &iamwire.CreatePolicyOutput{Policy: &out}, nil
	}}

func (s *Policies) CreatePolicy(ctx context.Context, in *iamwire.CreatePolicyInput) (*iamwire.CreatePolicyOutput, error) {
	return createPolicy.Run(ctx, s, in)
}
