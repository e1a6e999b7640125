package authz

import (
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/policy"
)

// accessDenied builds AWS's AccessDenied error for a request the engine did not allow, in the
// forms of the IAM User Guide's "Troubleshoot access denied error messages"
// (troubleshoot_access-denied.html):
//
//	User: ARN is not authorized to perform: ACTION on resource: RESOURCE because no TYPE policy allows the ACTION action
//	User: ARN is not authorized to perform: ACTION on resource: RESOURCE with an explicit deny in a TYPE policy[: POLICY-ARN]
//
// When several policy types deny, AWS names only one; so do we: the first explicit Deny in
// the result's order, or else the first evaluation step that lacked an Allow. Since 2025 AWS
// appends the ARN of the denying managed policy in same-account requests ("Enhanced access
// denied error messages with policy ARNs", AWS Security Blog); inline policies have none.
func accessDenied(c *callctx.Caller, req *policy.Request, in *policy.Policies, arns policyARNs, res *policy.Result) *awserr.Error {
	prefix := "User: " + c.ARN + " is not authorized to perform: " + req.Action + " on resource: " + req.Resource + " "
	if res.Decision == policy.ExplicitDeny {
		for _, m := range res.Matched {
			if m.Effect != policy.EffectDeny {
				continue
			}
			msg := prefix + "with an explicit deny in " + denyPhrase(m.Type)
			if arn := arns.of(m); arn != "" {
				msg += ": " + arn
			}
			return awserr.AccessDenied(msg)
		}
	}
	if req.ResourceKind == policy.ResourceRoleTrust && !resourceAllowed(res) {
		// A role's trust policy that does not allow the caller: AWS's message names no
		// policy type (STS AssumeRole; also when the role does not exist).
		return awserr.AccessDenied(prefix[:len(prefix)-1])
	}
	return awserr.AccessDenied(prefix + "because no " + missingAllow(c, req, in, res) + " allows the " + req.Action + " action")
}

// resourceAllowed reports whether a resource policy statement allowed the request.
func resourceAllowed(res *policy.Result) bool {
	for _, m := range res.Matched {
		if m.Type == policy.TypeResource && m.Effect == policy.EffectAllow {
			return true
		}
	}
	return false
}

// policyARNs names the managed policies of the identity and boundary sets by PolicyIndex.
type policyARNs struct {
	identity, boundary []string
}

func (p policyARNs) of(m policy.Match) string {
	var arns []string
	switch m.Type {
	case policy.TypeIdentity:
		arns = p.identity
	case policy.TypeBoundary:
		arns = p.boundary
	}
	if m.PolicyIndex < len(arns) {
		return arns[m.PolicyIndex]
	}
	return ""
}

func denyPhrase(t policy.PolicyType) string {
	switch t {
	case policy.TypeResource:
		return "a resource-based policy"
	case policy.TypeBoundary:
		return "a permissions boundary"
	case policy.TypeSession:
		return "a session policy"
	case policy.TypeSCP:
		return "a service control policy"
	case policy.TypeRCP:
		return "a resource control policy"
	}
	return "an identity-based policy"
}

// missingAllow names the first policy type, in evaluation order (evaluation-semantics.md §6.2),
// whose missing Allow made the request implicitly denied.
func missingAllow(c *callctx.Caller, req *policy.Request, in *policy.Policies, res *policy.Result) string {
	allows := func(t policy.PolicyType, level int) bool {
		for _, m := range res.Matched {
			if m.Type == t && m.Level == level && m.Effect == policy.EffectAllow {
				return true
			}
		}
		return false
	}
	for level := range in.RCPs {
		if !allows(policy.TypeRCP, level) {
			return "resource control policy"
		}
	}
	for level := range in.SCPs {
		if !allows(policy.TypeSCP, level) {
			return "service control policy"
		}
	}
	sameAccount := req.ResourceAccount == "" || req.ResourceAccount == c.AccountID
	if !sameAccount && !allows(policy.TypeResource, 0) {
		return "resource-based policy"
	}
	if !allows(policy.TypeIdentity, 0) {
		return "identity-based policy"
	}
	if in.Boundary != nil && !allows(policy.TypeBoundary, 0) {
		return "permissions boundary"
	}
	if in.Session != nil && !allows(policy.TypeSession, 0) {
		return "session policy"
	}
	if c.Kind == callctx.KindFederatedUser {
		return "session policy"
	}
	return "identity-based policy"
}
