package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeletePolicy deletes a customer managed policy with its default version. IAM refuses
// (DeleteConflict) while the policy is attached to a user, group or role or bounds one, and
// while it has versions besides the default.
var deletePolicy = &op.Op[*Policies, iamwire.DeletePolicyInput, iamwire.DeletePolicyOutput, *policyRef]{
	Name: "DeletePolicy", Action: "iam:DeletePolicy",
	Resolve: policyAt(func(in *iamwire.DeletePolicyInput) string { return in.PolicyArn }, changes, missingAs[iamwire.DeletePolicyInput](policyNotFound)),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.DeletePolicyInput, *policyRef]) (*iamwire.DeletePolicyOutput, error) {
		err := s.changeCust(ctx, r.In.PolicyArn, func(arn string) error { return policyNotFound(arn) }, func(tx store.Tx, p store.ManagedPolicy) error {
			d, err := tx.Policies().Dependents(ctx, p.ID)
			if err != nil {
				return err
			}
			switch {
			case d.Usage.Attachments > 0 || d.Usage.Boundaries > 0:
				return policyInUse()
			case d.NonDefaultVersions > 0:
				return policyHasVersions()
			}
			return tx.Policies().Delete(ctx, p.ID)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeletePolicyOutput{}, nil
	}}

func (s *Policies) DeletePolicy(ctx context.Context, in *iamwire.DeletePolicyInput) (*iamwire.DeletePolicyOutput, error) {
	return deletePolicy.Run(ctx, s, in)
}
