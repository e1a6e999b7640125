package core

import (
	"encoding/base64"

	"github.com/gatehouse-iam/gatehouse/store"
)

// Page turns a request's Marker and MaxItems into store list options. The marker is opaque to
// clients: the store's After key, base64url-encoded.
func Page(marker *string, maxItems *int32) (store.ListOptions, error) {
	o := store.ListOptions{Limit: DefaultMaxItems}
	if maxItems != nil {
		o.Limit = int(*maxItems)
	}
	if marker != nil {
		after, err := base64.RawURLEncoding.DecodeString(*marker)
		if err != nil || len(after) == 0 {
			return o, InvalidMarker()
		}
		o.After = string(after)
	}
	return o, nil
}

// NextMarker is the Marker and IsTruncated of a page whose last item has key last. AWS always
// answers IsTruncated, even though the model makes it optional.
func NextMarker(more bool, last string) (*string, *bool) {
	truncated := more
	if !more {
		return nil, &truncated
	}
	m := base64.RawURLEncoding.EncodeToString([]byte(last))
	return &m, &truncated
}
