package policies

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeletePolicyVersion deletes a version of a customer managed policy other than its default
// (DeleteConflict), making room under the five-version quota.
var deletePolicyVersion = &op.Op[*Policies, iamwire.DeletePolicyVersionInput, iamwire.DeletePolicyVersionOutput, *policyRef]{
	Name: "DeletePolicyVersion", Action: "iam:DeletePolicyVersion",
	Resolve: policyAt(func(in *iamwire.DeletePolicyVersionInput) string { return in.PolicyArn }, changes,
		func(in *iamwire.DeletePolicyVersionInput, arn string) error { return noSuchVersion(arn, in.VersionId) }),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.DeletePolicyVersionInput, *policyRef]) (*iamwire.DeletePolicyVersionOutput, error) {
		notFound := func(arn string) error { return noSuchVersion(arn, r.In.VersionId) }
		err := s.changeCust(ctx, r.In.PolicyArn, notFound, func(tx store.Tx, p store.ManagedPolicy) error {
			err := tx.Policies().DeleteVersion(ctx, p.ID, r.In.VersionId)
			switch {
			case errors.Is(err, store.ErrNotFound):
				return notFound(p.ARN)
			case errors.Is(err, store.ErrConflict):
				return deleteDefaultVersion()
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeletePolicyVersionOutput{}, nil
	}}

func (s *Policies) DeletePolicyVersion(ctx context.Context, in *iamwire.DeletePolicyVersionInput) (*iamwire.DeletePolicyVersionOutput, error) {
	return deletePolicyVersion.Run(ctx, s, in)
}
