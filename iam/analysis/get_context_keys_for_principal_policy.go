package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetContextKeysForPrincipalPolicy lists the context keys referenced by the policies of a
// user, group or role (a user's groups' included, each managed policy once) and its
// permissions boundary (observed from AWS), then by the documents of PolicyInputList: what
// SimulatePrincipalPolicy needs ContextEntries for. The entity is found by name, whatever
// path its ARN gives.
var getContextKeysForPrincipalPolicy = &op.Op[*Analysis, iamwire.GetContextKeysForPrincipalPolicyInput, iamwire.GetContextKeysForPrincipalPolicyOutput, policySource]{
	Name: "GetContextKeysForPrincipalPolicy", Action: "iam:GetContextKeysForPrincipalPolicy",
	Resolve: policySourceAt(func(in *iamwire.GetContextKeysForPrincipalPolicyInput) string { return in.PolicySourceArn }),
	Handle: func(s *Analysis, ctx context.Context, r *op.Request[iamwire.GetContextKeysForPrincipalPolicyInput, policySource]) (*iamwire.GetContextKeysForPrincipalPolicyOutput, error) {
		pols := r.Entity().policies
		stored := pols.identity
		if pols.boundary != nil {
			stored = append(stored, *pols.boundary)
		}
		keys, aerr := inputContextKeys(stored, r.In.PolicyInputList)
		if aerr != nil {
			return nil, aerr
		}
		return &iamwire.GetContextKeysForPrincipalPolicyOutput{ContextKeyNames: keys}, nil
	}}

func (s *Analysis) GetContextKeysForPrincipalPolicy(ctx context.Context, in *iamwire.GetContextKeysForPrincipalPolicyInput) (*iamwire.GetContextKeysForPrincipalPolicyOutput, error) {
	return getContextKeysForPrincipalPolicy.Run(ctx, s, in)
}

// inputContextKeys lists the context keys of stored policies and then of the request's own
// documents; a request document AWS would reject is InvalidInput, a stored one that no longer
// parses adds nothing. The list is never nil: AWS answers an empty ContextKeyNames.
func inputContextKeys(stored []sourcePolicy, inputs []string) ([]string, *awserr.Error) {
	out := []string{}
	for _, p := range stored {
		keys, _ := contextKeys(p.doc)
		out = append(out, keys...)
	}
	for i, doc := range inputs {
		keys, ok := contextKeys(doc)
		if !ok {
			return nil, invalidPolicyInput(paramPolicyInput, i+1, "Syntax errors in policy.")
		}
		out = append(out, keys...)
	}
	return out, nil
}
