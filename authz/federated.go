package authz

import (
	"strconv"
	"time"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/policy"
)

// AuthorizeFederated answers whether a caller that proved who it is with a web identity token
// or a SAML assertion, not with AWS credentials (AssumeRoleWithWebIdentity, AssumeRoleWithSAML,
// and Roles Anywhere's CreateSession), may perform r. p is that caller: its Kind is
// policy.PrincipalWebIdentity or policy.PrincipalSAML and its ARN the identity provider's (or,
// for Roles Anywhere, a service principal). Such a caller has no identity policies, and SCPs
// do not apply to it: r's resource policy (the role's trust policy) alone decides
// (evaluation-semantics.md §6.5). The denial is AWS's "Not authorized to perform ACTION".
func (a *Authorizer) AuthorizeFederated(p policy.Principal, r Request) error {
	ctx := policy.NewContext()
	now := a.now().UTC()
	ctx.Set("aws:CurrentTime", now.Format(time.RFC3339))
	ctx.Set("aws:EpochTime", strconv.FormatInt(now.Unix(), 10))
	for _, k := range r.Keys {
		if k.Multi {
			ctx.SetMulti(k.Name, k.Values)
		} else if len(k.Values) > 0 {
			ctx.Set(k.Name, k.Values[0])
		}
	}
	policy.AddPrincipalKeys(ctx, &p)
	req := policy.Request{Principal: p, Action: r.Action, Resource: r.Resource, ResourceAccount: r.ResourceAccount,
		ResourceKind: r.ResourceKind, Context: ctx}
	var in policy.Policies
	if r.ResourcePolicy != "" {
		in.Resource = a.resourceSet(r)
	}
	res := a.results.Get().(*policy.Result)
	defer a.results.Put(res)
	policy.Evaluate(&req, &in, res)
	if res.Decision == policy.Allow {
		return nil
	}
	return awserr.AccessDenied("Not authorized to perform " + r.Action)
}
