package rolesanywhere

import (
	"context"
	"slices"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/wire/rolesanywherewire"
)

// Tags on trust anchors, profiles and CRLs, by ARN.

var tagResource = &op.Op[*Service, rolesanywherewire.TagResourceInput, rolesanywherewire.TagResourceOutput, *resource]{
	Name:    "TagResource",
	Action:  "rolesanywhere:TagResource",
	Resolve: byARN(func(in *rolesanywherewire.TagResourceInput) string { return in.ResourceArn }),
	Keys: []op.KeySource[rolesanywherewire.TagResourceInput]{
		op.RequestTags(func(in *rolesanywherewire.TagResourceInput) []rolesanywherewire.Tag { return in.Tags })},
	Handle: func(s *Service, ctx context.Context, r *op.Request[rolesanywherewire.TagResourceInput, *resource]) (*rolesanywherewire.TagResourceOutput, error) {
		_, err := s.change(ctx, r.Account(), r.Entity(), func(cur *resource) error {
			for _, t := range r.In.Tags {
				cur.Tags = slices.DeleteFunc(cur.Tags, func(o rolesanywherewire.Tag) bool { return o.Key == t.Key })
				cur.Tags = append(cur.Tags, t)
			}
			if len(cur.Tags) > maxTags {
				return errTooManyTags()
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &rolesanywherewire.TagResourceOutput{}, nil
	},
}

var untagResource = &op.Op[*Service, rolesanywherewire.UntagResourceInput, rolesanywherewire.UntagResourceOutput, *resource]{
	Name:    "UntagResource",
	Action:  "rolesanywhere:UntagResource",
	Resolve: byARN(func(in *rolesanywherewire.UntagResourceInput) string { return in.ResourceArn }),
	Keys: []op.KeySource[rolesanywherewire.UntagResourceInput]{
		op.TagKeysOf(func(in *rolesanywherewire.UntagResourceInput) []string { return in.TagKeys })},
	Handle: func(s *Service, ctx context.Context, r *op.Request[rolesanywherewire.UntagResourceInput, *resource]) (*rolesanywherewire.UntagResourceOutput, error) {
		_, err := s.change(ctx, r.Account(), r.Entity(), func(cur *resource) error {
			cur.Tags = slices.DeleteFunc(cur.Tags, func(t rolesanywherewire.Tag) bool { return slices.Contains(r.In.TagKeys, t.Key) })
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &rolesanywherewire.UntagResourceOutput{}, nil
	},
}

var listTagsForResource = &op.Op[*Service, rolesanywherewire.ListTagsForResourceInput, rolesanywherewire.ListTagsForResourceOutput, *resource]{
	Name:    "ListTagsForResource",
	Action:  "rolesanywhere:ListTagsForResource",
	Resolve: onAnyResource(byARN(func(in *rolesanywherewire.ListTagsForResourceInput) string { return in.ResourceArn })),
	Handle: func(_ *Service, _ context.Context, r *op.Request[rolesanywherewire.ListTagsForResourceInput, *resource]) (*rolesanywherewire.ListTagsForResourceOutput, error) {
		tags := r.Entity().Tags
		if tags == nil {
			tags = []rolesanywherewire.Tag{}
		}
		return &rolesanywherewire.ListTagsForResourceOutput{Tags: tags}, nil
	},
}
