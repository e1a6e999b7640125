package analysis

import (
	"strings"
	"sync"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
)

// catalogIndex is the Service Authorization Reference arranged the way the checks ask it:
// resource types by the service namespace of their ARN format (which is not always the
// action prefix: sts:AssumeRole acts on iam roles), and condition-key support per action.
// It is built once per catalog and shared.
type catalogIndex struct {
	*authref.Catalog
	byNamespace map[string][]*authref.ResourceType
	prefixes    []string

	mu     sync.Mutex
	expand map[string][]*authref.ActionInfo
}

var indexes sync.Map // *authref.Catalog → *catalogIndex

func catalogIndexFor(cat *authref.Catalog) *catalogIndex {
	if x, ok := indexes.Load(cat); ok {
		return x.(*catalogIndex)
	}
	ix := &catalogIndex{Catalog: cat, byNamespace: map[string][]*authref.ResourceType{},
		expand: map[string][]*authref.ActionInfo{}}
	for _, s := range cat.Services() {
		ix.prefixes = append(ix.prefixes, s.Prefix)
		for _, rt := range s.ResourceTypes {
			f := strings.SplitN(rt.ARN, ":", 6)
			if len(f) == 6 && !strings.Contains(f[2], "$") {
				ix.byNamespace[f[2]] = append(ix.byNamespace[f[2]], rt)
			}
		}
	}
	x, _ := indexes.LoadOrStore(cat, ix)
	return x.(*catalogIndex)
}

// actions returns the actions an Action element entry names (wildcards expanded), cached.
func (ix *catalogIndex) actions(pattern string) []*authref.ActionInfo {
	key := strings.ToLower(pattern)
	ix.mu.Lock()
	a, ok := ix.expand[key]
	ix.mu.Unlock()
	if ok {
		return a
	}
	a = ix.ExpandActions(key)
	ix.mu.Lock()
	if len(ix.expand) > 4096 {
		ix.expand = map[string][]*authref.ActionInfo{}
	}
	ix.expand[key] = a
	ix.mu.Unlock()
	return a
}

// namespaceKnown reports whether some resource type's ARN uses this service namespace, or
// the namespace is an action prefix.
func (ix *catalogIndex) namespaceKnown(ns string) bool {
	if _, ok := ix.byNamespace[ns]; ok {
		return true
	}
	_, ok := ix.Service(ns)
	return ok
}

// actionKeys returns every condition key action supports: its own and those of the
// resource types it applies to.
func actionKeys(a *authref.ActionInfo) []string {
	keys := append([]string(nil), a.ConditionKeys...)
	for _, r := range a.Resources {
		keys = append(keys, r.ConditionKeys...)
		keys = append(keys, r.Type.ConditionKeys...)
	}
	return keys
}

// supportsKey reports whether action a supports condition key (templates such as
// aws:ResourceTag/${TagKey} or s3:RequestObjectTag/<key> match any concrete key).
func supportsKey(a *authref.ActionInfo, key string) bool {
	for _, k := range actionKeys(a) {
		if keyMatches(k, key) {
			return true
		}
	}
	return false
}

// keyMatches matches a condition key against a catalog key that may be a template;
// comparison ignores case, as IAM's does.
func keyMatches(template, key string) bool {
	t, k := strings.ToLower(template), strings.ToLower(key)
	if !strings.ContainsAny(t, "$<") {
		return t == k
	}
	return templateMatch(t, k)
}

// templateMatch matches s against t, in which each ${Name} or <name> stands for one or
// more characters.
func templateMatch(t, s string) bool {
	if t == "" {
		return s == ""
	}
	if end := varEnd(t); end > 0 {
		for i := 1; i <= len(s); i++ {
			if templateMatch(t[end:], s[i:]) {
				return true
			}
		}
		return false
	}
	return s != "" && t[0] == s[0] && templateMatch(t[1:], s[1:])
}

// varEnd returns the length of a template variable at the start of t, or 0.
func varEnd(t string) int {
	switch {
	case strings.HasPrefix(t, "${"):
		if j := strings.IndexByte(t, '}'); j > 2 {
			return j + 1
		}
	case strings.HasPrefix(t, "<"):
		if j := strings.IndexByte(t, '>'); j > 1 {
			return j + 1
		}
	}
	return 0
}

// suggest returns the candidate closest to s (case ignored) when it is within two edits and
// no other candidate is as close; "" otherwise.
func suggest(s string, candidates []string) string {
	const limit = 3
	best, bestD, tie := "", limit, false
	ls := strings.ToLower(s)
	for _, c := range candidates {
		d := editDistance(ls, strings.ToLower(c), limit)
		switch {
		case d >= limit:
		case d < bestD:
			best, bestD, tie = c, d, false
		case d == bestD && !strings.EqualFold(c, best):
			tie = true
		}
	}
	if tie || best == "" {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, or limit when it is at least limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}
