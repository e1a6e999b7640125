package providers

import (
	"context"
	"strconv"
	"strings"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// checkNewTags applies IAM's tag rules to tags added to a resource that has existing tags:
// core's (unique keys ignoring case, no aws: prefix) and at most core.MaxTagsPerResource once
// merged, with the limit message AWS gives for these resources.
func checkNewTags(add []iamwire.Tag, existing []store.Tag) error {
	// The model caps one request at 50 tags, so core's own count cannot trip here.
	if err := core.CheckNewTags(add, nil, ""); err != nil {
		return err
	}
	seen := make(map[string]bool, len(add))
	for _, t := range add {
		seen[strings.ToLower(t.Key)] = true
	}
	total := len(add)
	for _, t := range existing {
		if !seen[strings.ToLower(t.Key)] {
			total++
		}
	}
	if total > core.MaxTagsPerResource {
		return tagLimitExceeded()
	}
	return nil
}

// putTags adds tags to r inside a write transaction, after checking them against r's tags.
func putTags(ctx context.Context, tx store.Tx, r store.Resource, add []iamwire.Tag) error {
	existing, err := tx.Tags().List(ctx, r)
	if err != nil {
		return err
	}
	if err := checkNewTags(add, existing); err != nil {
		return err
	}
	return tx.Tags().Put(ctx, r, core.StoreTags(add))
}

// tagPage cuts one page from a resource's tags, which are few (at most 50): the marker is the
// position of the next tag. Tags is never nil, as AWS always answers the member.
func tagPage(tags []store.Tag, marker *string, maxItems *int32) (page []iamwire.Tag, next *string, truncated *bool, err error) {
	o, err := core.Page(marker, maxItems)
	if err != nil {
		return nil, nil, nil, err
	}
	start := 0
	if o.After != "" {
		if start, err = strconv.Atoi(o.After); err != nil || start < 0 || start > len(tags) {
			return nil, nil, nil, core.InvalidMarker()
		}
	}
	end := min(start+o.Limit, len(tags))
	page = wireTags(tags[start:end])
	next, truncated = core.NextMarker(end < len(tags), strconv.Itoa(end))
	return page, next, truncated, nil
}

// wireTags is core.WireTags but never nil: the Get and ListTags operations of these resources
// answer an empty Tags member (recorded from AWS).
func wireTags(tags []store.Tag) []iamwire.Tag {
	if out := core.WireTags(tags); out != nil {
		return out
	}
	return []iamwire.Tag{}
}
