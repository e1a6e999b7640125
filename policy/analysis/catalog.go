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
	byNamespace map[string][]*format
	anyService  []*format // formats whose service field is a variable (backup recovery points)
	namespaceOf map[*authref.ResourceType]string
	prefixes    []string

	mu     sync.Mutex
	expand map[string][]*authref.ActionInfo
	keys   map[*authref.ActionInfo]*keySet
}

// format is a resource type's ARN format split into its six fields and compiled.
type format struct {
	rt     *authref.ResourceType
	fields []string
	tokens [][]tok
}

func compileFormat(rt *authref.ResourceType, arn string) *format {
	fm := &format{rt: rt, fields: splitARN(arn)}
	for _, field := range fm.fields {
		fm.tokens = append(fm.tokens, templateTokens(field))
	}
	return fm
}

// keySet is the condition keys an action supports, lower-cased: exact names, and templates
// such as aws:resourcetag/${tagkey}.
type keySet struct {
	exact     map[string]bool
	templates []string
}

var indexes sync.Map // *authref.Catalog → *catalogIndex

func catalogIndexFor(cat *authref.Catalog) *catalogIndex {
	if x, ok := indexes.Load(cat); ok {
		return x.(*catalogIndex)
	}
	ix := &catalogIndex{Catalog: cat, byNamespace: map[string][]*format{},
		namespaceOf: map[*authref.ResourceType]string{}, expand: map[string][]*authref.ActionInfo{},
		keys: map[*authref.ActionInfo]*keySet{}}
	for _, s := range cat.Services() {
		ix.prefixes = append(ix.prefixes, s.Prefix)
		for _, rt := range s.ResourceTypes {
			fm := compileFormat(rt, rt.ARN)
			if len(fm.fields) != 6 {
				continue
			}
			if strings.Contains(fm.fields[2], "$") {
				ix.anyService = append(ix.anyService, fm)
				continue
			}
			ix.byNamespace[fm.fields[2]] = append(ix.byNamespace[fm.fields[2]], fm)
			ix.namespaceOf[rt] = fm.fields[2]
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

// formats returns the ARN formats a resource of service namespace ns may have.
func (ix *catalogIndex) formats(ns string) []*format {
	if len(ix.anyService) == 0 {
		return ix.byNamespace[ns]
	}
	return append(ix.byNamespace[ns][:len(ix.byNamespace[ns]):len(ix.byNamespace[ns])], ix.anyService...)
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

// supportsKey reports whether action a supports condition key: one of its own keys or of
// the resource types it applies to (templates such as aws:ResourceTag/${TagKey} or
// s3:RequestObjectTag/<key> match any concrete key). Comparison ignores case, as IAM's does.
func (ix *catalogIndex) supportsKey(a *authref.ActionInfo, key string) bool {
	ks := ix.keySet(a)
	k := strings.ToLower(key)
	if ks.exact[k] {
		return true
	}
	for _, t := range ks.templates {
		if templateMatch(t, k) {
			return true
		}
	}
	return false
}

func (ix *catalogIndex) keySet(a *authref.ActionInfo) *keySet {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ks, ok := ix.keys[a]; ok {
		return ks
	}
	ks := &keySet{exact: map[string]bool{}}
	add := func(keys []string) {
		for _, k := range keys {
			k = templateKey(strings.ToLower(k))
			if strings.ContainsAny(k, "$<") {
				ks.templates = append(ks.templates, k)
			} else {
				ks.exact[k] = true
			}
		}
	}
	add(a.ConditionKeys)
	for _, r := range a.Resources {
		add(r.ConditionKeys)
		add(r.Type.ConditionKeys)
	}
	ix.keys[a] = ks
	return ks
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

// templateKey writes the reference's other spelling of a tag template, "…/tag-key", as
// "…/${tagkey}".
func templateKey(k string) string {
	if base, ok := strings.CutSuffix(k, "/tag-key"); ok {
		return base + "/${tagkey}"
	}
	return k
}

// conditionKey finds a condition key in the reference, templates included, also where the
// reference spells the template "…/tag-key".
func (ix *catalogIndex) conditionKey(key string) (*authref.ConditionKeyInfo, bool) {
	if info, ok := ix.ConditionKey(key); ok {
		return info, true
	}
	if i := strings.LastIndexByte(key, '/'); i > 0 && i < len(key)-1 {
		return ix.ConditionKey(key[:i] + "/tag-key")
	}
	return nil, false
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
