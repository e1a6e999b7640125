package policies

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeletePolicyVersion deletes a version of a customer managed policy other than its default
// (DeleteConflict), making room under the five-version quota.
func (s *Policies) DeletePolicyVersion(ctx context.Context, in *iamwire.DeletePolicyVersionInput) (*iamwire.DeletePolicyVersionOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	notFound := func(arn string) error { return noSuchVersion(arn, in.VersionId) }
	if _, err := s.changeablePolicy(ctx, call, "iam:DeletePolicyVersion", in.PolicyArn, notFound); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		p, err := custInTx(ctx, tx, in.PolicyArn, notFound)
		if err != nil {
			return err
		}
		err = tx.Policies().DeleteVersion(ctx, p.ID, in.VersionId)
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
}
