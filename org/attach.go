package org

import (
	"context"
	"errors"
	"slices"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// Policy types and attachments: EnablePolicyType, DisablePolicyType, AttachPolicy,
// DetachPolicy, ListPoliciesForTarget, ListTargetsForPolicy. Enabling SCPs (RCPs) attaches
// FullAWSAccess (RCPFullAWSAccess) to the root, every OU and every account, as AWS does; a
// target keeps at least one policy of those types, and at most five.

// maxAttachments is how many policies of one type a target may have (Organizations quotas:
// five SCPs, five RCPs per root, OU or account).
const maxAttachments = 5

// enforced reports whether a policy type keeps at least one policy on every target.
func enforced(t string) bool { return orgdata.FullAccess(t) != "" }

func attachmentID(policyID, target string) string { return policyID + "|" + target }

// attach writes an attachment; DuplicatePolicyAttachmentException when it exists.
func (s *Service) attach(ctx context.Context, recs store.Organizations, o *orgRef, policyID, policyType, target string) error {
	now := s.now()
	err := recs.Create(ctx, store.OrgRecord{OrgID: o.ID, Part: store.OrgAttachment, ID: attachmentID(policyID, target),
		Parent: target, Name: policyID, Created: now, Updated: now, Body: orgdata.Encode(orgdata.Attachment{Type: policyType})})
	if errors.Is(err, store.ErrAlreadyExists) {
		return orgwire.ErrDuplicatePolicyAttachmentException("The selected policy is already attached to the specified target.")
	}
	return err
}

// attachFullAccess attaches, to a new OU or account, the full-access policy of every enforced
// type enabled on the root.
func (s *Service) attachFullAccess(ctx context.Context, recs store.Organizations, o *orgRef, target string) error {
	_, root, err := rootBody(ctx, recs, o)
	if err != nil {
		return err
	}
	for _, t := range root.PolicyTypes {
		if full := orgdata.FullAccess(t); full != "" {
			if err := s.attach(ctx, recs, o, full, t, target); err != nil {
				return err
			}
		}
	}
	return nil
}

// detachAll removes the attachments f selects.
func detachAll(ctx context.Context, recs store.Organizations, o *orgRef, f store.OrgFilter) error {
	atts, err := recs.List(ctx, o.ID, store.OrgAttachment, f)
	if err != nil {
		return err
	}
	for _, a := range atts {
		if err := recs.Delete(ctx, o.ID, store.OrgAttachment, a.ID); err != nil {
			return err
		}
	}
	return nil
}

// attachments lists the attachments f selects with their policy types.
func attachments(ctx context.Context, recs store.Organizations, o *orgRef, f store.OrgFilter) ([]store.OrgRecord, []string, error) {
	atts, err := recs.List(ctx, o.ID, store.OrgAttachment, f)
	if err != nil {
		return nil, nil, err
	}
	types := make([]string, len(atts))
	for i, a := range atts {
		var b orgdata.Attachment
		if err := orgdata.Decode(a, &b); err != nil {
			return nil, nil, err
		}
		types[i] = b.Type
	}
	return atts, types, nil
}

func rootBody(ctx context.Context, recs store.Organizations, o *orgRef) (store.OrgRecord, orgdata.Root, error) {
	var b orgdata.Root
	rec, err := recs.Get(ctx, o.ID, store.OrgRoot, o.Body.Root)
	if err != nil {
		return rec, b, err
	}
	return rec, b, orgdata.Decode(rec, &b)
}

// target checks that id is a root, OU or member account of the organization.
func target(ctx context.Context, recs store.Organizations, o *orgRef, id string) (store.OrgPart, store.OrgRecord, error) {
	part := store.OrgMember
	if p, ok := parentPart(id); ok {
		part = p
	}
	rec, err := recs.Get(ctx, o.ID, part, id)
	if errors.Is(err, store.ErrNotFound) {
		return part, rec, errTargetNotFound()
	}
	return part, rec, err
}

func rootARN[In any](id func(*In) string) op.Resolver[*Service, In, *orgRef] {
	return inOrg(func(o *orgRef, in *In) string { return o.arn("root", id(in)) })
}

var enablePolicyType = &op.Op[*Service, orgwire.EnablePolicyTypeInput, orgwire.EnablePolicyTypeOutput, *orgRef]{
	Name:    "EnablePolicyType",
	Action:  "organizations:EnablePolicyType",
	Resolve: rootARN(func(in *orgwire.EnablePolicyTypeInput) string { return in.RootId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.EnablePolicyTypeInput, *orgRef]) (*orgwire.EnablePolicyTypeOutput, error) {
		root, err := s.switchPolicyType(ctx, r.Entity(), r.In.RootId, r.In.PolicyType, true)
		if err != nil {
			return nil, err
		}
		return &orgwire.EnablePolicyTypeOutput{Root: root}, nil
	},
}

// switchPolicyType is EnablePolicyType and DisablePolicyType: it returns the root after.
func (s *Service) switchPolicyType(ctx context.Context, o *orgRef, rootID string, t orgwire.PolicyType, enable bool) (*orgwire.Root, error) {
	if err := o.delegated(); err != nil {
		return nil, err
	}
	if enable && o.Body.FeatureSet != string(orgwire.OrganizationFeatureSetAll) {
		return nil, orgwire.ErrPolicyTypeNotAvailableForOrganizationException("You can't use the specified policy type with the feature set currently enabled for this organization.")
	}
	var root *orgwire.Root
	err := s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
		if err := s.setPolicyType(ctx, recs, o, rootID, string(t), enable); err != nil {
			return err
		}
		var err error
		root, err = rootOf(ctx, recs, o)
		return err
	})
	return root, err
}

// setPolicyType enables or disables a policy type on the root: enabling an enforced type
// attaches its full-access policy everywhere, disabling any type detaches its policies.
func (s *Service) setPolicyType(ctx context.Context, recs store.Organizations, o *orgRef, rootID, t string, enable bool) error {
	if rootID != o.Body.Root {
		return errRootNotFound()
	}
	rec, root, err := rootBody(ctx, recs, o)
	if err != nil {
		return err
	}
	switch on := root.Enabled(t); {
	case enable && on:
		return orgwire.ErrPolicyTypeAlreadyEnabledException("The specified policy type is already enabled.")
	case !enable && !on:
		return errPolicyTypeNotEnabled()
	case enable:
		root.PolicyTypes = append(root.PolicyTypes, t)
		if err := s.attachEverywhere(ctx, recs, o, t); err != nil {
			return err
		}
	default:
		root.PolicyTypes = slices.DeleteFunc(root.PolicyTypes, func(x string) bool { return x == t })
		atts, types, err := attachments(ctx, recs, o, store.OrgFilter{})
		if err != nil {
			return err
		}
		for i, a := range atts {
			if types[i] == t {
				if err := recs.Delete(ctx, o.ID, store.OrgAttachment, a.ID); err != nil {
					return err
				}
			}
		}
	}
	rec.Updated, rec.Body = s.now(), orgdata.Encode(root)
	return recs.Update(ctx, rec)
}

// attachEverywhere attaches the full-access policy of an enforced type to the root, every OU
// and every account.
func (s *Service) attachEverywhere(ctx context.Context, recs store.Organizations, o *orgRef, t string) error {
	full := orgdata.FullAccess(t)
	if full == "" {
		return nil
	}
	targets := []string{o.Body.Root}
	for _, part := range []store.OrgPart{store.OrgUnit, store.OrgMember} {
		all, err := recs.List(ctx, o.ID, part, store.OrgFilter{})
		if err != nil {
			return err
		}
		for _, rec := range all {
			targets = append(targets, rec.ID)
		}
	}
	for _, id := range targets {
		if err := s.attach(ctx, recs, o, full, t, id); err != nil {
			return err
		}
	}
	return nil
}

var disablePolicyType = &op.Op[*Service, orgwire.DisablePolicyTypeInput, orgwire.DisablePolicyTypeOutput, *orgRef]{
	Name:    "DisablePolicyType",
	Action:  "organizations:DisablePolicyType",
	Resolve: rootARN(func(in *orgwire.DisablePolicyTypeInput) string { return in.RootId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DisablePolicyTypeInput, *orgRef]) (*orgwire.DisablePolicyTypeOutput, error) {
		root, err := s.switchPolicyType(ctx, r.Entity(), r.In.RootId, r.In.PolicyType, false)
		if err != nil {
			return nil, err
		}
		return &orgwire.DisablePolicyTypeOutput{Root: root}, nil
	},
}
