package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// SetDefaultPolicyVersion makes a version of a customer managed policy the one in force: a
// rollback applies to the attached principals' very next requests.
var setDefaultPolicyVersion = &op.Op[*Policies, iamwire.SetDefaultPolicyVersionInput, iamwire.SetDefaultPolicyVersionOutput, *policyRef]{
	Name: "SetDefaultPolicyVersion", Action: "iam:SetDefaultPolicyVersion",
	Resolve: policyAt(func(in *iamwire.SetDefaultPolicyVersionInput) string { return in.PolicyArn }, changes,
		func(in *iamwire.SetDefaultPolicyVersionInput, arn string) error {
			return noSuchVersion(arn, in.VersionId)
		}),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.SetDefaultPolicyVersionInput, *policyRef]) (*iamwire.SetDefaultPolicyVersionOutput, error) {
		notFound := func(arn string) error { return noSuchVersion(arn, r.In.VersionId) }
		err := s.changeCust(ctx, r.In.PolicyArn, notFound, func(tx store.Tx, p store.ManagedPolicy) error {
			err := tx.Policies().SetDefaultVersion(ctx, p.ID, r.In.VersionId, s.Timestamp())
			if core.IsNotFound(err) {
				return notFound(p.ARN)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.SetDefaultPolicyVersionOutput{}, nil
	}}

func (s *Policies) SetDefaultPolicyVersion(ctx context.Context, in *iamwire.SetDefaultPolicyVersionInput) (*iamwire.SetDefaultPolicyVersionOutput, error) {
	return setDefaultPolicyVersion.Run(ctx, s, in)
}
