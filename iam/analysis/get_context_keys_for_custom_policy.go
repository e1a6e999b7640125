package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetContextKeysForCustomPolicy lists the context keys the documents of PolicyInputList
// reference: what SimulateCustomPolicy needs ContextEntries for (see contextKeys).
var getContextKeysForCustomPolicy = accountRow("GetContextKeysForCustomPolicy", (*Analysis).getContextKeysForCustomPolicyFor)

func (s *Analysis) GetContextKeysForCustomPolicy(ctx context.Context, in *iamwire.GetContextKeysForCustomPolicyInput) (*iamwire.GetContextKeysForCustomPolicyOutput, error) {
	return getContextKeysForCustomPolicy.Run(ctx, s, in)
}

// getContextKeysForCustomPolicyFor is GetContextKeysForCustomPolicy's answer for account.
func (s *Analysis) getContextKeysForCustomPolicyFor(ctx context.Context, _ string, in *iamwire.GetContextKeysForCustomPolicyInput) (*iamwire.GetContextKeysForCustomPolicyOutput, error) {
	keys, aerr := inputContextKeys(nil, in.PolicyInputList)
	if aerr != nil {
		return nil, aerr
	}
	return &iamwire.GetContextKeysForCustomPolicyOutput{ContextKeyNames: keys}, nil
}
