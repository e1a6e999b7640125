// Package inherit computes an account's effective management policy (tag, backup, AI
// services opt-out, chatbot, declarative and the other management policy types) from the
// policies attached at each level of its organization, root → OUs → account, with the
// inheritance operators of the Organizations User Guide ("Inheritance operators"):
//
//   - @@assign overwrites the inherited value (any type), adding it when nothing is inherited;
//   - @@append adds values to an inherited array (arrays only);
//   - @@remove removes values from an inherited array (arrays only);
//   - @@operators_allowed_for_child_policies (["@@all"], a list of the three operators, or
//     ["@@none"]) limits what policies at lower levels may do to the setting and everything
//     under it; a lower level cannot widen a limit it inherits.
//
// The effective policy is the merged settings with every operator removed. A child's use of
// an operator its parents do not allow is ignored (the parent's value stands) and reported,
// as are @@append or @@remove on a value that is not an array: Gatehouse answers those in
// ListEffectivePolicyValidationErrors (AWS's exact validation codes are unconfirmed: the model
// gives EffectivePolicyValidationError's members, not their values; looked also at the
// Organizations User Guide's "Understanding management policy inheritance" and GitHub issues).
package inherit

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// The operators.
const (
	Assign     = "@@assign"
	Append     = "@@append"
	Remove     = "@@remove"
	ChildOps   = "@@operators_allowed_for_child_policies"
	allOps     = "@@all"
	noOps      = "@@none"
	opPrefix   = "@@"
	rootPathID = ""
)

// Policy is one policy attached at a level: its ID and document.
type Policy struct {
	ID, Content string
}

// Problem is one validation error met while merging: where, what, and the policies
// involved.
type Problem struct {
	Code, Message, Path string
	Policies            []string
}

// node is one setting of the effective policy being built.
type node struct {
	value    any // set by @@assign/@@append/@@remove; nil when unset
	hasValue bool
	children map[string]*node
	// allowed is what lower levels may do here and below: nil means every operator.
	allowed []string
	// pending is a limit written at the level being merged, which binds the levels after it.
	pending []string
	// from are the policies that set this setting.
	from []string
}

func (n *node) child(k string) *node {
	if n.children == nil {
		n.children = map[string]*node{}
	}
	c, ok := n.children[k]
	if !ok {
		c = &node{allowed: n.allowed}
		n.children[k] = c
	}
	return c
}

// Effective merges levels (root first, the account last; each level's policies in the order
// given) into the effective policy document, "" when no level has a policy, and the problems
// met.
func Effective(levels [][]Policy) (string, []Problem, error) {
	root := &node{}
	var problems []Problem
	found := false
	for depth, level := range levels {
		for _, p := range level {
			found = true
			var doc map[string]any
			if err := json.Unmarshal([]byte(p.Content), &doc); err != nil {
				return "", nil, fmt.Errorf("inherit: policy %s: %w", p.ID, err)
			}
			problems = apply(root, doc, p.ID, depth > 0, "", problems)
		}
		commit(root)
	}
	if !found {
		return "", nil, nil
	}
	out, err := json.Marshal(render(root))
	return string(out), problems, err
}

// apply merges one policy object into n; inherited says the level is below the root, where
// the limits of the levels above bind.
func apply(n *node, doc map[string]any, id string, inherited bool, path string, problems []Problem) []Problem {
	for _, k := range sortedKeys(doc) {
		v := doc[k]
		switch {
		case k == ChildOps:
			n.pending = limit(n.pending, v)
		case strings.HasPrefix(k, opPrefix):
			problems = setValue(n, k, v, id, inherited, path, problems)
		default:
			c := n.child(k)
			obj, ok := v.(map[string]any)
			if !ok {
				obj = map[string]any{Assign: v} // a bare value sets the setting (unconfirmed)
			}
			problems = apply(c, obj, id, inherited, join(path, k), problems)
		}
	}
	return problems
}

func setValue(n *node, op string, v any, id string, inherited bool, path string, problems []Problem) []Problem {
	if op != Assign && op != Append && op != Remove {
		return append(problems, Problem{Code: "UNKNOWN_OPERATOR", Path: path, Policies: []string{id},
			Message: fmt.Sprintf("The operator %s is not an inheritance operator.", op)})
	}
	if inherited && n.allowed != nil && !slices.Contains(n.allowed, op) {
		return append(problems, Problem{Code: "OPERATOR_NOT_ALLOWED", Path: path, Policies: append(slices.Clone(n.from), id),
			Message: fmt.Sprintf("The operator %s is not allowed by a parent policy's %s; the setting is ignored.", op, ChildOps)})
	}
	if op == Assign {
		n.value, n.hasValue, n.from = v, true, append(n.from, id)
		return problems
	}
	vs, ok := v.([]any)
	old, oldOK := n.value.([]any)
	if !ok || (n.hasValue && !oldOK) {
		return append(problems, Problem{Code: "NOT_MULTI_VALUED", Path: path, Policies: append(slices.Clone(n.from), id),
			Message: fmt.Sprintf("The operator %s applies only to multi-valued settings (JSON arrays).", op)})
	}
	if op == Append {
		n.value = append(slices.Clone(old), vs...)
		n.hasValue = true
	} else if n.hasValue {
		n.value = slices.DeleteFunc(slices.Clone(old), func(x any) bool {
			return slices.ContainsFunc(vs, func(r any) bool { return fmt.Sprint(r) == fmt.Sprint(x) })
		})
	}
	n.from = append(n.from, id)
	return problems
}

// limit narrows a limit by the operators v lists.
func limit(cur []string, v any) []string {
	list, _ := v.([]any)
	var ops []string
	for _, x := range list {
		s, _ := x.(string)
		switch s {
		case allOps:
			ops = append(ops, Assign, Append, Remove)
		case noOps:
			ops = append(ops, "")
		default:
			ops = append(ops, s)
		}
	}
	ops = slices.DeleteFunc(ops, func(s string) bool { return s == "" })
	if ops == nil {
		ops = []string{}
	}
	if cur == nil {
		return ops
	}
	return slices.DeleteFunc(ops, func(s string) bool { return !slices.Contains(cur, s) })
}

// commit makes the limits written at a level bind the levels below it.
func commit(n *node) {
	if n.pending != nil {
		n.allowed = intersect(n.allowed, n.pending)
		n.pending = nil
	}
	for _, c := range n.children {
		c.allowed = intersect(c.allowed, n.allowed)
		commit(c)
	}
}

func intersect(a, b []string) []string {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return slices.DeleteFunc(slices.Clone(a), func(s string) bool { return !slices.Contains(b, s) })
}

// render is the effective policy of n: its settings without operators; nil when unset.
func render(n *node) any {
	if len(n.children) > 0 {
		out := map[string]any{}
		for k, c := range n.children {
			if v := render(c); v != nil {
				out[k] = v
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	if n.hasValue {
		return n.value
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func join(path, k string) string {
	if path == rootPathID {
		return k
	}
	return path + "." + k
}
