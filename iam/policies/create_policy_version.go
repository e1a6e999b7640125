package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreatePolicyVersion adds a version to a customer managed policy, at most MaxPolicyVersions
// in all (LimitExceeded), and makes it the default when SetAsDefault is true: the attached
// principals' next requests are decided by it. AWS managed policies cannot be changed.
func (s *Policies) CreatePolicyVersion(ctx context.Context, in *iamwire.CreatePolicyVersionInput) (*iamwire.CreatePolicyVersionOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.changeablePolicy(ctx, call, "iam:CreatePolicyVersion", in.PolicyArn, errNoSuchPolicy); err != nil {
		return nil, err
	}
	if err := checkManagedDocument(in.PolicyDocument); err != nil {
		return nil, err
	}
	setDefault := in.SetAsDefault != nil && *in.SetAsDefault
	var v store.PolicyVersion
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		p, err := custInTx(ctx, tx, in.PolicyArn, errNoSuchPolicy)
		if err != nil {
			return err
		}
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
}
