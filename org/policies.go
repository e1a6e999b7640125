package org

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// Policies: CreatePolicy, UpdatePolicy, DeletePolicy, DescribePolicy, ListPolicies. Every
// type of the model is stored; SCPs and RCPs are validated as the policy language of their
// kind (authz enforces them), the others as JSON documents. AWS managed policies
// (FullAWSAccess, RCPFullAWSAccess) exist in every organization and cannot be changed.

// contentLimits are the policy types' maximum document sizes in characters (Organizations
// User Guide, quotas); types not listed allow 10,000.
var contentLimits = map[orgwire.PolicyType]int{
	orgwire.PolicyTypeServiceControlPolicy:   5120,
	orgwire.PolicyTypeResourceControlPolicy:  5120,
	orgwire.PolicyTypeAiservicesOptOutPolicy: 2500,
}

const defaultContentLimit = 10000

// checkContent validates a policy document of a type.
func checkContent(t orgwire.PolicyType, content string) error {
	limit, ok := contentLimits[t]
	if !ok {
		limit = defaultContentLimit
	}
	if utf8.RuneCountInString(content) > limit {
		return errConstraint(orgwire.ConstraintViolationExceptionReasonPolicyContentLimitExceeded,
			"You attempted to create a policy with too many characters for its type.")
	}
	kind := policy.Kind(0)
	switch t {
	case orgwire.PolicyTypeServiceControlPolicy:
		kind = policy.SCP
	case orgwire.PolicyTypeResourceControlPolicy:
		kind = policy.RCP
	}
	if kind == 0 {
		var v map[string]any
		if json.Unmarshal([]byte(content), &v) != nil {
			return errMalformedPolicy("The policy is not a JSON object.")
		}
		return nil
	}
	if _, err := policy.Parse([]byte(content), kind); err != nil {
		return errMalformedPolicy(err.Error())
	}
	return nil
}

// policyView is a policy, customer or AWS managed.
type policyView struct {
	ID, Name, Type string
	Body           orgdata.Policy
	Managed        bool
	rec            store.OrgRecord
}

func (p *policyView) summary(o *orgRef) orgwire.PolicySummary {
	arn := orgdata.Managed{ID: p.ID, Type: p.Type}.ARN()
	if !p.Managed {
		arn = o.arn("policy", strings.ToLower(p.Type)+"/"+p.ID)
	}
	return orgwire.PolicySummary{Id: new(p.ID), Arn: &arn, Name: new(p.Name), Description: new(p.Body.Description),
		Type: new(orgwire.PolicyType(p.Type)), AwsManaged: new(p.Managed)}
}

func (p *policyView) wire(o *orgRef) *orgwire.Policy {
	sum := p.summary(o)
	return &orgwire.Policy{PolicySummary: &sum, Content: new(p.Body.Content)}
}

// getPolicy reads a policy; PolicyNotFoundException when missing.
func getPolicy(ctx context.Context, recs store.Organizations, o *orgRef, id string) (*policyView, error) {
	if m, ok := orgdata.LookupManaged(id); ok {
		return &policyView{ID: m.ID, Name: m.Name, Type: m.Type, Managed: true,
			Body: orgdata.Policy{Description: m.Description, Content: m.Content}}, nil
	}
	rec, err := recs.Get(ctx, o.ID, store.OrgPolicy, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errPolicyNotFound()
	} else if err != nil {
		return nil, err
	}
	p := &policyView{ID: rec.ID, Name: rec.Name, Type: rec.Parent, rec: rec}
	return p, orgdata.Decode(rec, &p.Body)
}

// policyARN is the ARN a policy operation is authorized on.
func policyARN[In any](id func(*In) string) op.Resolver[*Service, In, *orgRef] {
	return inOrg(func(o *orgRef, in *In) string {
		if m, ok := orgdata.LookupManaged(id(in)); ok {
			return m.ARN()
		}
		return o.arn("policy", "*/"+id(in))
	})
}

// uniquePolicyName refuses a name another policy of the type has.
func uniquePolicyName(ctx context.Context, recs store.Organizations, o *orgRef, t, name, except string) error {
	all, err := recs.List(ctx, o.ID, store.OrgPolicy, store.OrgFilter{Parent: t})
	if err != nil {
		return err
	}
	for _, p := range all {
		if p.ID != except && p.Name == name {
			return orgwire.ErrDuplicatePolicyException("A policy with the same name already exists.")
		}
	}
	return nil
}

var createPolicy = &op.Op[*Service, orgwire.CreatePolicyInput, orgwire.CreatePolicyOutput, *orgRef]{
	Name:   "CreatePolicy",
	Action: "organizations:CreatePolicy",
	Keys:   []op.KeySource[orgwire.CreatePolicyInput]{op.RequestTags(func(in *orgwire.CreatePolicyInput) []orgwire.Tag { return in.Tags })},
	Resolve: inOrg(func(o *orgRef, in *orgwire.CreatePolicyInput) string {
		return o.arn("policy", strings.ToLower(string(in.Type))+"/*")
	}),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.CreatePolicyInput, *orgRef]) (*orgwire.CreatePolicyOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.delegated(); err != nil {
			return nil, err
		}
		if err := checkContent(in.Type, in.Content); err != nil {
			return nil, err
		}
		tags, err := tagsFrom(in.Tags)
		if err != nil {
			return nil, err
		}
		id, err := newID(s.rand, "p-", 8)
		if err != nil {
			return nil, err
		}
		p := &policyView{ID: id, Name: in.Name, Type: string(in.Type), Body: orgdata.Policy{Description: in.Description, Content: in.Content, Tags: tags}}
		err = s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			if err := uniquePolicyName(ctx, recs, o, p.Type, p.Name, ""); err != nil {
				return err
			}
			now := s.now()
			return recs.Create(ctx, store.OrgRecord{OrgID: o.ID, Part: store.OrgPolicy, ID: id, Parent: p.Type, Name: p.Name,
				Created: now, Updated: now, Body: orgdata.Encode(p.Body)})
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.CreatePolicyOutput{Policy: p.wire(o)}, nil
	},
}

// immutable refuses a change to an AWS managed policy.
func immutable() error {
	return errInvalidInput(orgwire.InvalidInputExceptionReasonImmutablePolicy, "You specified a policy that is managed by AWS and can't be modified.")
}

var updatePolicy = &op.Op[*Service, orgwire.UpdatePolicyInput, orgwire.UpdatePolicyOutput, *orgRef]{
	Name:    "UpdatePolicy",
	Action:  "organizations:UpdatePolicy",
	Resolve: policyARN(func(in *orgwire.UpdatePolicyInput) string { return in.PolicyId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.UpdatePolicyInput, *orgRef]) (*orgwire.UpdatePolicyOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.delegated(); err != nil {
			return nil, err
		}
		var p *policyView
		err := s.update(ctx, func(_ store.Tx, recs store.Organizations) (err error) {
			if p, err = getPolicy(ctx, recs, o, in.PolicyId); err != nil {
				return err
			}
			if p.Managed {
				return immutable()
			}
			if in.Content != nil {
				if err := checkContent(orgwire.PolicyType(p.Type), *in.Content); err != nil {
					return err
				}
				p.Body.Content = *in.Content
			}
			if in.Name != nil {
				if err := uniquePolicyName(ctx, recs, o, p.Type, *in.Name, p.ID); err != nil {
					return err
				}
				p.Name = *in.Name
			}
			if in.Description != nil {
				p.Body.Description = *in.Description
			}
			p.rec.Name, p.rec.Updated, p.rec.Body = p.Name, s.now(), orgdata.Encode(p.Body)
			return recs.Update(ctx, p.rec)
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.UpdatePolicyOutput{Policy: p.wire(o)}, nil
	},
}

var deletePolicy = &op.Op[*Service, orgwire.DeletePolicyInput, orgwire.DeletePolicyOutput, *orgRef]{
	Name:    "DeletePolicy",
	Action:  "organizations:DeletePolicy",
	Resolve: policyARN(func(in *orgwire.DeletePolicyInput) string { return in.PolicyId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DeletePolicyInput, *orgRef]) (*orgwire.DeletePolicyOutput, error) {
		o := r.Entity()
		if err := o.delegated(); err != nil {
			return nil, err
		}
		err := s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			p, err := getPolicy(ctx, recs, o, r.In.PolicyId)
			if err != nil {
				return err
			}
			if p.Managed {
				return immutable()
			}
			atts, err := recs.List(ctx, o.ID, store.OrgAttachment, store.OrgFilter{Name: p.ID})
			if err != nil {
				return err
			}
			if len(atts) > 0 {
				return orgwire.ErrPolicyInUseException("The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.")
			}
			return recs.Delete(ctx, o.ID, store.OrgPolicy, p.ID)
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.DeletePolicyOutput{}, nil
	},
}

var describePolicy = &op.Op[*Service, orgwire.DescribePolicyInput, orgwire.DescribePolicyOutput, *orgRef]{
	Name:    "DescribePolicy",
	Action:  "organizations:DescribePolicy",
	Resolve: policyARN(func(in *orgwire.DescribePolicyInput) string { return in.PolicyId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DescribePolicyInput, *orgRef]) (*orgwire.DescribePolicyOutput, error) {
		o := r.Entity()
		if err := o.delegated(); err != nil {
			return nil, err
		}
		var p *policyView
		err := s.view(ctx, func(_ store.Tx, recs store.Organizations) (err error) {
			p, err = getPolicy(ctx, recs, o, r.In.PolicyId)
			return err
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.DescribePolicyOutput{Policy: p.wire(o)}, nil
	},
}

var listPolicies = &op.Op[*Service, orgwire.ListPoliciesInput, orgwire.ListPoliciesOutput, *orgRef]{
	Name:    "ListPolicies",
	Action:  "organizations:ListPolicies",
	Resolve: inOrg[orgwire.ListPoliciesInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.ListPoliciesInput, *orgRef]) (*orgwire.ListPoliciesOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.delegated(); err != nil {
			return nil, err
		}
		var out []orgwire.PolicySummary
		for _, m := range orgdata.ManagedPolicies {
			if m.Type == string(in.Filter) {
				p := policyView{ID: m.ID, Name: m.Name, Type: m.Type, Managed: true, Body: orgdata.Policy{Description: m.Description}}
				out = append(out, p.summary(o))
			}
		}
		err := s.view(ctx, func(_ store.Tx, recs store.Organizations) error {
			all, err := recs.List(ctx, o.ID, store.OrgPolicy, store.OrgFilter{Parent: string(in.Filter)})
			for _, rec := range all {
				p := policyView{ID: rec.ID, Name: rec.Name, Type: rec.Parent}
				if err := orgdata.Decode(rec, &p.Body); err != nil {
					return err
				}
				out = append(out, p.summary(o))
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		items, next, err := page(out, func(p orgwire.PolicySummary) string { return *p.Id }, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &orgwire.ListPoliciesOutput{Policies: orEmpty(items), NextToken: next}, nil
	},
}
