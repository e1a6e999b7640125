package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// TagSAMLProvider adds tags to a provider, replacing the value of any tag whose key matches
// without regard to case.
func (s *Providers) TagSAMLProvider(ctx context.Context, in *iamwire.TagSAMLProviderInput) (*iamwire.TagSAMLProviderOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, tags, err := s.findSAML(ctx, account, in.SAMLProviderArn)
	if err != nil {
		return nil, err
	}
	keys := append(core.ResourceTagKeys(tags), core.RequestTagKeys(in.Tags)...)
	if err := s.Authorize(ctx, call, "iam:TagSAMLProvider", in.SAMLProviderArn, keys...); err != nil {
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
		return putTags(ctx, tx, samlResource(cur), in.Tags)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.TagSAMLProviderOutput{}, nil
}
