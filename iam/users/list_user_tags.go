package users

import (
	"context"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListUserTags lists a user's tags in the order their keys were first added. A user has at
// most core.MaxTagsPerResource tags, so the page is cut from the full list; the marker is the
// position of the next tag.
func (s *Users) ListUserTags(ctx context.Context, in *iamwire.ListUserTagsInput) (*iamwire.ListUserTagsOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	u, tags, err := s.findUser(ctx, account, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:ListUserTags", userResource(account, in.UserName, u), core.ResourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if u == nil {
		return nil, noSuchUser(in.UserName)
	}
	o, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	start := 0
	if o.After != "" {
		if start, err = strconv.Atoi(o.After); err != nil || start < 0 || start > len(tags) {
			return nil, core.InvalidMarker()
		}
	}
	end := min(start+o.Limit, len(tags))
	out := &iamwire.ListUserTagsOutput{Tags: core.WireTags(tags[start:end])}
	if out.Tags == nil {
		out.Tags = []iamwire.Tag{}
	}
	out.Marker, out.IsTruncated = core.NextMarker(end < len(tags), strconv.Itoa(end))
	return out, nil
}
