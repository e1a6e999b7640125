package analyzer

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
)

// External access: a role trust policy that lets a principal outside the zone of trust (the
// account, or the organization's accounts: zone.go) assume the role is a finding, one per role and principal, with the actions and
// conditions of the statements that grant it. Service principals are AWS services acting
// for the account and are not findings; an identity provider (Federated) is outside the
// account as AWS counts it; "*" is public unless a condition pins the caller to the zone (its
// accounts, or the organization's ID in aws:PrincipalOrgID).

const (
	findingExternal = "ExternalAccess"
	typeRole        = "AWS::IAM::Role"
)

// externalFindings returns the external access the zone's roles grant now, keyed by finding
// ID (CreatedAt and the times are left to the caller).
func externalFindings(ctx context.Context, tx store.Tx, z *zone, analyzer string) (map[string]*finding, error) {
	out := map[string]*finding{}
	for _, account := range z.accounts {
		err := eachPage(func(after string) ([]store.Role, bool, error) {
			return tx.Roles().List(ctx, account, store.ListOptions{After: after})
		}, func(r store.Role) string { return r.Name }, func(r store.Role) error {
			for _, f := range roleFindings(r, analyzer, z) {
				out[f.ID] = f
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// roleFindings reads one role's trust policy.
func roleFindings(r store.Role, analyzer string, z *zone) []*finding {
	doc, err := policy.Parse([]byte(r.TrustPolicy), policy.RoleTrust)
	if err != nil {
		return nil
	}
	byPrincipal := map[[2]string]*finding{}
	var order [][2]string
	for _, st := range doc.Statements {
		if st.Effect != policy.EffectAllow || st.NotPrincipal || st.NotAction || st.Principal == nil {
			continue
		}
		cond := conditionMap(st.Conditions)
		for _, p := range externalPrincipals(st.Principal, z, st.Conditions) {
			f := byPrincipal[p]
			if f == nil {
				f = &finding{FindingType: findingExternal, Resource: r.ARN, ResourceType: typeRole, ResourceOwnerAccount: r.AccountID,
					Principal: map[string]string{p[0]: p[1]}, Condition: map[string]string{}, IsPublic: p[1] == "*"}
				byPrincipal[p] = f
				order = append(order, p)
			}
			for _, a := range st.Actions {
				if !slices.Contains(f.Action, a.Text) {
					f.Action = append(f.Action, a.Text)
				}
			}
			maps.Copy(f.Condition, cond)
		}
	}
	out := make([]*finding, 0, len(order))
	for _, p := range order {
		f := byPrincipal[p]
		slices.Sort(f.Action)
		f.ID = findingID(analyzer, r.ARN, p[0], p[1])
		out = append(out, f)
	}
	return out
}

// externalPrincipals are the statement's principals outside the zone, as (kind, value).
func externalPrincipals(p *policy.PrincipalElement, z *zone, conds []policy.Condition) [][2]string {
	var out [][2]string
	if p.Wildcard {
		if !pinnedToZone(conds, z) {
			out = append(out, [2]string{"AWS", "*"})
		}
		return out
	}
	for _, v := range p.AWS {
		switch {
		case v.Text == "*":
			if !pinnedToZone(conds, z) {
				out = append(out, [2]string{"AWS", "*"})
			}
		case !z.trusts(principalAccount(v.Text)):
			out = append(out, [2]string{"AWS", v.Text})
		}
	}
	for _, v := range p.Federated {
		out = append(out, [2]string{"Federated", v.Text})
	}
	return out
}

// principalAccount is the account an AWS principal value names (an account ID or an ARN).
func principalAccount(v string) string {
	if arn.IsAccountID(v) {
		return v
	}
	if a, err := arn.Parse(v); err == nil {
		return a.AccountID
	}
	return ""
}

// pinnedToZone reports whether a condition limits the caller to the zone:
// aws:PrincipalAccount, aws:SourceAccount or aws:PrincipalArn compared for equality with the
// zone's accounts' values only, or aws:PrincipalOrgID with the zone's organization only.
func pinnedToZone(conds []policy.Condition, z *zone) bool {
	for _, c := range conds {
		op := strings.TrimSuffix(c.Operator, "IfExists")
		if strings.HasSuffix(c.Operator, "IfExists") || len(c.Values) == 0 {
			continue
		}
		key := strings.ToLower(c.Key)
		if op != "StringEquals" && op != "StringLike" && op != "ArnEquals" && op != "ArnLike" {
			continue
		}
		switch key {
		case "aws:principalaccount", "aws:sourceaccount", "aws:principalarn":
			if !slices.ContainsFunc(c.Values, func(v policy.Value) bool { return !z.trusts(principalAccount(v.Text)) }) {
				return true
			}
		case "aws:principalorgid":
			if z.orgID != "" && !slices.ContainsFunc(c.Values, func(v policy.Value) bool { return v.Text != z.orgID }) {
				return true
			}
		}
	}
	return false
}

// conditionMap is a finding's condition: each key with its values, comma-separated.
func conditionMap(conds []policy.Condition) map[string]string {
	m := map[string]string{}
	for _, c := range conds {
		vals := make([]string, len(c.Values))
		for i, v := range c.Values {
			vals[i] = v.Text
		}
		m[c.Key] = strings.Join(vals, ",")
	}
	return m
}
