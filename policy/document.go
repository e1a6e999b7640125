package policy

// Document is a parsed policy document: every element with its position, before
// compilation. Parse produces it; Compile turns it into a Policy.
type Document struct {
	Kind Kind
	// Version is the Version element as written; empty when absent (which means
	// 2008-10-17).
	Version    string
	VersionPos Pos
	// ID is the Id element; HasID tells an absent Id from an empty one.
	ID    string
	HasID bool
	// Statements in document order. When Statement is a single object, there is one
	// statement and StatementArray is false.
	Statements     []Statement
	StatementArray bool
	// Problems lists the warnings found while parsing a valid document.
	Problems []Problem
}

// Version strings.
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// variables reports whether policy variables are substituted in this document: only under
// Version 2012-10-17 (evaluation-semantics.md §1.1, §5).
func (d *Document) variables() bool { return d.Version == Version2012 }

// Effect is a statement's Effect.
type Effect uint8

const (
	EffectAllow Effect = iota + 1
	EffectDeny
)

func (e Effect) String() string {
	switch e {
	case EffectAllow:
		return "Allow"
	case EffectDeny:
		return "Deny"
	}
	return "Effect(?)"
}

// Statement is one statement of a document.
type Statement struct {
	// Index is the statement's position in the Statement array (0 when Statement is a
	// single object).
	Index int
	Pos   Pos
	// Path is "Statement[Index]", or "Statement" for a single-object Statement.
	Path   string
	Sid    string
	Effect Effect
	// Actions holds Action, or NotAction when NotAction is set.
	Actions   []Value
	NotAction bool
	// Resources holds Resource, or NotResource when NotResource is set. It is empty in
	// role trust policies, which have neither.
	Resources   []Value
	NotResource bool
	// Principal holds Principal, or NotPrincipal when NotPrincipal is set; nil when the
	// statement has neither.
	Principal    *PrincipalElement
	NotPrincipal bool
	Conditions   []Condition
}

// Value is a string element with its position. Numbers and Booleans written without
// quotes are kept as their text ("10", "true").
type Value struct {
	Text string
	Pos  Pos
}

// PrincipalElement is a Principal or NotPrincipal element.
type PrincipalElement struct {
	Pos Pos
	// Wildcard is set for the bare string form "*".
	Wildcard      bool
	AWS           []Value
	Service       []Value
	Federated     []Value
	CanonicalUser []Value
}

// Condition is one operator/key pair of a Condition block, with its values. A block
// {"StringEquals": {"a": "x", "b": "y"}} yields two Conditions.
type Condition struct {
	Operator    string
	OperatorPos Pos
	Key         string
	KeyPos      Pos
	Values      []Value
}
