package analysis

import (
	"sort"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
)

// Validator runs ValidatePolicy's checks. The zero value uses the embedded Service
// Authorization Reference; a Validator is safe for concurrent use.
type Validator struct {
	// Catalog is the Service Authorization Reference checks consult; nil means
	// authref.Default().
	Catalog *authref.Catalog
}

// Validate runs every check on one policy document with the embedded catalog.
func Validate(document []byte, opts Options) ([]Finding, error) {
	return (&Validator{}).Validate(document, opts)
}

// Validate returns the findings for document, ordered as AWS orders them (by where their
// first location starts). The error is an *InputError for options ValidatePolicy rejects;
// a malformed document is not an error but a JSON_SYNTAX_ERROR finding.
func (v *Validator) Validate(document []byte, opts Options) ([]Finding, error) {
	if err := opts.Check(); err != nil {
		return nil, err
	}
	cat := v.Catalog
	if cat == nil {
		cat = authref.Default()
	}
	c := &checker{data: document, opts: opts, cat: catalogIndexFor(cat)}
	c.run()
	sort.SliceStable(c.findings, func(i, j int) bool { return firstOffset(c.findings[i]) < firstOffset(c.findings[j]) })
	if c.findings == nil {
		c.findings = []Finding{}
	}
	return c.findings, nil
}

func firstOffset(f Finding) int {
	if len(f.Locations) == 0 {
		return -1
	}
	return f.Locations[0].Span.Start.Offset
}

// Check reports options ValidatePolicy rejects (an *InputError): an unknown policy type or
// resource type, or a resource type given for a policy type other than RESOURCE_POLICY.
func (o Options) Check() error {
	switch o.PolicyType {
	case IdentityPolicy, ResourcePolicy, ServiceControlPolicy, ResourceControlPolicy:
	default:
		return &InputError{Field: "policyType", Message: "must be one of IDENTITY_POLICY, RESOURCE_POLICY, SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY"}
	}
	switch o.ResourceType {
	case "":
		return nil
	case S3Bucket, S3AccessPoint, S3MultiRegionAccessPoint, S3ObjectLambdaAccessPoint, IAMAssumeRolePolicyDoc, DynamoDBTable:
	default:
		return &InputError{Field: "validatePolicyResourceType", Message: "is not a supported resource type"}
	}
	if o.PolicyType != ResourcePolicy {
		return &InputError{Field: "validatePolicyResourceType", Message: "can be specified only for RESOURCE_POLICY"}
	}
	return nil
}

// checker holds one validation run.
type checker struct {
	data     []byte
	opts     Options
	cat      *catalogIndex
	findings []Finding

	root       *node
	version    string // the Version element's string value, "" when absent or not a string
	hasVersion bool
	stmts      []*stmt
}

func (c *checker) report(code string, locs []Location, args ...any) {
	c.findings = append(c.findings, newFinding(code, args, locs))
}

func (c *checker) run() {
	if !utf8.Valid(c.data) {
		f := newFinding("JSON_SYNTAX_ERROR", nil, []Location{})
		f.FindingDetails = jsonSyntaxShort
		c.findings = append(c.findings, f)
		return
	}
	root, err := parseJSON(c.data)
	if err != nil {
		p := err.pos
		c.report("JSON_SYNTAX_ERROR", []Location{{Path: []PathElement{}, Span: Span{Start: p, End: p}}}, p.Offset, p.Line, p.Column)
		return
	}
	c.root = root
	if root.kind != jObject {
		c.report("DATA_TYPE_MISMATCH", []Location{rootLoc(root)}, "Object")
		return
	}
	c.checkTop()
	c.checkSize()
	for _, st := range c.stmts {
		c.checkStatement(st)
	}
	c.checkSids()
	c.checkRedundantStatements()
	c.checkVariables()
}

// trustPolicy reports whether the document is declared a role trust policy.
func (c *checker) trustPolicy() bool { return c.opts.ResourceType == IAMAssumeRolePolicyDoc }

func rootLoc(n *node) Location { return Location{Path: []PathElement{}, Span: n.span} }

// Path helpers.

func pv(name string) PathElement { return PathElement{Kind: PathValue, Name: name} }
func pk(name string) PathElement { return PathElement{Kind: PathKey, Name: name} }
func pi(i int) PathElement       { return PathElement{Kind: PathIndex, Index: i} }

// sub returns base extended by more, in a new slice.
func sub(base []PathElement, more ...PathElement) []PathElement {
	out := make([]PathElement, 0, len(base)+len(more))
	return append(append(out, base...), more...)
}

// valueLoc locates member m's value under base.
func valueLoc(base []PathElement, m *member) Location {
	return Location{Path: sub(base, pv(m.key)), Span: m.val.span}
}

// keyLoc locates member m's key under base.
func keyLoc(base []PathElement, m *member) Location {
	return Location{Path: sub(base, pk(m.key)), Span: m.keySpan}
}

// checkTop checks the document's own elements and collects its statements.
func (c *checker) checkTop() {
	var stmtM *member
	for i := range c.root.members {
		m := &c.root.members[i]
		switch m.key {
		case "Version":
			c.checkVersion(m)
		case "Id":
			if m.val.kind != jString {
				c.report("DATA_TYPE_MISMATCH", []Location{valueLoc(nil, m)}, "String")
			}
		case "Statement":
			stmtM = m
		default:
			c.report("INVALID_POLICY_ELEMENT", []Location{keyLoc(nil, m)}, m.key)
		}
	}
	if !c.hasVersion {
		c.report("MISSING_VERSION", []Location{rootLoc(c.root)})
	}
	if stmtM == nil {
		c.report("MISSING_STATEMENT", []Location{rootLoc(c.root)})
		return
	}
	c.collectStatements(stmtM)
}

// versions are the Version values AWS accepts, in the order its message lists them.
const versions = "2008-10-17, 2012-10-17"

func (c *checker) checkVersion(m *member) {
	c.hasVersion = true
	if m.val.kind != jString {
		c.report("DATA_TYPE_MISMATCH", []Location{valueLoc(nil, m)}, "String")
		return
	}
	c.version = m.val.text
	if c.version != "2012-10-17" && c.version != "2008-10-17" {
		c.report("INVALID_VERSION", []Location{valueLoc(nil, m)}, c.version, versions)
	}
}

func (c *checker) collectStatements(m *member) {
	base := []PathElement{pv("Statement")}
	switch m.val.kind {
	case jObject:
		c.stmts = append(c.stmts, c.parseStatement(m.val, 0, base))
	case jArray:
		if len(m.val.elems) == 0 {
			c.report("MISSING_STATEMENT", []Location{valueLoc(nil, m)})
		}
		for i, e := range m.val.elems {
			if e.kind != jObject {
				c.report("DATA_TYPE_MISMATCH", []Location{{Path: sub(base, pi(i)), Span: e.span}}, "Object")
				continue
			}
			c.stmts = append(c.stmts, c.parseStatement(e, i, sub(base, pi(i))))
		}
	default:
		c.report("DATA_TYPE_MISMATCH", []Location{valueLoc(nil, m)}, "Object")
	}
}

// variablesSupported reports whether policy variables are substituted: only under Version
// 2012-10-17 (an absent Version means 2008-10-17).
func (c *checker) variablesSupported() bool { return c.version == "2012-10-17" }
