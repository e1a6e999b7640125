package iam

import (
	"context"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListUserTags lists a user's tags in the order their keys were first added. A user has at
// most MaxTagsPerResource tags, so the page is cut from the full list; the marker is the
// position of the next tag.
func (s *Service) ListUserTags(ctx context.Context, in *iamwire.ListUserTagsInput) (*iamwire.ListUserTagsOutput, error) {
	call, err := begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	u, tags, err := s.findUser(ctx, account, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, call, "iam:ListUserTags", userResource(account, in.UserName, u), resourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if u == nil {
		return nil, noSuchUser(in.UserName)
	}
	o, err := page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	start := 0
	if o.After != "" {
		if start, err = strconv.Atoi(o.After); err != nil || start < 0 || start > len(tags) {
			return nil, invalidMarker()
		}
	}
	end := min(start+o.Limit, len(tags))
	out := &iamwire.ListUserTagsOutput{Tags: wireTags(tags[start:end])}
	if out.Tags == nil {
		out.Tags = []iamwire.Tag{}
	}
	out.Marker, out.IsTruncated = nextMarker(end < len(tags), strconv.Itoa(end))
	return out, nil
}
