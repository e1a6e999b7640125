package policy

import (
	"fmt"
	"slices"
	"strings"
)

// Decision is the answer to a request. The zero value is ImplicitDeny: deny by default.
type Decision uint8

const (
	// ImplicitDeny: nothing denies, but the Allows the request needs are missing.
	ImplicitDeny Decision = iota
	// Allow: the request is allowed.
	Allow
	// ExplicitDeny: an applicable Deny statement exists.
	ExplicitDeny
)

func (d Decision) String() string {
	switch d {
	case ImplicitDeny:
		return "ImplicitDeny"
	case Allow:
		return "Allow"
	case ExplicitDeny:
		return "ExplicitDeny"
	}
	return fmt.Sprintf("Decision(%d)", uint8(d))
}

// PolicyType is the role a policy plays in a request; results are ordered by it.
type PolicyType uint8

const (
	TypeIdentity PolicyType = iota
	TypeResource
	TypeBoundary
	TypeSession
	TypeSCP
	TypeRCP
)

func (t PolicyType) String() string {
	switch t {
	case TypeIdentity:
		return "identity"
	case TypeResource:
		return "resource"
	case TypeBoundary:
		return "boundary"
	case TypeSession:
		return "session"
	case TypeSCP:
		return "scp"
	case TypeRCP:
		return "rcp"
	}
	return fmt.Sprintf("PolicyType(%d)", uint8(t))
}

// Match is a statement that applied to a request: its action, resource and principal
// parts matched and all its conditions held.
type Match struct {
	Type PolicyType
	// Level is the SCP or RCP level (0 = organization root); zero for other types.
	Level int
	// PolicyIndex is the policy's position in its Set.
	PolicyIndex int
	// PolicyID is the document's Id element, when it has one.
	PolicyID string
	// StatementIndex is the statement's index in the Statement array (0 when Statement is a
	// single object).
	StatementIndex int
	Sid            string
	Effect         Effect
}

// Result is a decision with its reasons. Pass the same Result to Evaluate again and again:
// its slices are reused, so steady-state evaluation allocates nothing.
type Result struct {
	Decision Decision
	// Matched lists every applicable statement of every policy in force, Allow and Deny
	// alike, ordered by Type, Level, PolicyIndex and StatementIndex.
	Matched []Match
	// MissingContextKeys are the context keys that statements whose action, resource and
	// principal parts match the request refer to (in conditions, or as variables in
	// resources and condition values) but the request context lacks. Deduplicated and
	// sorted case-insensitively, each spelled as first written.
	MissingContextKeys []string

	missing []keyRef
}

func (r *Result) reset() {
	r.Decision = ImplicitDeny
	r.Matched = r.Matched[:0]
	r.MissingContextKeys = r.MissingContextKeys[:0]
	r.missing = r.missing[:0]
}

func (r *Result) addMissing(k keyRef) {
	for _, m := range r.missing {
		if m.lower == k.lower {
			return
		}
	}
	r.missing = append(r.missing, k)
}

func (r *Result) finishMissing() {
	slices.SortFunc(r.missing, func(a, b keyRef) int { return strings.Compare(a.lower, b.lower) })
	for _, m := range r.missing {
		r.MissingContextKeys = append(r.MissingContextKeys, m.name)
	}
}
