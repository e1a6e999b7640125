package org

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// Tags of roots, OUs, accounts, policies, the resource policy and responsibility transfers: TagResource, UntagResource, ListTagsForResource.
// Every taggable record's body keeps its tags under "tags".

// maxTags is how many tags a resource may have (Organizations quotas).
const maxTags = 50

// taggable reads the record of a taggable resource; TargetNotFoundException when missing.
func taggable(ctx context.Context, recs store.Organizations, o *orgRef, id string) (store.OrgRecord, []orgdata.Tag, error) {
	part := store.OrgMember
	switch {
	case strings.HasPrefix(id, "p-"):
		part = store.OrgPolicy
	case strings.HasPrefix(id, "rp-"):
		part = store.OrgResourcePolicy
	case strings.HasPrefix(id, "rt-"):
		part = store.OrgTransfer
	case isRoot(id), isOU(id):
		part, _ = parentPart(id)
	}
	rec, err := recs.Get(ctx, o.ID, part, id)
	if errors.Is(err, store.ErrNotFound) {
		return rec, nil, errTargetNotFound()
	} else if err != nil {
		return rec, nil, err
	}
	var b struct {
		Tags []orgdata.Tag `json:"tags"`
	}
	return rec, b.Tags, orgdata.Decode(rec, &b)
}

// putTags rewrites the tags in a record's body, leaving the rest as it is.
func putTags(ctx context.Context, recs store.Organizations, rec store.OrgRecord, tags []orgdata.Tag) error {
	var body map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body, &body); err != nil {
		return err
	}
	if body == nil {
		body = map[string]json.RawMessage{}
	}
	delete(body, "tags")
	if len(tags) > 0 {
		body["tags"] = orgdata.Encode(tags)
	}
	rec.Body = orgdata.Encode(body)
	return recs.Update(ctx, rec)
}

func tagARN[In any](id func(*In) string) op.Resolver[*Service, In, *orgRef] {
	return inOrg(func(o *orgRef, in *In) string {
		if strings.HasPrefix(id(in), "p-") {
			return o.arn("policy", "*/"+id(in))
		}
		if strings.HasPrefix(id(in), "rp-") {
			return o.arn("resourcepolicy", id(in))
		}
		if strings.HasPrefix(id(in), "rt-") {
			// A transfer's tags are its target's, the organization that keeps its record.
			return o.transferARN("BILLING", true, id(in))
		}
		return o.targetARN(id(in))
	})
}

var tagResource = &op.Op[*Service, orgwire.TagResourceInput, orgwire.TagResourceOutput, *orgRef]{
	Name:    "TagResource",
	Action:  "organizations:TagResource",
	Resolve: tagARN(func(in *orgwire.TagResourceInput) string { return in.ResourceId }),
	Keys:    []op.KeySource[orgwire.TagResourceInput]{op.RequestTags(func(in *orgwire.TagResourceInput) []orgwire.Tag { return in.Tags })},
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.TagResourceInput, *orgRef]) (*orgwire.TagResourceOutput, error) {
		o := r.Entity()
		if err := o.delegated(); err != nil {
			return nil, err
		}
		add, err := tagsFrom(r.In.Tags)
		if err != nil {
			return nil, err
		}
		err = s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			rec, tags, err := taggable(ctx, recs, o, r.In.ResourceId)
			if err != nil {
				return err
			}
			for _, t := range add {
				tags = slices.DeleteFunc(tags, func(x orgdata.Tag) bool { return x.Key == t.Key })
				tags = append(tags, t)
			}
			if len(tags) > maxTags {
				return errConstraint(orgwire.ConstraintViolationExceptionReasonMaxTagLimitExceeded,
					"You have exceeded the number of tags allowed on this resource.")
			}
			return putTags(ctx, recs, rec, tags)
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.TagResourceOutput{}, nil
	},
}

var untagResource = &op.Op[*Service, orgwire.UntagResourceInput, orgwire.UntagResourceOutput, *orgRef]{
	Name:    "UntagResource",
	Action:  "organizations:UntagResource",
	Resolve: tagARN(func(in *orgwire.UntagResourceInput) string { return in.ResourceId }),
	Keys:    []op.KeySource[orgwire.UntagResourceInput]{op.TagKeysOf(func(in *orgwire.UntagResourceInput) []string { return in.TagKeys })},
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.UntagResourceInput, *orgRef]) (*orgwire.UntagResourceOutput, error) {
		o := r.Entity()
		if err := o.delegated(); err != nil {
			return nil, err
		}
		err := s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			rec, tags, err := taggable(ctx, recs, o, r.In.ResourceId)
			if err != nil {
				return err
			}
			tags = slices.DeleteFunc(tags, func(x orgdata.Tag) bool { return slices.Contains(r.In.TagKeys, x.Key) })
			return putTags(ctx, recs, rec, tags)
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.UntagResourceOutput{}, nil
	},
}

var listTagsForResource = &op.Op[*Service, orgwire.ListTagsForResourceInput, orgwire.ListTagsForResourceOutput, *orgRef]{
	Name:    "ListTagsForResource",
	Action:  "organizations:ListTagsForResource",
	Resolve: tagARN(func(in *orgwire.ListTagsForResourceInput) string { return in.ResourceId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.ListTagsForResourceInput, *orgRef]) (*orgwire.ListTagsForResourceOutput, error) {
		o := r.Entity()
		if err := o.delegated(); err != nil {
			return nil, err
		}
		var tags []orgdata.Tag
		err := s.view(ctx, func(_ store.Tx, recs store.Organizations) (err error) {
			_, tags, err = taggable(ctx, recs, o, r.In.ResourceId)
			return err
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.ListTagsForResourceOutput{Tags: tagsOf(tags)}, nil
	},
}
