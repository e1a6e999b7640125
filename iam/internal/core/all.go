package core

import "github.com/gatehouse-iam/gatehouse/store"

// All reads every page of a store listing in the transaction list reads from: list returns a
// page for the options and whether more follow, key is an item's listing key (the next page's
// After). For the internal reads that need the whole set (an access report's principals, an
// entity's policies), not for an operation's answer, which is one page (List, ListPage).
func All[T any](list func(o store.ListOptions) ([]T, bool, error), key func(*T) string) ([]T, error) {
	var out []T
	o := store.ListOptions{Limit: store.MaxListLimit}
	for {
		page, more, err := list(o)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if !more || len(page) == 0 {
			return out, nil
		}
		o.After = key(&page[len(page)-1])
	}
}
