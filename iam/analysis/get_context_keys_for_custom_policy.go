package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetContextKeysForCustomPolicy lists the context keys the documents of PolicyInputList
// reference: what SimulateCustomPolicy needs ContextEntries for (see contextKeys).
func (s *Analysis) GetContextKeysForCustomPolicy(ctx context.Context, in *iamwire.GetContextKeysForCustomPolicyInput) (*iamwire.GetContextKeysForCustomPolicyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:GetContextKeysForCustomPolicy", "*"); err != nil {
		return nil, err
	}
	keys, aerr := inputContextKeys(nil, in.PolicyInputList)
	if aerr != nil {
		return nil, aerr
	}
	return &iamwire.GetContextKeysForCustomPolicyOutput{ContextKeyNames: keys}, nil
}
