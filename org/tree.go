package org

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// maxOUDepth is how deep OUs nest under a root (Organizations User Guide, quotas: "You can
// nest OUs up to five levels deep").
const maxOUDepth = 5

const lowerDigits = "abcdefghijklmnopqrstuvwxyz0123456789"

// newID returns prefix followed by n random characters of lowerDigits.
func newID(r io.Reader, prefix string, n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("org: random ID: %w", err)
	}
	for i, c := range b {
		b[i] = lowerDigits[int(c)%len(lowerDigits)]
	}
	return prefix + string(b), nil
}

// newOUID is an OU ID: "ou-", the root's suffix, "-", eight characters.
func (s *Service) newOUID(o *orgRef) (string, error) {
	return newID(s.rand, "ou-"+strings.TrimPrefix(o.Body.Root, "r-")+"-", 8)
}

func isRoot(id string) bool { return strings.HasPrefix(id, "r-") }
func isOU(id string) bool   { return strings.HasPrefix(id, "ou-") }

// parentPart is the part of a parent ID: a root or an OU.
func parentPart(id string) (store.OrgPart, bool) {
	switch {
	case isRoot(id):
		return store.OrgRoot, true
	case isOU(id):
		return store.OrgUnit, true
	}
	return 0, false
}

// parent reads a root or OU; notFound when it does not exist (or is neither).
func parent(ctx context.Context, recs store.Organizations, o *orgRef, id string, notFound error) (store.OrgRecord, error) {
	part, ok := parentPart(id)
	if !ok {
		return store.OrgRecord{}, notFound
	}
	rec, err := recs.Get(ctx, o.ID, part, id)
	if errors.Is(err, store.ErrNotFound) {
		return rec, notFound
	}
	return rec, err
}

// ancestors returns the IDs from the root down to id (a root, OU or account), id included.
func ancestors(ctx context.Context, recs store.Organizations, o *orgRef, id string) ([]string, error) {
	out := []string{id}
	part := store.OrgUnit
	if !isOU(id) && !isRoot(id) {
		part = store.OrgMember
	}
	for cur := id; !isRoot(cur); part = store.OrgUnit {
		if len(out) > maxOUDepth+2 {
			return nil, fmt.Errorf("org: %s is nested too deep", id)
		}
		rec, err := recs.Get(ctx, o.ID, part, cur)
		if err != nil {
			return nil, err
		}
		cur = rec.Parent
		out = append([]string{cur}, out...)
	}
	return out, nil
}

// path is an entity's path as Organizations shows it: "o-…/r-…/ou-…/" ending in the entity.
func path(ctx context.Context, recs store.Organizations, o *orgRef, id string) (string, error) {
	ids, err := ancestors(ctx, recs, o, id)
	if err != nil {
		return "", err
	}
	return o.ID + "/" + strings.Join(ids, "/") + "/", nil
}

// defaultMaxResults is a page's size when MaxResults is not given (the model allows 1-20).
const defaultMaxResults = 20

// page sorts items by id and returns the page after the token's item and the next token.
func page[T any](items []T, id func(T) string, token *string, max *int32) ([]T, *string, error) {
	slices.SortStableFunc(items, func(a, b T) int { return strings.Compare(id(a), id(b)) })
	start := 0
	if token != nil {
		after, err := base64.RawURLEncoding.DecodeString(*token)
		if err != nil || len(after) == 0 {
			return nil, nil, errInvalidInput(orgwire.InvalidInputExceptionReasonInvalidNextToken, "The specified NextToken is not valid.")
		}
		for start < len(items) && id(items[start]) <= string(after) {
			start++
		}
	}
	n := defaultMaxResults
	if max != nil && *max > 0 {
		n = int(*max)
	}
	items = items[start:]
	if len(items) <= n {
		return items, nil, nil
	}
	next := base64.RawURLEncoding.EncodeToString([]byte(id(items[n-1])))
	return items[:n], &next, nil
}

// tagsOf converts tags to the wire's form.
func tagsOf(ts []orgdata.Tag) []orgwire.Tag {
	out := make([]orgwire.Tag, 0, len(ts))
	for _, t := range ts {
		out = append(out, orgwire.Tag{Key: t.Key, Value: t.Value})
	}
	return out
}

// tagsFrom converts tags from the wire's form, refusing a key given twice.
func tagsFrom(ts []orgwire.Tag) ([]orgdata.Tag, error) {
	out := make([]orgdata.Tag, 0, len(ts))
	seen := map[string]bool{}
	for _, t := range ts {
		if seen[t.Key] {
			return nil, errInvalidInput(orgwire.InvalidInputExceptionReasonDuplicateTagKey, "You can't specify the same tag key more than once.")
		}
		seen[t.Key] = true
		out = append(out, orgdata.Tag{Key: t.Key, Value: t.Value})
	}
	return out, nil
}
