package query

import (
	"net/url"
	"strconv"
	"strings"
)

// Node is one dot-separated segment of the query protocol's parameter names. Parse turns
// "Tags.member.1.Key=k" into the path Tags → member → 1 → Key, so a decoder finds a member, a list element
// or a map entry with one lookup per segment instead of scanning every parameter.
type Node struct {
	value    string
	hasValue bool
	children map[string]*Node
}

// Parse builds the parameter tree of a request. Only the first value of a repeated parameter counts.
// Its cost is linear in the total length of the parameter names, whatever their shape.
func Parse(params url.Values) *Node {
	// Every node, the root first, comes from one slice sized for the most nodes the names can
	// make (one per segment): one allocation instead of one per node.
	size := 1
	for key := range params {
		size += strings.Count(key, ".") + 1
	}
	nodes := make([]Node, 1, size)
	root := &nodes[0]
	for key, values := range params {
		n := root
		for {
			seg, rest, more := strings.Cut(key, ".")
			n = n.add(seg, &nodes)
			if !more {
				break
			}
			key = rest
		}
		if len(values) > 0 && !n.hasValue {
			n.value, n.hasValue = values[0], true
		}
	}
	return root
}

// add returns the child named seg, taking a new one from nodes (whose capacity is never
// exceeded, so the nodes already handed out never move).
func (n *Node) add(seg string, nodes *[]Node) *Node {
	if c, ok := n.children[seg]; ok {
		return c
	}
	if n.children == nil {
		n.children = make(map[string]*Node, 2)
	}
	*nodes = append(*nodes, Node{})
	c := &(*nodes)[len(*nodes)-1]
	n.children[seg] = c
	return c
}

// Child returns the named child, or nil. It is safe on a nil Node.
func (n *Node) Child(name string) *Node {
	if n == nil {
		return nil
	}
	return n.children[name]
}

// Value is the parameter's value ("" for a node that only has children).
func (n *Node) Value() string {
	if n == nil {
		return ""
	}
	return n.value
}

// List returns a list's elements: Name.member.1, Name.member.2, … (or Name.1, Name.2, … when flattened),
// 1-based and contiguous; elements after a gap are ignored, as the SDKs never send one. A bare "Name=" (how
// the SDKs send an empty list) gives an empty, non-nil slice.
func (n *Node) List(memberName string, flattened bool) []*Node {
	items := n
	if !flattened {
		items = n.Child(memberName)
	}
	out := []*Node{}
	for i := 1; ; i++ {
		c := items.Child(strconv.Itoa(i))
		if c == nil {
			return out
		}
		out = append(out, c)
	}
}

// Entry is one map entry's key and value nodes; either may be nil when the request left it out.
type Entry struct {
	Key, Value *Node
}

// Map returns a map's entries: Name.entry.N.key and Name.entry.N.value (or Name.N.key … when flattened, with
// the model's names for the entry, key and value), 1-based and contiguous like List.
func (n *Node) Map(entryName, keyName, valueName string, flattened bool) []Entry {
	items := n
	if !flattened {
		items = n.Child(entryName)
	}
	out := []Entry{}
	for i := 1; ; i++ {
		c := items.Child(strconv.Itoa(i))
		if c == nil {
			return out
		}
		out = append(out, Entry{Key: c.Child(keyName), Value: c.Child(valueName)})
	}
}
