package core

import (
	"context"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/store"
)

// Listing is one page of a List operation's answer: the items, and the Marker and IsTruncated
// that every IAM listing answers (AWS always answers IsTruncated, though the model makes it
// optional; Marker only when there is more).
type Listing[T any] struct {
	Items       []T
	Marker      *string
	IsTruncated *bool
}

// ListPage reads the page of a store listing that a request's Marker and MaxItems select, in
// one read transaction: read returns the page's items for the options and whether more follow,
// and key is the item's listing key (its name, or ID for listings by ID), from which the next
// Marker is made. pathPrefix, when not nil, keeps only items whose path starts with it (AWS's
// PathPrefix; nil keeps all). A Marker this server did not make is AWS's ValidationError, and
// Items is never nil.
func ListPage[T any](ctx context.Context, st store.Store, marker *string, maxItems *int32, pathPrefix *string,
	read func(tx store.Tx, o store.ListOptions) ([]T, bool, error), key func(*T) string) (Listing[T], error) {
	o, err := Page(marker, maxItems)
	if err != nil {
		return Listing[T]{}, err
	}
	if pathPrefix != nil {
		o.PathPrefix = *pathPrefix
	}
	var items []T
	var more bool
	err = st.View(ctx, func(tx store.Tx) error {
		items, more, err = read(tx, o)
		return err
	})
	if err != nil {
		return Listing[T]{}, err
	}
	last := ""
	if len(items) > 0 {
		last = key(&items[len(items)-1])
	}
	if items == nil {
		items = []T{}
	}
	l := Listing[T]{Items: items}
	l.Marker, l.IsTruncated = NextMarker(more, last)
	return l, nil
}

// SlicePage cuts the page a request's Marker and MaxItems select from a short list held in
// full (a resource's tags, at most MaxTagsPerResource): the marker is the position of the
// next item. Items is never nil.
func SlicePage[T any](all []T, marker *string, maxItems *int32) (Listing[T], error) {
	o, err := Page(marker, maxItems)
	if err != nil {
		return Listing[T]{}, err
	}
	start := 0
	if o.After != "" {
		if start, err = strconv.Atoi(o.After); err != nil || start < 0 || start > len(all) {
			return Listing[T]{}, InvalidMarker()
		}
	}
	end := min(start+o.Limit, len(all))
	l := Listing[T]{Items: append([]T{}, all[start:end]...)}
	l.Marker, l.IsTruncated = NextMarker(end < len(all), strconv.Itoa(end))
	return l, nil
}

// Convert is the listing with each item converted by f (a store record to its wire shape).
func Convert[T, U any](l Listing[T], f func(*T) U) Listing[U] {
	out := Listing[U]{Items: make([]U, len(l.Items)), Marker: l.Marker, IsTruncated: l.IsTruncated}
	for i := range l.Items {
		out.Items[i] = f(&l.Items[i])
	}
	return out
}

// List is ListPage with each item converted to its wire shape by conv.
func List[T, U any](ctx context.Context, st store.Store, marker *string, maxItems *int32, pathPrefix *string,
	read func(tx store.Tx, o store.ListOptions) ([]T, bool, error), key func(*T) string, conv func(*T) U) (Listing[U], error) {
	l, err := ListPage(ctx, st, marker, maxItems, pathPrefix, read, key)
	if err != nil {
		return Listing[U]{}, err
	}
	return Convert(l, conv), nil
}
