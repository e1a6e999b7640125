package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UntagSAMLProvider removes tags from a provider by key, ignoring case; keys it does not have
// are ignored.
func (s *Providers) UntagSAMLProvider(ctx context.Context, in *iamwire.UntagSAMLProviderInput) (*iamwire.UntagSAMLProviderOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, tags, err := s.findSAML(ctx, account, in.SAMLProviderArn)
	if err != nil {
		return nil, err
	}
	keys := append(core.ResourceTagKeys(tags), authz.ListKey("aws:TagKeys", in.TagKeys))
	if err := s.Authorize(ctx, call, "iam:UntagSAMLProvider", in.SAMLProviderArn, keys...); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, noSuchSAML(in.SAMLProviderArn)
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := samlInTx(ctx, tx, account, p.ARN)
		if err != nil {
			return err
		}
		return tx.Tags().Remove(ctx, samlResource(cur), in.TagKeys)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UntagSAMLProviderOutput{}, nil
}
