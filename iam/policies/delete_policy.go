package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeletePolicy deletes a customer managed policy with its default version. IAM refuses
// (DeleteConflict) while the policy is attached to a user, group or role or bounds one, and
// while it has versions besides the default.
func (s *Policies) DeletePolicy(ctx context.Context, in *iamwire.DeletePolicyInput) (*iamwire.DeletePolicyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.changeablePolicy(ctx, call, "iam:DeletePolicy", in.PolicyArn, errPolicyNotFound); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		p, err := custInTx(ctx, tx, in.PolicyArn, errPolicyNotFound)
		if err != nil {
			return err
		}
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
}
