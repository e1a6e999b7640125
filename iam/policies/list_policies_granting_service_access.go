package policies

import (
	"context"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListPoliciesGrantingServiceAccess tells, for each service namespace asked about, which of an
// identity's permissions policies allow at least one of the service's actions (by the Service
// Authorization Reference): a user's own inline and managed policies and its groups', a group's
// or a role's own. Boundaries and other policy types are not considered, as AWS documents.
// The answer is one entry per namespace, in the order asked, never truncated.
var listPoliciesGrantingServiceAccess = &op.Op[*Policies, iamwire.ListPoliciesGrantingServiceAccessInput, iamwire.ListPoliciesGrantingServiceAccessOutput, *identity.Principal]{
	Name: "ListPoliciesGrantingServiceAccess", Action: "iam:ListPoliciesGrantingServiceAccess",
	Resolve: identityAt(func(in *iamwire.ListPoliciesGrantingServiceAccessInput) string { return in.Arn }),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.ListPoliciesGrantingServiceAccessInput, *identity.Principal]) (*iamwire.ListPoliciesGrantingServiceAccessOutput, error) {
		return s.grantingServiceAccess(ctx, r.Entity(), r.In.ServiceNamespaces)
	}}

// identityAt is the resolver of an operation on the user, group or role a request names by
// ARN: an ARN that is not one is InvalidInput before authorization; the target is the ARN as
// given, in its account, with the principal's tags as condition keys. A principal that does
// not exist, is another account's or has another path is NoSuchEntity after authorization.
func identityAt[In any](arnOf func(*In) string) op.Resolver[*Policies, In, *identity.Principal] {
	return op.Resolver[*Policies, In, *identity.Principal]{Keys: []string{op.ResourceTag, core.IAMResourceTag},
		Find: func(s *Policies, ctx context.Context, call *callctx.Call, in *In) (op.Target[*identity.Principal], error) {
			a := arnOf(in)
			kind, name, idAccount, err := parseIdentityARN(a)
			if err != nil {
				return op.Target[*identity.Principal]{}, err
			}
			account := call.Caller.AccountID
			t, err := core.FindPrincipal(ctx, s.Store, account, kind, name, core.WithoutBoundary)
			if err != nil {
				return t, err
			}
			t.ARN = a
			if idAccount != account {
				t.Account = idAccount
			}
			if t.Missing == nil && (idAccount != account || t.Entity.ARN != a) {
				t.Missing = core.NoSuchPrincipal(kind, name)
			}
			return t, nil
		}}
}

// grantingServiceAccess is ListPoliciesGrantingServiceAccess's answer for p.
func (s *Policies) grantingServiceAccess(ctx context.Context, p *identity.Principal, namespaces []string) (*iamwire.ListPoliciesGrantingServiceAccessOutput, error) {
	account := p.Account
	services := make([]*authref.ServiceInfo, len(namespaces))
	for i, ns := range namespaces {
		svc, ok := authref.Service(strings.ToLower(ns))
		if !ok {
			return nil, iamerr.UnknownNamespace.Err(ns)
		}
		services[i] = svc
	}
	var held []heldPolicy
	err := s.Store.View(ctx, func(tx store.Tx) error {
		var err error
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
		return "", "", "", iamerr.NotAnIdentity.Err(s)
	}
	typ, rest, _ := strings.Cut(a.Resource, "/")
	switch store.PrincipalKind(typ) {
	case store.PrincipalUser, store.PrincipalGroup, store.PrincipalRole:
	default:
		return "", "", "", iamerr.NotAnIdentity.Err(s)
	}
	name = rest[strings.LastIndexByte(rest, '/')+1:]
	if name == "" {
		return "", "", "", iamerr.NotAnIdentity.Err(s)
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
func identityPolicies(ctx context.Context, tx store.Tx, account string, p *identity.Principal) ([]heldPolicy, error) {
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
	switch p.Kind {
	case store.PrincipalUser:
		ua, err := tx.Authz().User(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		inline(store.PrincipalUser, p.Name, ua.Inline)
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
		ra, err := tx.Authz().Role(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		inline(store.PrincipalRole, p.Name, ra.Inline)
		if err := attached(ra.Attached, ra.Documents); err != nil {
			return nil, err
		}
	case store.PrincipalGroup:
		ps, _, err := tx.InlinePolicies().List(ctx, p.Ref(), store.ListOptions{Limit: store.MaxListLimit})
		if err != nil {
			return nil, err
		}
		inline(store.PrincipalGroup, p.Name, ps)
		as, _, err := tx.Attachments().List(ctx, p.Ref(), store.ListOptions{Limit: store.MaxListLimit})
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
