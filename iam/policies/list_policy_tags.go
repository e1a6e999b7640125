package policies

import (
	"context"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListPolicyTags lists a customer managed policy's tags in the order their keys were first
// added; an AWS managed policy has none. A policy has at most core.MaxTagsPerResource tags, so
// the page is cut from the full list; the marker is the position of the next tag.
func (s *Policies) ListPolicyTags(ctx context.Context, in *iamwire.ListPolicyTagsInput) (*iamwire.ListPolicyTagsOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	r, err := s.readablePolicy(ctx, call, "iam:ListPolicyTags", in.PolicyArn, errPolicyNotFound)
	if err != nil {
		return nil, err
	}
	o, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	tags := r.tags
	start := 0
	if o.After != "" {
		if start, err = strconv.Atoi(o.After); err != nil || start < 0 || start > len(tags) {
			return nil, core.InvalidMarker()
		}
	}
	end := min(start+o.Limit, len(tags))
	out := &iamwire.ListPolicyTagsOutput{Tags: wireTagList(tags[start:end])}
	out.Marker, out.IsTruncated = core.NextMarker(end < len(tags), strconv.Itoa(end))
	return out, nil
}
