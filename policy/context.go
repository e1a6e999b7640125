package policy

import (
	"sort"
	"strings"
)

// Context holds a request's condition keys and their values. Key names are
// case-insensitive, including the tag key embedded in keys like aws:PrincipalTag/Dept
// (evaluation-semantics.md §2.2), so they are lower-cased once, on insert; evaluation only
// reads. A key set with SetMulti is multi-valued (a list, possibly empty); one set with Set
// is single-valued. A nil *Context is an empty context.
type Context struct {
	m map[string]ctxValue
	// fill, until it has run, adds the keys of a deferred context (NewDeferredContext).
	fill func(*Context)
}

type ctxValue struct {
	name   string // the key as first written
	values []string
	multi  bool
}

// NewContext returns an empty context.
func NewContext() *Context { return &Context{m: make(map[string]ctxValue)} }

// NewDeferredContext returns a context whose keys fill adds when the first one is read (or
// the keys are listed): for requests whose policies may read the context but, for the action
// at hand, seldom do (an SCP's condition on a statement of other actions), building the keys
// costs more than evaluating.
func NewDeferredContext(fill func(*Context)) *Context { return &Context{fill: fill} }

// filled runs a deferred context's fill once.
func (c *Context) filled() {
	if f := c.fill; f != nil {
		c.fill = nil
		f(c)
	}
}

// Set sets a single-valued key. An empty value is present but empty, not absent.
func (c *Context) Set(key, value string) {
	c.put(key, ctxValue{name: key, values: []string{value}})
}

// SetMulti sets a multi-valued key (ArrayOf… in the Service Authorization Reference). An
// empty list is present but empty.
func (c *Context) SetMulti(key string, values []string) {
	c.put(key, ctxValue{name: key, values: append([]string{}, values...), multi: true})
}

func (c *Context) put(key string, v ctxValue) {
	if c.m == nil {
		c.m = make(map[string]ctxValue)
	}
	c.m[strings.ToLower(key)] = v
}

// setIfAbsent sets a single-valued key unless the context already has it; derived keys
// never override what the caller gave.
func (c *Context) setIfAbsent(key, value string) {
	if !c.Has(key) {
		c.Set(key, value)
	}
}

// Has reports whether the context carries key (in any case).
func (c *Context) Has(key string) bool {
	_, ok := c.lookup(strings.ToLower(key))
	return ok
}

// Lookup returns the values of key (in any case), whether it is multi-valued, and whether
// it is present.
func (c *Context) Lookup(key string) (values []string, multi, ok bool) {
	v, ok := c.lookup(strings.ToLower(key))
	return v.values, v.multi, ok
}

// Keys returns the context's keys as first written, sorted case-insensitively.
func (c *Context) Keys() []string {
	if c == nil {
		return nil
	}
	c.filled()
	keys := make([]string, 0, len(c.m))
	for _, v := range c.m {
		keys = append(keys, v.name)
	}
	sort.Slice(keys, func(i, j int) bool { return strings.ToLower(keys[i]) < strings.ToLower(keys[j]) })
	return keys
}

// lookup finds an already lower-cased key. It does not allocate.
func (c *Context) lookup(lower string) (ctxValue, bool) {
	if c == nil {
		return ctxValue{}, false
	}
	c.filled()
	v, ok := c.m[lower]
	return v, ok
}
