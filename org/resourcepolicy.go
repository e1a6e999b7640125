package org

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// The organization's resource-based delegation policy: PutResourcePolicy,
// DescribeResourcePolicy, DeleteResourcePolicy. It lets member accounts perform the
// Organizations actions AWS lets a management account delegate (delegable): the read-only
// ones and the policy management ones. The policy is enforced where a member account's
// caller reaches the organization: inOrg evaluates such a call as cross-account, against the
// management account, with this policy as the resource policy (access.go).

// delegableWrite are the actions other than Describe* and List* a delegation policy may
// grant (Organizations User Guide, "Delegated administrator for AWS Organizations").
var delegableWrite = []string{
	"organizations:CreatePolicy", "organizations:UpdatePolicy", "organizations:DeletePolicy",
	"organizations:AttachPolicy", "organizations:DetachPolicy",
	"organizations:EnablePolicyType", "organizations:DisablePolicyType",
	"organizations:TagResource", "organizations:UntagResource",
}

// delegable reports whether a delegation policy may grant action.
func delegable(action string) bool {
	name, ok := strings.CutPrefix(strings.ToLower(action), "organizations:")
	if !ok {
		return false
	}
	if strings.HasPrefix(name, "describe") || strings.HasPrefix(name, "list") {
		return true
	}
	for _, a := range delegableWrite {
		if strings.EqualFold(a, action) {
			return true
		}
	}
	return false
}

// allActions is every Organizations action, from the model.
func allActions() []string {
	out := make([]string, 0, len(orgwire.Service.Operations))
	for _, o := range orgwire.Service.Operations {
		out = append(out, "organizations:"+o.Name)
	}
	return out
}

// checkResourcePolicy validates a delegation policy: a resource-based policy whose Allow
// statements grant only delegable Organizations actions. A pattern that would also grant
// another action ("organizations:*") is refused; AWS's exact treatment of wildcards is
// unconfirmed.
func checkResourcePolicy(content string) error {
	doc, err := policy.Parse([]byte(content), policy.Resource)
	if err != nil {
		var v any
		if json.Unmarshal([]byte(content), &v) != nil {
			return errInvalidInput(orgwire.InvalidInputExceptionReasonInvalidResourcePolicyJson, "Received an invalid resource policy JSON. "+err.Error())
		}
		if strings.Contains(err.Error(), "Principal") {
			return errInvalidInput(orgwire.InvalidInputExceptionReasonInvalidPrincipal, "You specified an invalid principal element in the policy.")
		}
		return errInvalidInput(orgwire.InvalidInputExceptionReasonInvalidResourcePolicyJson, "Received an invalid resource policy JSON. "+err.Error())
	}
	all := allActions()
	for _, st := range doc.Statements {
		if st.Effect != policy.EffectAllow {
			continue
		}
		if st.NotAction {
			return errUnsupportedAction()
		}
		for _, a := range st.Actions {
			for _, action := range all {
				if arn.Glob(strings.ToLower(a.Text), strings.ToLower(action)) && !delegable(action) {
					return errUnsupportedAction()
				}
			}
			if !strings.HasPrefix(strings.ToLower(a.Text), "organizations:") {
				return errUnsupportedAction()
			}
		}
	}
	return nil
}

func errUnsupportedAction() error {
	return errInvalidInput(orgwire.InvalidInputExceptionReasonUnsupportedActionInResourcePolicy,
		"You provided an unsupported action in the resource policy.") // message unconfirmed: the model lists the reason without a description (looked: model, API reference, GitHub issues)
}

func errResourcePolicyNotFound() error {
	return orgwire.ErrResourcePolicyNotFoundException("We can't find a resource policy request with the parameter that you specified.")
}

// resourcePolicy reads the organization's delegation policy; nil when it has none.
func resourcePolicy(ctx context.Context, recs store.Organizations, orgID string) (*store.OrgRecord, *orgdata.ResourcePolicy, error) {
	all, err := recs.List(ctx, orgID, store.OrgResourcePolicy, store.OrgFilter{})
	if err != nil || len(all) == 0 {
		return nil, nil, err
	}
	var b orgdata.ResourcePolicy
	return &all[0], &b, orgdata.Decode(all[0], &b)
}

func (o *orgRef) resourcePolicyWire(id, content string) *orgwire.ResourcePolicy {
	return &orgwire.ResourcePolicy{Content: new(content), ResourcePolicySummary: &orgwire.ResourcePolicySummary{
		Id: new(id), Arn: new(o.arn("resourcepolicy", id))}}
}

var putResourcePolicy = &op.Op[*Service, orgwire.PutResourcePolicyInput, orgwire.PutResourcePolicyOutput, *orgRef]{
	Name:   "PutResourcePolicy",
	Action: "organizations:PutResourcePolicy",
	Keys:   []op.KeySource[orgwire.PutResourcePolicyInput]{op.RequestTags(func(in *orgwire.PutResourcePolicyInput) []orgwire.Tag { return in.Tags })},
	Resolve: inOrg(func(o *orgRef, _ *orgwire.PutResourcePolicyInput) string {
		return o.arn("resourcepolicy", "*")
	}),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.PutResourcePolicyInput, *orgRef]) (*orgwire.PutResourcePolicyOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.manage(); err != nil {
			return nil, err
		}
		if err := checkResourcePolicy(in.Content); err != nil {
			return nil, err
		}
		tags, err := tagsFrom(in.Tags)
		if err != nil {
			return nil, err
		}
		var id string
		err = s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			rec, body, err := resourcePolicy(ctx, recs, o.ID)
			if err != nil {
				return err
			}
			now := s.now()
			if rec != nil {
				if len(tags) > 0 {
					// Tags apply only when the policy is created (PutResourcePolicy's Tags).
					return errInvalidInput(orgwire.InvalidInputExceptionReasonInvalidListMember,
						"Tags can be specified only when the resource policy is created.") // unconfirmed (looked: PutResourcePolicy's API reference, which says only that Tags apply on creation)
				}
				id, body.Content = rec.ID, in.Content
				rec.Updated, rec.Body = now, orgdata.Encode(body)
				return recs.Update(ctx, *rec)
			}
			if id, err = newID(s.rand, "rp-", 8); err != nil {
				return err
			}
			return recs.Create(ctx, store.OrgRecord{OrgID: o.ID, Part: store.OrgResourcePolicy, ID: id, Created: now, Updated: now,
				Body: orgdata.Encode(orgdata.ResourcePolicy{Content: in.Content, Tags: tags})})
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.PutResourcePolicyOutput{ResourcePolicy: o.resourcePolicyWire(id, in.Content)}, nil
	},
}

var describeResourcePolicy = &op.Op[*Service, orgwire.DescribeResourcePolicyInput, orgwire.DescribeResourcePolicyOutput, *orgRef]{
	Name:   "DescribeResourcePolicy",
	Action: "organizations:DescribeResourcePolicy",
	// On "*": the Service Authorization Reference gives the action no resource type.
	Resolve: inOrg[orgwire.DescribeResourcePolicyInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DescribeResourcePolicyInput, *orgRef]) (*orgwire.DescribeResourcePolicyOutput, error) {
		o := r.Entity()
		if err := o.delegated(); err != nil {
			return nil, err
		}
		var out *orgwire.ResourcePolicy
		err := s.view(ctx, func(_ store.Tx, recs store.Organizations) error {
			rec, body, err := resourcePolicy(ctx, recs, o.ID)
			if err != nil {
				return err
			}
			if rec == nil {
				return errResourcePolicyNotFound()
			}
			out = o.resourcePolicyWire(rec.ID, body.Content)
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.DescribeResourcePolicyOutput{ResourcePolicy: out}, nil
	},
}

var deleteResourcePolicy = &op.Op[*Service, orgwire.DeleteResourcePolicyInput, orgwire.DeleteResourcePolicyOutput, *orgRef]{
	Name:   "DeleteResourcePolicy",
	Action: "organizations:DeleteResourcePolicy",
	// On "*": the Service Authorization Reference gives the action no resource type.
	Resolve: inOrg[orgwire.DeleteResourcePolicyInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DeleteResourcePolicyInput, *orgRef]) (*orgwire.DeleteResourcePolicyOutput, error) {
		o := r.Entity()
		if err := o.manage(); err != nil {
			return nil, err
		}
		err := s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			rec, _, err := resourcePolicy(ctx, recs, o.ID)
			if err != nil {
				return err
			}
			if rec == nil {
				return errResourcePolicyNotFound()
			}
			err = recs.Delete(ctx, o.ID, store.OrgResourcePolicy, rec.ID)
			if errors.Is(err, store.ErrNotFound) {
				return errResourcePolicyNotFound()
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.DeleteResourcePolicyOutput{}, nil
	},
}
