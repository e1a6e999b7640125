package analysis

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// contextKeys returns the context keys a policy document references, as
// GetContextKeysFor*Policy list them: for each statement in order, the policy variables of its
// Resource or NotResource, then for each condition its key and the variables of its values.
// Observed from AWS: keys keep their spelling; identical keys are listed once per document
// (but again for each further document); variables count only under Version 2012-10-17, and
// their defaults and the literals ${*}, ${?} and ${$} count too; variables in Action and
// Principal do not. ok is false for a document AWS rejects with InvalidInput even here: one
// that is not JSON, or has an unknown element or condition operator. Other grammar problems
// are tolerated, since the operation only reads the document.
func contextKeys(text string) (keys []string, ok bool) {
	doc, err := policy.Parse([]byte(text), policy.Identity)
	if doc == nil {
		return nil, false
	}
	var ve *policy.ValidationError
	if errors.As(err, &ve) {
		for _, pr := range ve.Problems {
			if pr.Severity == policy.Error && (strings.HasPrefix(pr.Detail, "unknown element") ||
				strings.HasPrefix(pr.Detail, "unknown condition operator")) {
				return nil, false
			}
		}
	}
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	vars := doc.Version == policy.Version2012
	for _, st := range doc.Statements {
		if vars {
			for _, r := range st.Resources {
				for _, v := range variables(r.Text) {
					add(v)
				}
			}
		}
		for _, c := range st.Conditions {
			add(c.Key)
			if !vars {
				continue
			}
			for _, val := range c.Values {
				for _, v := range variables(val.Text) {
					add(v)
				}
			}
		}
	}
	return keys, true
}

// variables returns the keys of the policy variables in s: ${key} and ${key, 'default'}.
func variables(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return out
		}
		s = s[i+2:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			return out
		}
		body := s[:j]
		s = s[j+1:]
		if k, _, found := strings.Cut(body, ","); found {
			body = k
		}
		if key := strings.TrimSpace(body); key != "" {
			out = append(out, key)
		}
	}
}

// GetContextKeysForCustomPolicy lists the context keys the documents of PolicyInputList
// reference: what SimulateCustomPolicy needs ContextEntries for (see contextKeys).
var getContextKeysForCustomPolicy = accountRow("GetContextKeysForCustomPolicy", (*Analysis).getContextKeysForCustomPolicyFor)

// getContextKeysForCustomPolicyFor is GetContextKeysForCustomPolicy's answer for account.
func (s *Analysis) getContextKeysForCustomPolicyFor(ctx context.Context, _ string, in *iamwire.GetContextKeysForCustomPolicyInput) (*iamwire.GetContextKeysForCustomPolicyOutput, error) {
	keys, aerr := inputContextKeys(nil, in.PolicyInputList)
	if aerr != nil {
		return nil, aerr
	}
	return &iamwire.GetContextKeysForCustomPolicyOutput{ContextKeyNames: keys}, nil
}

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
			return nil, iamerr.InvalidPolicyInput.Err(paramPolicyInput, i+1, "Syntax errors in policy.")
		}
		out = append(out, keys...)
	}
	return out, nil
}
