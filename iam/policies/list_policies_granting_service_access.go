package policies

import (
	"context"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListPoliciesGrantingServiceAccess tells, for each service namespace asked about, which of an
// identity's permissions policies allow at least one of the service's actions (by the Service
// Authorization Reference): a user's own inline and managed policies and its groups', a group's
// or a role's own. Boundaries and other policy types are not considered, as AWS documents.
// The answer is one entry per namespace, in the order asked, never truncated.
func (s *Policies) ListPoliciesGrantingServiceAccess(ctx context.Context, in *iamwire.ListPoliciesGrantingServiceAccessInput) (*iamwire.ListPoliciesGrantingServiceAccessOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	kind, name, idAccount, err := parseIdentityARN(in.Arn)
	if err != nil {
		return nil, err
	}
	p, err := s.findPrincipal(ctx, account, kind, name)
	if err != nil {
		return nil, err
	}
	req := authz.Request{Action: "iam:ListPoliciesGrantingServiceAccess", Resource: in.Arn, Keys: p.keys(false)}
	if idAccount != account {
		req.ResourceAccount = idAccount
	}
	if err := s.Authz.Authorize(ctx, call, req); err != nil {
		return nil, err
	}
	if !p.found || idAccount != account || p.arn != in.Arn {
		return nil, p.missing()
	}
	services := make([]*authref.ServiceInfo, len(in.ServiceNamespaces))
	for i, ns := range in.ServiceNamespaces {
		svc, ok := authref.Service(strings.ToLower(ns))
		if !ok {
			return nil, unknownNamespace(ns)
		}
		services[i] = svc
	}
	var held []heldPolicy
	err = s.Store.View(ctx, func(tx store.Tx) error {
		held, err = identityPolicies(ctx, tx, account, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &iamwire.ListPoliciesGrantingServiceAccessOutput{IsTruncated: ptr(false),
		PoliciesGrantingServiceAccess: make([]iamwire.ListPoliciesGrantingServiceAccessEntry, len(services))}
	for i, svc := range services {
		e := iamwire.ListPoliciesGrantingServiceAccessEntry{ServiceNamespace: ptr(svc.Prefix),
			Policies: []iamwire.PolicyGrantingServiceAccess{}}
		for j := range held {
			if held[j].doc != nil && grantsService(held[j].doc, svc) {
				e.Policies = append(e.Policies, held[j].wire)
			}
		}
		out.PoliciesGrantingServiceAccess[i] = e
	}
	return out, nil
}

// parseIdentityARN splits a user, group or role ARN into kind and name.
func parseIdentityARN(s string) (kind store.PrincipalKind, name, account string, err error) {
	a, perr := arn.Parse(s)
	if perr != nil || a.Service != "iam" {
		return "", "", "", notAnIdentity(s)
	}
	typ, rest, _ := strings.Cut(a.Resource, "/")
	switch store.PrincipalKind(typ) {
	case store.PrincipalUser, store.PrincipalGroup, store.PrincipalRole:
	default:
		return "", "", "", notAnIdentity(s)
	}
	name = rest[strings.LastIndexByte(rest, '/')+1:]
	if name == "" {
		return "", "", "", notAnIdentity(s)
	}
	return store.PrincipalKind(typ), name, a.AccountID, nil
}

// heldPolicy is one permissions policy of an identity, parsed, with its answer entry.
type heldPolicy struct {
	doc  *policy.Document
	wire iamwire.PolicyGrantingServiceAccess
}

// identityPolicies reads the permissions policies that apply to p: its own and, for a user,
// its groups'. Managed policies held twice (directly and through a group) are listed once.
func identityPolicies(ctx context.Context, tx store.Tx, account string, p *principal) ([]heldPolicy, error) {
	var held []heldPolicy
	seen := map[string]bool{}
	inline := func(owner store.PrincipalKind, ownerName string, ps []store.InlinePolicy) {
		typ := iamwire.PolicyOwnerEntityType(strings.ToUpper(string(owner)))
		for _, pol := range ps {
			doc, _ := policy.Parse([]byte(pol.Document), policy.Identity)
			held = append(held, heldPolicy{doc: doc, wire: iamwire.PolicyGrantingServiceAccess{PolicyName: pol.Name,
				PolicyType: iamwire.PolicyTypeInline, EntityType: ptr(typ), EntityName: ptr(ownerName)}})
		}
	}
	attached := func(arns []string, docs map[string]store.PolicyVersion) error {
		for _, a := range arns {
			if seen[a] {
				continue
			}
			seen[a] = true
			text := ""
			if mp, ok := managed.Lookup(a); ok {
				text = mp.Document
			} else if v, ok := docs[a]; ok {
				text = v.Document
			} else {
				v, err := tx.Policies().DefaultVersion(ctx, account, a)
				if err != nil && !core.IsNotFound(err) {
					return err
				}
				text = v.Document
			}
			doc, _ := policy.Parse([]byte(text), policy.Identity)
			held = append(held, heldPolicy{doc: doc, wire: iamwire.PolicyGrantingServiceAccess{
				PolicyName: a[strings.LastIndexByte(a, '/')+1:], PolicyType: iamwire.PolicyTypeManaged, PolicyArn: ptr(a)}})
		}
		return nil
	}
	switch p.kind {
	case store.PrincipalUser:
		ua, err := tx.Authz().User(ctx, p.id)
		if err != nil {
			return nil, err
		}
		inline(store.PrincipalUser, p.name, ua.Inline)
		if err := attached(ua.Attached, ua.Documents); err != nil {
			return nil, err
		}
		for _, g := range ua.Groups {
			inline(store.PrincipalGroup, g.Group.Name, g.Inline)
			if err := attached(g.Attached, ua.Documents); err != nil {
				return nil, err
			}
		}
	case store.PrincipalRole:
		ra, err := tx.Authz().Role(ctx, p.id)
		if err != nil {
			return nil, err
		}
		inline(store.PrincipalRole, p.name, ra.Inline)
		if err := attached(ra.Attached, ra.Documents); err != nil {
			return nil, err
		}
	case store.PrincipalGroup:
		ps, _, err := tx.InlinePolicies().List(ctx, p.ref(), store.ListOptions{Limit: store.MaxListLimit})
		if err != nil {
			return nil, err
		}
		inline(store.PrincipalGroup, p.name, ps)
		as, _, err := tx.Attachments().List(ctx, p.ref(), store.ListOptions{Limit: store.MaxListLimit})
		if err != nil {
			return nil, err
		}
		arns := make([]string, len(as))
		for i, a := range as {
			arns[i] = a.ARN
		}
		if err := attached(arns, nil); err != nil {
			return nil, err
		}
	}
	return held, nil
}

// grantsService reports whether a policy has an Allow statement whose Action (or NotAction)
// covers at least one action of the service. Conditions and resources are not weighed: the
// policy can grant access to the service, which is what AWS's access advisor reports.
func grantsService(doc *policy.Document, svc *authref.ServiceInfo) bool {
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if st.Effect != policy.EffectAllow {
			continue
		}
		for _, a := range svc.Actions {
			if matchesAny(st.Actions, a.String()) != st.NotAction {
				return true
			}
		}
	}
	return false
}

// matchesAny reports whether an action ("s3:GetObject") matches any of an Action element's
// patterns, without regard to case.
func matchesAny(patterns []policy.Value, action string) bool {
	action = strings.ToLower(action)
	for _, p := range patterns {
		if p.Text == "*" || arn.Glob(strings.ToLower(p.Text), action) {
			return true
		}
	}
	return false
}
