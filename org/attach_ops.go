package org

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

var attachPolicy = &op.Op[*Service, orgwire.AttachPolicyInput, orgwire.AttachPolicyOutput, *orgRef]{
	Name:    "AttachPolicy",
	Action:  "organizations:AttachPolicy",
	Resolve: policyARN(func(in *orgwire.AttachPolicyInput) string { return in.PolicyId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.AttachPolicyInput, *orgRef]) (*orgwire.AttachPolicyOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.delegated(); err != nil {
			return nil, err
		}
		err := s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			p, err := policyAndTarget(ctx, recs, o, in.PolicyId, in.TargetId)
			if err != nil {
				return err
			}
			_, root, err := rootBody(ctx, recs, o)
			if err != nil {
				return err
			}
			if !root.Enabled(p.Type) {
				return errPolicyTypeNotEnabled()
			}
			if n, err := countOfType(ctx, recs, o, in.TargetId, p.Type); err != nil {
				return err
			} else if enforced(p.Type) && n >= maxAttachments {
				return errConstraint(orgwire.ConstraintViolationExceptionReasonMaxPolicyTypeAttachmentLimitExceeded,
					"You attempted to exceed the number of policies of a certain type that can be attached to an entity at one time.")
			}
			return s.attach(ctx, recs, o, p.ID, p.Type, in.TargetId)
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.AttachPolicyOutput{}, nil
	},
}

// policyAndTarget reads the policy an attachment operation names and checks its target.
func policyAndTarget(ctx context.Context, recs store.Organizations, o *orgRef, policyID, targetID string) (*policyView, error) {
	p, err := getPolicy(ctx, recs, o, policyID)
	if err != nil {
		return nil, err
	}
	_, _, err = target(ctx, recs, o, targetID)
	return p, err
}

// countOfType counts the policies of a type attached to a target.
func countOfType(ctx context.Context, recs store.Organizations, o *orgRef, targetID, t string) (int, error) {
	_, types, err := attachments(ctx, recs, o, store.OrgFilter{Parent: targetID})
	n := 0
	for _, x := range types {
		if x == t {
			n++
		}
	}
	return n, err
}

var detachPolicy = &op.Op[*Service, orgwire.DetachPolicyInput, orgwire.DetachPolicyOutput, *orgRef]{
	Name:    "DetachPolicy",
	Action:  "organizations:DetachPolicy",
	Resolve: policyARN(func(in *orgwire.DetachPolicyInput) string { return in.PolicyId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DetachPolicyInput, *orgRef]) (*orgwire.DetachPolicyOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.delegated(); err != nil {
			return nil, err
		}
		err := s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			p, err := policyAndTarget(ctx, recs, o, in.PolicyId, in.TargetId)
			if err != nil {
				return err
			}
			if _, err := recs.Get(ctx, o.ID, store.OrgAttachment, attachmentID(p.ID, in.TargetId)); err != nil {
				return orgwire.ErrPolicyNotAttachedException("The policy isn't attached to the specified target in the specified root.")
			}
			if n, err := countOfType(ctx, recs, o, in.TargetId, p.Type); err != nil {
				return err
			} else if enforced(p.Type) && n <= 1 {
				return errConstraint(orgwire.ConstraintViolationExceptionReasonMinPolicyTypeAttachmentLimitExceeded,
					"You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.")
			}
			return recs.Delete(ctx, o.ID, store.OrgAttachment, attachmentID(p.ID, in.TargetId))
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.DetachPolicyOutput{}, nil
	},
}

// targetARN is the ARN of a root, OU or account of the organization.
func (o *orgRef) targetARN(id string) string {
	switch {
	case isRoot(id):
		return o.arn("root", id)
	case isOU(id):
		return o.arn("ou", id)
	}
	return o.arn("account", id)
}

var listPoliciesForTarget = &op.Op[*Service, orgwire.ListPoliciesForTargetInput, orgwire.ListPoliciesForTargetOutput, *orgRef]{
	Name:    "ListPoliciesForTarget",
	Action:  "organizations:ListPoliciesForTarget",
	Resolve: inOrg(func(o *orgRef, in *orgwire.ListPoliciesForTargetInput) string { return o.targetARN(in.TargetId) }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.ListPoliciesForTargetInput, *orgRef]) (*orgwire.ListPoliciesForTargetOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.delegated(); err != nil {
			return nil, err
		}
		var out []orgwire.PolicySummary
		err := s.view(ctx, func(_ store.Tx, recs store.Organizations) error {
			if _, _, err := target(ctx, recs, o, in.TargetId); err != nil {
				return err
			}
			atts, types, err := attachments(ctx, recs, o, store.OrgFilter{Parent: in.TargetId})
			if err != nil {
				return err
			}
			for i, a := range atts {
				if types[i] != string(in.Filter) {
					continue
				}
				p, err := getPolicy(ctx, recs, o, a.Name)
				if err != nil {
					return err
				}
				out = append(out, p.summary(o))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		items, next, err := page(out, func(p orgwire.PolicySummary) string { return *p.Id }, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &orgwire.ListPoliciesForTargetOutput{Policies: orEmpty(items), NextToken: next}, nil
	},
}

var listTargetsForPolicy = &op.Op[*Service, orgwire.ListTargetsForPolicyInput, orgwire.ListTargetsForPolicyOutput, *orgRef]{
	Name:    "ListTargetsForPolicy",
	Action:  "organizations:ListTargetsForPolicy",
	Resolve: policyARN(func(in *orgwire.ListTargetsForPolicyInput) string { return in.PolicyId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.ListTargetsForPolicyInput, *orgRef]) (*orgwire.ListTargetsForPolicyOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.delegated(); err != nil {
			return nil, err
		}
		var out []orgwire.PolicyTargetSummary
		err := s.store.View(ctx, func(tx store.Tx) error {
			recs := tx.Organizations()
			if _, err := getPolicy(ctx, recs, o, in.PolicyId); err != nil {
				return err
			}
			atts, err := recs.List(ctx, o.ID, store.OrgAttachment, store.OrgFilter{Name: in.PolicyId})
			for _, a := range atts {
				t, err := targetSummary(ctx, tx, o, a.Parent)
				if err != nil {
					return err
				}
				out = append(out, t)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		items, next, err := page(out, func(t orgwire.PolicyTargetSummary) string { return *t.TargetId }, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &orgwire.ListTargetsForPolicyOutput{Targets: orEmpty(items), NextToken: next}, nil
	},
}

// targetSummary is a root, OU or account as ListTargetsForPolicy shows it.
func targetSummary(ctx context.Context, tx store.Tx, o *orgRef, id string) (orgwire.PolicyTargetSummary, error) {
	part, rec, err := target(ctx, tx.Organizations(), o, id)
	if err != nil {
		return orgwire.PolicyTargetSummary{}, err
	}
	t := orgwire.PolicyTargetSummary{TargetId: new(id), Arn: new(o.targetARN(id)), Name: new(rec.Name)}
	switch part {
	case store.OrgRoot:
		t.Type = new(orgwire.TargetTypeRoot)
	case store.OrgUnit:
		t.Type = new(orgwire.TargetTypeOrganizationalUnit)
	default:
		t.Type = new(orgwire.TargetTypeAccount)
		a, err := tx.Accounts().Get(ctx, id)
		if err != nil {
			return t, err
		}
		t.Name = new(a.Name)
	}
	return t, nil
}
