package sqlstore

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
)

// ListByID pages through an account's customer managed policies in ID order, which is the
// order IAM's ListPolicies answers in; the filters are List's.
func (s policies) ListByID(ctx context.Context, accountID string, o store.PolicyListOptions) ([]store.ManagedPolicy, bool, error) {
	n := limit(o.Limit)
	q := newQB(policySelect+` WHERE p.account_id = $1 AND p.id > $2`, accountID, o.After)
	q.pathPrefix("p.path", o.PathPrefix)
	if o.OnlyAttached {
		q.WriteString(" AND " + policyInUse(o.Usage))
	}
	q.add(" ORDER BY p.id LIMIT ?", n+1)
	ps, err := list(ctx, s.t, "policies by ID", q, scanPolicy)
	if err != nil {
		return nil, false, err
	}
	ps, more := page(ps, n)
	return ps, more, nil
}

// policyInUse is the condition that policy p is in use in the way u names: attached to a
// principal, bounding a user or role, or either.
func policyInUse(u store.PolicyUsageFilter) string {
	const attached = `EXISTS (SELECT 1 FROM policy_attachments a WHERE a.account_id = p.account_id AND a.policy_arn = p.arn)`
	const bounding = `(EXISTS (SELECT 1 FROM users u WHERE u.account_id = p.account_id AND u.boundary_arn = p.arn)
		OR EXISTS (SELECT 1 FROM roles r WHERE r.account_id = p.account_id AND r.boundary_arn = p.arn))`
	switch u {
	case store.UsagePermissions:
		return attached
	case store.UsageBoundary:
		return bounding
	}
	return "(" + attached + " OR " + bounding + ")"
}
