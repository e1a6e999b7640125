package roles

import (
	"strconv"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// tagPage cuts one page of ListRoleTags or ListInstanceProfileTags from a resource's tags,
// which are at most core.MaxTagsPerResource, in the order their keys were first added; the
// marker is the position of the next tag. An empty page is an empty list, as AWS answers.
func tagPage(tags []store.Tag, marker *string, maxItems *int32) ([]iamwire.Tag, *string, *bool, error) {
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
	page := core.WireTags(tags[start:end])
	if page == nil {
		page = []iamwire.Tag{}
	}
	next, truncated := core.NextMarker(end < len(tags), strconv.Itoa(end))
	return page, next, truncated, nil
}
