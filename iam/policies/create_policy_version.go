package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreatePolicyVersion adds a version to a customer managed policy, at most MaxPolicyVersions
// in all (LimitExceeded), and makes it the default when SetAsDefault is true: the attached
// principals' next requests are decided by it. AWS managed policies cannot be changed.
var createPolicyVersion = &op.Op[*Policies, iamwire.CreatePolicyVersionInput, iamwire.CreatePolicyVersionOutput, *policyRef]{
	Name: "CreatePolicyVersion", Action: "iam:CreatePolicyVersion",
	Resolve: policyAt(func(in *iamwire.CreatePolicyVersionInput) string { return in.PolicyArn }, changes,
		missingAs[iamwire.CreatePolicyVersionInput](noSuchPolicy)),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.CreatePolicyVersionInput, *policyRef]) (*iamwire.CreatePolicyVersionOutput, error) {
		in := r.In
		if err := checkManagedDocument(in.PolicyDocument); err != nil {
			return nil, err
		}
		setDefault := in.SetAsDefault != nil && *in.SetAsDefault
		var v store.PolicyVersion
		err := s.changeCust(ctx, in.PolicyArn, errNoSuchPolicy, func(tx store.Tx, p store.ManagedPolicy) error {
			vs, err := tx.Policies().Versions(ctx, p.ID)
			if err != nil {
				return err
			}
			if len(vs) >= MaxPolicyVersions {
				return tooManyVersions()
			}
			v, err = tx.Policies().CreateVersion(ctx, p.ID, in.PolicyDocument, s.Timestamp(), setDefault)
			return err
		})
		if err != nil {
			return nil, err
		}
		out := wireVersion(v.VersionID, v.IsDefault, v.Created, nil)
		return &iamwire.CreatePolicyVersionOutput{PolicyVersion: &out}, nil
	}}

func (s *Policies) CreatePolicyVersion(ctx context.Context, in *iamwire.CreatePolicyVersionInput) (*iamwire.CreatePolicyVersionOutput, error) {
	return createPolicyVersion.Run(ctx, s, in)
}
