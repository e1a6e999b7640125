package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetPolicy returns a managed policy: a customer managed one of the caller's account with its
// description and tags, or an AWS managed one from the catalog with its uses in the caller's
// account.
var getPolicy = &op.Op[*Policies, iamwire.GetPolicyInput, iamwire.GetPolicyOutput, *policyRef]{
	Name: "GetPolicy", Action: "iam:GetPolicy",
	Resolve: policyAt(func(in *iamwire.GetPolicyInput) string { return in.PolicyArn }, reads, missingAs[iamwire.GetPolicyInput](noSuchPolicy)),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.GetPolicyInput, *policyRef]) (*iamwire.GetPolicyOutput, error) {
		p := r.Entity()
		if p.cust != nil {
			out := wireCustomer(p.cust, p.tags, formGet)
			return &iamwire.GetPolicyOutput{Policy: &out}, nil
		}
		u, err := core.Read(ctx, s.Store, func(tx store.Tx) (store.PolicyUsage, error) {
			return tx.Attachments().Usage(ctx, r.Account(), p.arn)
		})
		if err != nil {
			return nil, err
		}
		out := wireAWS(p.aws, u, formGet)
		return &iamwire.GetPolicyOutput{Policy: &out}, nil
	}}

func (s *Policies) GetPolicy(ctx context.Context, in *iamwire.GetPolicyInput) (*iamwire.GetPolicyOutput, error) {
	return getPolicy.Run(ctx, s, in)
}
