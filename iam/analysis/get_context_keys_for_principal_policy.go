package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetContextKeysForPrincipalPolicy lists the context keys referenced by the policies of a
// user, group or role (a user's groups' included, each managed policy once) and its
// permissions boundary (observed from AWS), then by the documents of PolicyInputList: what
// SimulatePrincipalPolicy needs ContextEntries for. The entity is found by name, whatever
// path its ARN gives.
func (s *Analysis) GetContextKeysForPrincipalPolicy(ctx context.Context, in *iamwire.GetContextKeysForPrincipalPolicyInput) (*iamwire.GetContextKeysForPrincipalPolicyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	ref, aerr := parseEntityARN(in.PolicySourceArn, kindUser, kindGroup, kindRole)
	if aerr != nil {
		return nil, aerr
	}
	var e *principalEntity
	var pols entityPolicies
	err = s.Store.View(ctx, func(tx store.Tx) error {
		var err error
		if e, err = findEntity(ctx, tx, account, ref); e == nil || err != nil {
			return err
		}
		pols, err = loadPolicies(ctx, tx, e)
		return err
	})
	if err != nil {
		return nil, err
	}
	resource, owner := resourceOf(account, ref, e)
	if err := s.Authz.Authorize(ctx, call, authz.Request{Action: "iam:GetContextKeysForPrincipalPolicy", Resource: resource,
		ResourceAccount: owner}); err != nil {
		return nil, err
	}
	if e == nil {
		return nil, noSuchEntity(ref.kind, ref.name)
	}
	stored := pols.identity
	if pols.boundary != nil {
		stored = append(stored, *pols.boundary)
	}
	keys, aerr := inputContextKeys(stored, in.PolicyInputList)
	if aerr != nil {
		return nil, aerr
	}
	return &iamwire.GetContextKeysForPrincipalPolicyOutput{ContextKeyNames: keys}, nil
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
