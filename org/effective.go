package org

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata/inherit"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// Effective management policies: DescribeEffectivePolicy, ListAccountsWithInvalidEffectivePolicy,
// ListEffectivePolicyValidationErrors. An account's effective policy of a management type
// merges the policies of that type attached to its root, its OUs and itself with the
// inheritance operators (package orgdata/inherit). SCPs and RCPs are authorization policies
// with no effective policy: the model's EffectivePolicyType does not list them, so the wire
// refuses them before any operation runs.

func errEffectivePolicyNotFound() error {
	// The message is unconfirmed (looked: the API reference, the model, GitHub issues and
	// moto, which has no DescribeEffectivePolicy); the model's documentation of the exception
	// says why.
	return orgwire.ErrEffectivePolicyNotFoundException("We can't find an effective policy of the specified type for the specified account.")
}

// effectiveOf is one account's effective policy of one type: "" when no policy of the type
// applies to it.
type effectiveOf struct {
	Content  string
	Problems []inherit.Problem
	Path     string
	Updated  time.Time
}

// typeEnabled refuses a policy type not enabled on the root: EffectivePolicyNotFoundException,
// as AWS answers the management account.
func typeEnabled(ctx context.Context, recs store.Organizations, o *orgRef, t orgwire.EffectivePolicyType) error {
	_, root, err := rootBody(ctx, recs, o)
	if err != nil {
		return err
	}
	if !root.Enabled(string(t)) {
		return errEffectivePolicyNotFound()
	}
	return nil
}

// effective computes account's effective policy of type t.
func effective(ctx context.Context, recs store.Organizations, o *orgRef, account string, t orgwire.EffectivePolicyType) (*effectiveOf, error) {
	ids, err := ancestors(ctx, recs, o, account)
	if err != nil {
		return nil, err
	}
	out := &effectiveOf{Path: o.ID + "/" + strings.Join(ids, "/") + "/"}
	levels := make([][]inherit.Policy, len(ids))
	for i, id := range ids {
		atts, types, err := attachments(ctx, recs, o, store.OrgFilter{Parent: id})
		if err != nil {
			return nil, err
		}
		for j, a := range atts {
			if types[j] != string(t) {
				continue
			}
			p, err := getPolicy(ctx, recs, o, a.Name)
			if awserr.Is(err, orgwire.ErrCodePolicyNotFoundException) {
				continue
			} else if err != nil {
				return nil, err
			}
			levels[i] = append(levels[i], inherit.Policy{ID: p.ID, Content: p.Body.Content})
			out.Updated = latest(out.Updated, a.Created, p.rec.Updated)
		}
		slices.SortFunc(levels[i], func(a, b inherit.Policy) int { return strings.Compare(a.ID, b.ID) })
	}
	out.Content, out.Problems, err = inherit.Effective(levels)
	return out, err
}

func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}

var describeEffectivePolicy = &op.Op[*Service, orgwire.DescribeEffectivePolicyInput, orgwire.DescribeEffectivePolicyOutput, *orgRef]{
	Name:   "DescribeEffectivePolicy",
	Action: "organizations:DescribeEffectivePolicy",
	Resolve: ownOrg(func(o *orgRef, in *orgwire.DescribeEffectivePolicyInput) string {
		if in.TargetId == nil {
			// The caller's own account: the reference requires an account resource.
			return o.targetARN(o.Caller)
		}
		return o.targetARN(*in.TargetId)
	}),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DescribeEffectivePolicyInput, *orgRef]) (*orgwire.DescribeEffectivePolicyOutput, error) {
		o, in := r.Entity(), r.In
		target := o.Caller
		if in.TargetId != nil && *in.TargetId != o.Caller {
			if err := o.manage(); err != nil { // a member account sees its own only
				return nil, err
			}
			target = *in.TargetId
		}
		var e *effectiveOf
		err := s.view(ctx, func(_ store.Tx, recs store.Organizations) (err error) {
			if _, err := recs.Get(ctx, o.ID, store.OrgMember, target); errors.Is(err, store.ErrNotFound) {
				return errTargetNotFound()
			} else if err != nil {
				return err
			}
			if err := typeEnabled(ctx, recs, o, in.PolicyType); err != nil {
				return err
			}
			e, err = effective(ctx, recs, o, target, in.PolicyType)
			return err
		})
		if err != nil {
			return nil, err
		}
		if e.Content == "" {
			return nil, errEffectivePolicyNotFound()
		}
		return &orgwire.DescribeEffectivePolicyOutput{EffectivePolicy: &orgwire.EffectivePolicy{PolicyContent: new(e.Content),
			LastUpdatedTimestamp: new(e.Updated), TargetId: new(target), PolicyType: new(in.PolicyType)}}, nil
	},
}

var listAccountsWithInvalidEffectivePolicy = &op.Op[*Service, orgwire.ListAccountsWithInvalidEffectivePolicyInput, orgwire.ListAccountsWithInvalidEffectivePolicyOutput, *orgRef]{
	Name:    "ListAccountsWithInvalidEffectivePolicy",
	Action:  "organizations:ListAccountsWithInvalidEffectivePolicy",
	Resolve: inOrg[orgwire.ListAccountsWithInvalidEffectivePolicyInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.ListAccountsWithInvalidEffectivePolicyInput, *orgRef]) (*orgwire.ListAccountsWithInvalidEffectivePolicyOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.delegated(); err != nil {
			return nil, err
		}
		var out []orgwire.Account
		err := s.store.View(ctx, func(tx store.Tx) error {
			recs := tx.Organizations()
			if err := typeEnabled(ctx, recs, o, in.PolicyType); err != nil {
				return err
			}
			members, err := recs.List(ctx, o.ID, store.OrgMember, store.OrgFilter{})
			if err != nil {
				return err
			}
			for _, m := range members {
				e, err := effective(ctx, recs, o, m.ID, in.PolicyType)
				if err != nil {
					return err
				}
				if len(e.Problems) == 0 {
					continue
				}
				a, err := accountOf(ctx, tx, o, m)
				if err != nil {
					return err
				}
				out = append(out, a)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		items, next, err := page(out, func(a orgwire.Account) string { return *a.Id }, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &orgwire.ListAccountsWithInvalidEffectivePolicyOutput{Accounts: orEmpty(items), PolicyType: new(in.PolicyType), NextToken: next}, nil
	},
}

var listEffectivePolicyValidationErrors = &op.Op[*Service, orgwire.ListEffectivePolicyValidationErrorsInput, orgwire.ListEffectivePolicyValidationErrorsOutput, *orgRef]{
	Name:    "ListEffectivePolicyValidationErrors",
	Action:  "organizations:ListEffectivePolicyValidationErrors",
	Resolve: accountARN(func(in *orgwire.ListEffectivePolicyValidationErrorsInput) string { return in.AccountId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.ListEffectivePolicyValidationErrorsInput, *orgRef]) (*orgwire.ListEffectivePolicyValidationErrorsOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.delegated(); err != nil {
			return nil, err
		}
		var e *effectiveOf
		err := s.view(ctx, func(_ store.Tx, recs store.Organizations) (err error) {
			if _, err := getMember(ctx, recs, o, in.AccountId); err != nil {
				return err
			}
			if err := typeEnabled(ctx, recs, o, in.PolicyType); err != nil {
				return err
			}
			e, err = effective(ctx, recs, o, in.AccountId, in.PolicyType)
			return err
		})
		if err != nil {
			return nil, err
		}
		errs := make([]orgwire.EffectivePolicyValidationError, len(e.Problems))
		for i, p := range e.Problems {
			errs[i] = orgwire.EffectivePolicyValidationError{ErrorCode: new(p.Code), ErrorMessage: new(p.Message), PathToError: new(p.Path),
				ContributingPolicies: p.Policies}
		}
		items, next, err := page(errs, func(v orgwire.EffectivePolicyValidationError) string { return *v.PathToError + "|" + *v.ErrorCode }, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &orgwire.ListEffectivePolicyValidationErrorsOutput{AccountId: new(in.AccountId), PolicyType: new(in.PolicyType), Path: new(e.Path),
			EvaluationTimestamp: new(s.now()), EffectivePolicyValidationErrors: orEmpty(items), NextToken: next}, nil
	},
}
