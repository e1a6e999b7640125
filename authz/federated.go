package authz

import (
	"context"
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
// do not apply to it: r's resource policy (the role's trust policy) decides, fenced by the RCP
// chain of the resource's account when it is in an organization (its management account
// exempt), with aws:ResourceOrgID, aws:ResourceOrgPaths and aws:ResourceAccount set
// (evaluation-semantics.md §6.5). A service acting for a resource (r's keys carry
// aws:SourceAccount) adds aws:SourceOrgID and aws:SourceOrgPaths, that account's
// organization. The denial is AWS's "Not authorized to perform ACTION".
func (a *Authorizer) AuthorizeFederated(ctx context.Context, p policy.Principal, r Request) error {
	pc := policy.NewContext()
	now := a.now().UTC()
	pc.Set("aws:CurrentTime", now.Format(time.RFC3339))
	pc.Set("aws:EpochTime", strconv.FormatInt(now.Unix(), 10))
	source := ""
	for _, k := range r.Keys {
		if k.Multi {
			pc.SetMulti(k.Name, k.Values)
		} else if len(k.Values) > 0 {
			pc.Set(k.Name, k.Values[0])
			if k.Name == "aws:SourceAccount" {
				source = k.Values[0]
			}
		}
	}
	policy.AddPrincipalKeys(pc, &p)
	req := policy.Request{Principal: p, Action: r.Action, Resource: r.Resource, ResourceAccount: r.ResourceAccount,
		ResourceKind: r.ResourceKind, Context: pc}
	var in policy.Policies
	if r.ResourcePolicy != "" {
		in.Resource = a.resourceSet(r)
	}
	if err := a.federatedOrganizations(ctx, &req, &in, source); err != nil {
		return err
	}
	res := a.results.Get().(*policy.Result)
	defer a.results.Put(res)
	policy.Evaluate(&req, &in, res)
	if res.Decision == policy.Allow {
		return nil
	}
	return awserr.AccessDenied("Not authorized to perform " + r.Action)
}

// federatedOrganizations adds to a federated request its resource account's RCP chain and
// organization keys, and the source account's organization keys.
func (a *Authorizer) federatedOrganizations(ctx context.Context, req *policy.Request, in *policy.Policies, source string) error {
	if req.ResourceAccount == "" {
		return nil
	}
	theirs, err := a.org(ctx, req.ResourceAccount)
	if err != nil {
		return err
	}
	if theirs.closed {
		// A closed account's roles are not assumed (CloseAccount).
		return awserr.AccessDenied("Not authorized to perform " + req.Action)
	}
	if theirs.orgID != "" {
		in.RCPs = theirs.rcps
		req.ManagementAccount = theirs.management
	}
	orgPair{theirs: theirs}.keys(req.Context, req.ResourceAccount)
	if source == "" {
		return nil
	}
	src := theirs
	if source != req.ResourceAccount {
		if src, err = a.org(ctx, source); err != nil {
			return err
		}
	}
	if src.orgID != "" {
		req.Context.Set("aws:SourceOrgID", src.orgID)
		req.Context.SetMulti("aws:SourceOrgPaths", []string{src.path})
	}
	return nil
}
