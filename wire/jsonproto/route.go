package jsonproto

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// Route binds a restJson1 operation to its method and path pattern, the model's http trait: literal
// segments and {label} segments ("/analyzer/{analyzerName}/archive-rule").
type Route struct {
	Method string
	// Pattern is the model's requestUri.
	Pattern string
	// Op is the index of the operation in the generated operations table.
	Op int
}

// CheckPattern reports a requestUri this runtime cannot route: a query part, a greedy label, an empty
// or malformed segment. The generator calls it, so a model using such a pattern fails generation.
func CheckPattern(pattern string) error {
	if !strings.HasPrefix(pattern, "/") || strings.ContainsAny(pattern, "?+") {
		return fmt.Errorf("pattern %q: only absolute paths of literal and {label} segments are supported", pattern)
	}
	for _, seg := range strings.Split(pattern[1:], "/") {
		if seg == "" && pattern != "/" {
			return fmt.Errorf("pattern %q has an empty segment", pattern)
		}
		if strings.ContainsAny(seg, "{}") && !(strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") &&
			strings.Count(seg, "{") == 1 && strings.Count(seg, "}") == 1 && len(seg) > 2) {
			return fmt.Errorf("pattern %q: segment %q mixes a label with literal text", pattern, seg)
		}
	}
	return nil
}

// MatchPattern matches an escaped request path against a pattern and returns the label values, unescaped,
// in pattern order, and how many literal segments matched (the more, the more specific the route). A
// label never matches an empty segment, and an escaped "/" inside a label stays in it.
func MatchPattern(pattern, path string) (labels []string, literals int, ok bool) {
	ps := strings.Split(strings.TrimPrefix(pattern, "/"), "/")
	xs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(ps) != len(xs) || !strings.HasPrefix(path, "/") {
		return nil, 0, false
	}
	for i, p := range ps {
		if strings.HasPrefix(p, "{") {
			v, err := url.PathUnescape(xs[i])
			if err != nil || v == "" {
				return nil, 0, false
			}
			labels = append(labels, v)
			continue
		}
		if p != xs[i] {
			return nil, 0, false
		}
		literals++
	}
	return labels, literals, true
}

// Router finds the restJson1 operation of a method and path.
type Router struct {
	routes []Route
}

// NewRouter returns a router over a service's routes.
func NewRouter(routes []Route) *Router { return &Router{routes: routes} }

// Match returns the operation whose route matches method and the escaped path most specifically, and its
// labels.
func (r *Router) Match(method, path string) (op int, labels []string, ok bool) {
	best := -1
	for _, rt := range r.routes {
		if rt.Method != method {
			continue
		}
		ls, lit, m := MatchPattern(rt.Pattern, path)
		if m && lit > best {
			best, op, labels, ok = lit, rt.Op, ls, true
		}
	}
	return op, labels, ok
}

// Extra is an operation a model lacks, described by hand and served beside the generated ones on the
// same service: Roles Anywhere's data-plane CreateSession (POST /sessions), which the rolesanywhere
// model does not have. It gets the whole Request (its own authentication is in the headers), decodes it
// with a Decoder and answers with a Response built with a Writer. The api package consults a service's
// extras before its model routes.
type Extra struct {
	// Name is the operation's name, for logs and the coverage report ("CreateSession").
	Name string
	// Method and Pattern are its route, as a model's http trait would give them.
	Method, Pattern string
	// Serve runs the operation; labels are the pattern's label values in order. An error is rendered in
	// the service's protocol.
	Serve func(ctx context.Context, r *Request, labels []string, dst []byte) (*Response, error)
}

// Match reports whether the extra operation serves method and the escaped path, with its labels.
func (e *Extra) Match(method, path string) ([]string, bool) {
	if e.Method != method {
		return nil, false
	}
	labels, _, ok := MatchPattern(e.Pattern, path)
	return labels, ok
}

// TargetOperation returns the operation an awsJson X-Amz-Target header names ("<prefix>.<Operation>"),
// for a service whose model's targetPrefix is prefix. The Smithy service name alone (prefix's last dot
// segment, which aws-sdk-go-v2 sends: "CloudTrail_20131101" for
// "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101") is accepted too.
func TargetOperation(target, prefix string) (string, bool) {
	i := strings.LastIndexByte(target, '.')
	if i < 0 {
		return "", false
	}
	p, op := target[:i], target[i+1:]
	short := prefix[strings.LastIndexByte(prefix, '.')+1:]
	if (p != prefix && p != short) || op == "" {
		return "", false
	}
	return op, true
}
