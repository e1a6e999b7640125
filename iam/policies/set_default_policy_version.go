package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// SetDefaultPolicyVersion makes a version of a customer managed policy the one in force: a
// rollback applies to the attached principals' very next requests.
func (s *Policies) SetDefaultPolicyVersion(ctx context.Context, in *iamwire.SetDefaultPolicyVersionInput) (*iamwire.SetDefaultPolicyVersionOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	notFound := func(arn string) error { return noSuchVersion(arn, in.VersionId) }
	if _, err := s.changeablePolicy(ctx, call, "iam:SetDefaultPolicyVersion", in.PolicyArn, notFound); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		p, err := custInTx(ctx, tx, in.PolicyArn, notFound)
		if err != nil {
			return err
		}
		err = tx.Policies().SetDefaultVersion(ctx, p.ID, in.VersionId, s.Timestamp())
		if core.IsNotFound(err) {
			return notFound(p.ARN)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.SetDefaultPolicyVersionOutput{}, nil
}
