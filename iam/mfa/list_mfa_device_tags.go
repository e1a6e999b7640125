package mfa

import (
	"context"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListMFADeviceTags lists a virtual device's tags in the order their keys were first added. A
// device has at most MaxTagsPerDevice tags, so the page is cut from the full list; the marker
// is the position of the next tag.
func (s *MFA) ListMFADeviceTags(ctx context.Context, in *iamwire.ListMFADeviceTagsInput) (*iamwire.ListMFADeviceTagsOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	d, tags, err := s.findDevice(ctx, account, in.SerialNumber)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:ListMFADeviceTags", deviceResource(account, in.SerialNumber), deviceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if d == nil {
		return nil, noSuchDevice(in.SerialNumber)
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
	out := &iamwire.ListMFADeviceTagsOutput{Tags: core.WireTags(tags[start:end])}
	if out.Tags == nil {
		out.Tags = []iamwire.Tag{}
	}
	out.Marker, out.IsTruncated = core.NextMarker(end < len(tags), strconv.Itoa(end))
	return out, nil
}
