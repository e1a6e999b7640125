package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
)

// inlineLimits are the aggregate sizes of a principal's inline policies, by kind.
var inlineLimits = map[store.PrincipalKind]int{
	store.PrincipalGroup: MaxGroupInlineChars,
	store.PrincipalRole:  MaxRoleInlineChars,
}

// putInline adds or replaces an inline policy of a group or role: the document must pass the
// validator (MalformedPolicyDocument), the principal's inline policies together may not
// exceed its kind's limit without whitespace (LimitExceeded), and a service-linked role is
// AWS's to change (UnmodifiableEntity). The policy is in force for the next request.
func (s *Policies) putInline(ctx context.Context, action string, kind store.PrincipalKind, name, policyName, doc string) error {
	call, err := core.Begin(ctx)
	if err != nil {
		return err
	}
	account := call.Caller.AccountID
	p, err := s.target(ctx, call, action, kind, name, kind == store.PrincipalRole)
	if err != nil {
		return err
	}
	if p.serviceLinked {
		return protectedRole(p.name)
	}
	if err := core.ValidateDocument(doc, policy.IAMInline); err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx store.Tx) error {
		p, err := mustPrincipalInTx(ctx, tx, account, kind, name)
		if err != nil {
			return err
		}
		existing, _, err := tx.InlinePolicies().List(ctx, p.ref(), store.ListOptions{Limit: store.MaxListLimit})
		if err != nil {
			return err
		}
		if limit := inlineLimits[kind]; core.InlineSize(existing, policyName, doc) > limit {
			return inlineSizeExceeded(kind, p.name, limit)
		}
		return tx.InlinePolicies().Put(ctx, p.ref(), store.InlinePolicy{Name: policyName, Document: doc})
	})
}

// getInline returns an inline policy of a group or role.
func (s *Policies) getInline(ctx context.Context, action string, kind store.PrincipalKind, name, policyName string) (*principal, store.InlinePolicy, error) {
	var pol store.InlinePolicy
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, pol, err
	}
	p, err := s.target(ctx, call, action, kind, name, false)
	if err != nil {
		return nil, pol, err
	}
	err = s.Store.View(ctx, func(tx store.Tx) error {
		pol, err = tx.InlinePolicies().Get(ctx, p.ref(), policyName)
		if core.IsNotFound(err) {
			return noSuchInlinePolicy(kind, policyName)
		}
		return err
	})
	return p, pol, err
}

// deleteInline deletes an inline policy of a group or role.
func (s *Policies) deleteInline(ctx context.Context, action string, kind store.PrincipalKind, name, policyName string) error {
	call, err := core.Begin(ctx)
	if err != nil {
		return err
	}
	account := call.Caller.AccountID
	p, err := s.target(ctx, call, action, kind, name, kind == store.PrincipalRole)
	if err != nil {
		return err
	}
	if p.serviceLinked {
		return protectedRole(p.name)
	}
	return s.Store.Update(ctx, func(tx store.Tx) error {
		p, err := mustPrincipalInTx(ctx, tx, account, kind, name)
		if err != nil {
			return err
		}
		err = tx.InlinePolicies().Delete(ctx, p.ref(), policyName)
		if core.IsNotFound(err) {
			return noSuchInlinePolicy(kind, policyName)
		}
		return err
	})
}

// listInline lists the names of a group's or role's inline policies; the marker is the last
// name.
func (s *Policies) listInline(ctx context.Context, action string, kind store.PrincipalKind, name string,
	marker *string, maxItems *int32) (names []string, nextMarker *string, truncated *bool, err error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := s.target(ctx, call, action, kind, name, false)
	if err != nil {
		return nil, nil, nil, err
	}
	o, err := core.Page(marker, maxItems)
	if err != nil {
		return nil, nil, nil, err
	}
	var ps []store.InlinePolicy
	var more bool
	err = s.Store.View(ctx, func(tx store.Tx) error {
		ps, more, err = tx.InlinePolicies().List(ctx, p.ref(), o)
		return err
	})
	if err != nil {
		return nil, nil, nil, err
	}
	names = make([]string, len(ps))
	for i, pol := range ps {
		names[i] = pol.Name
	}
	last := ""
	if len(names) > 0 {
		last = names[len(names)-1]
	}
	nextMarker, truncated = core.NextMarker(more, last)
	return names, nextMarker, truncated, nil
}
