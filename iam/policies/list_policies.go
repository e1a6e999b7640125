package policies

import (
	"context"
	"strings"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListPolicies lists the managed policies available to the account: the AWS managed ones of
// the catalog and the account's own, merged in policy-ID order as IAM lists them, filtered by
// Scope, PathPrefix and OnlyAttached (narrowed by PolicyUsageFilter). The marker is the last
// policy ID, so a page costs the same wherever it starts.
var listPolicies = &op.Op[*Policies, iamwire.ListPoliciesInput, iamwire.ListPoliciesOutput, op.None]{
	Name: "ListPolicies", Action: "iam:ListPolicies",
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.ListPoliciesInput, op.None]) (*iamwire.ListPoliciesOutput, error) {
		in, account := r.In, r.Account()
		o, err := core.Page(in.Marker, in.MaxItems)
		if err != nil {
			return nil, err
		}
		scope := iamwire.PolicyScopeTypeAll
		if in.Scope != nil {
			scope = *in.Scope
		}
		lo := store.PolicyListOptions{ListOptions: o, OnlyAttached: in.OnlyAttached != nil && *in.OnlyAttached}
		if in.PathPrefix != nil {
			lo.PathPrefix = *in.PathPrefix
		}
		if in.PolicyUsageFilter != nil {
			lo.Usage = store.PolicyUsageFilter(*in.PolicyUsageFilter)
		}
		var cust []store.ManagedPolicy
		var custMore bool
		var usage map[string]store.PolicyUsage
		err = s.Store.View(ctx, func(tx store.Tx) error {
			var err error
			if scope != iamwire.PolicyScopeTypeAws {
				if cust, custMore, err = tx.Policies().ListByID(ctx, account, lo); err != nil {
					return err
				}
			}
			if scope != iamwire.PolicyScopeTypeLocal {
				usage, err = tx.Attachments().UsageByARN(ctx, account)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		limit := lo.Limit
		if limit < 1 || limit > store.MaxListLimit {
			limit = store.MaxListLimit
		}
		var aws []iamwire.Policy
		awsMore := false
		if scope != iamwire.PolicyScopeTypeLocal {
			aws, awsMore = awsPage(lo, usage, limit)
		}
		return mergePolicies(aws, awsMore, cust, custMore, limit), nil
	}}

func (s *Policies) ListPolicies(ctx context.Context, in *iamwire.ListPoliciesInput) (*iamwire.ListPoliciesOutput, error) {
	return listPolicies.Run(ctx, s, in)
}

// awsPage is the page of AWS managed policies (in ID order, after lo.After) that lo selects,
// at most limit, and whether more follow.
func awsPage(lo store.PolicyListOptions, usage map[string]store.PolicyUsage, limit int) ([]iamwire.Policy, bool) {
	var aws []iamwire.Policy
	for _, p := range catalogAfter(lo.After) {
		if lo.PathPrefix != "" && !strings.HasPrefix(p.Path, lo.PathPrefix) {
			continue
		}
		u := usage[p.ARN]
		if lo.OnlyAttached && !inUse(u, lo.Usage) {
			continue
		}
		if len(aws) == limit {
			return aws, true
		}
		aws = append(aws, wireAWS(p, u, formList))
	}
	return aws, false
}

// mergePolicies merges the two ID-ordered runs of AWS and customer managed policies into one
// page of at most limit.
func mergePolicies(aws []iamwire.Policy, awsMore bool, cust []store.ManagedPolicy, custMore bool, limit int) *iamwire.ListPoliciesOutput {
	out := &iamwire.ListPoliciesOutput{Policies: make([]iamwire.Policy, 0, min(limit, 100))}
	i, j := 0, 0
	for len(out.Policies) < limit && (i < len(aws) || j < len(cust)) {
		if j == len(cust) || (i < len(aws) && *aws[i].PolicyId < cust[j].ID) {
			out.Policies = append(out.Policies, aws[i])
			i++
		} else {
			out.Policies = append(out.Policies, wireCustomer(&cust[j], nil, formList))
			j++
		}
	}
	more := awsMore || custMore || i < len(aws) || j < len(cust)
	last := ""
	if n := len(out.Policies); n > 0 {
		last = *out.Policies[n-1].PolicyId
	}
	out.Marker, out.IsTruncated = core.NextMarker(more, last)
	return out
}

// inUse reports whether a policy with usage u is in use in the way f names.
func inUse(u store.PolicyUsage, f store.PolicyUsageFilter) bool {
	switch f {
	case store.UsagePermissions:
		return u.Attachments > 0
	case store.UsageBoundary:
		return u.Boundaries > 0
	}
	return u.Attachments > 0 || u.Boundaries > 0
}
