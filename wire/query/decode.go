package query

import (
	"encoding/base64"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/awserr"
)

// Path locates a member the way AWS's validation messages name it: the model's member names with the first
// letter lower-cased, list elements as "N.member" ("userName", "tags.1.member.key"). Generated decoders
// build it on the stack as they descend; it is rendered only when a violation is reported.
type Path struct {
	Up *Path
	// Name is the member's name in messages; empty for a list element.
	Name string
	// Index is the 1-based position of a list element; 0 for a member.
	Index int
}

// String renders the path as AWS writes it in messages.
func (p *Path) String() string {
	var segs []string
	for q := p; q != nil; q = q.Up {
		if q.Index > 0 {
			segs = append(segs, strconv.Itoa(q.Index)+".member")
		} else {
			segs = append(segs, q.Name)
		}
	}
	for i, j := 0, len(segs)-1; i < j; i, j = i+1, j-1 {
		segs[i], segs[j] = segs[j], segs[i]
	}
	return strings.Join(segs, ".")
}

// Length is a min/max constraint on a string's characters, a blob's bytes, or a list's or map's entries.
type Length struct {
	Min, Max       int
	HasMin, HasMax bool
}

// StringRule is the model's constraints on a string shape.
type StringRule struct {
	Length
	Pattern *Pattern
	// Enum is the model's value set, in model order; empty when the shape is not an enum.
	Enum []string
	// Sensitive values are never quoted in messages.
	Sensitive bool
}

// IntRule is the model's range constraint on a number shape.
type IntRule struct {
	Min, Max       int64
	HasMin, HasMax bool
}

// Pattern is a model pattern compiled for Go. The model's patterns are Java regular expressions; the
// generator translates each into one or more RE2 expressions that must all match the whole value, plus,
// for the few Java constructs RE2 lacks (a negative lookahead), expressions that must not match anywhere.
type Pattern struct {
	text string
	all  []*regexp.Regexp
	none []*regexp.Regexp
}

// MustPattern compiles a translated pattern once, at package initialisation. text is the model's
// original pattern, which is what AWS quotes in its messages.
func MustPattern(text string, all, none []string) *Pattern {
	p := &Pattern{text: text}
	for _, s := range all {
		p.all = append(p.all, regexp.MustCompile(s))
	}
	for _, s := range none {
		p.none = append(p.none, regexp.MustCompile(s))
	}
	return p
}

// MatchString reports whether s satisfies the pattern.
func (p *Pattern) MatchString(s string) bool {
	for _, re := range p.all {
		if !re.MatchString(s) {
			return false
		}
	}
	for _, re := range p.none {
		if re.MatchString(s) {
			return false
		}
	}
	return true
}

// String is the model's original pattern.
func (p *Pattern) String() string { return p.text }

// Decoder collects the constraint violations of one request while generated code decodes it. A request
// with violations is answered with one ValidationError listing all of them, as AWS does.
type Decoder struct {
	// EchoValues says whether messages quote the offending string ("Value 'x' at 'userName' …") or leave
	// it out ("Value at 'userName' …"). IAM leaves values out; STS quotes them. Numbers are always quoted,
	// sensitive values never.
	EchoValues bool
	violations []string
}

// value forms in a violation message.
const (
	valueOmitted = iota
	valueNull
	valueQuoted
)

func (d *Decoder) report(p *Path, form int, value, constraint string) {
	var b strings.Builder
	b.WriteString("Value ")
	switch form {
	case valueNull:
		b.WriteString("null ")
	case valueQuoted:
		b.WriteByte('\'')
		b.WriteString(value)
		b.WriteString("' ")
	}
	b.WriteString("at '")
	b.WriteString(p.String())
	b.WriteString("' failed to satisfy constraint: ")
	b.WriteString(constraint)
	d.violations = append(d.violations, b.String())
}

// stringForm says how a string value appears in a message.
func (d *Decoder) stringForm(r *StringRule) int {
	if d.EchoValues && (r == nil || !r.Sensitive) {
		return valueQuoted
	}
	return valueOmitted
}

// Err returns the request's ValidationError, or nil when every member satisfied its constraints:
// "1 validation error detected: …" or "N validation errors detected: …; …".
func (d *Decoder) Err() error {
	switch len(d.violations) {
	case 0:
		return nil
	case 1:
		return awserr.ValidationError("1 validation error detected: %s", d.violations[0])
	default:
		return awserr.ValidationError("%d validation errors detected: %s", len(d.violations),
			strings.Join(d.violations, "; "))
	}
}

// Violations returns the messages collected so far, for tests.
func (d *Decoder) Violations() []string { return d.violations }

// constraint texts, as AWS words them.
const (
	cNotNull = "Member must not be null"
	// cOneMember is Gatehouse's wording (AWS documents the rule, not a message) for a union with no member
	// or several members set.
	cOneMember = "Member must have exactly one member set"
)

func maxLenText(n int) string {
	return "Member must have length less than or equal to " + strconv.Itoa(n)
}

func minLenText(n int) string {
	return "Member must have length greater than or equal to " + strconv.Itoa(n)
}

func patternText(p *Pattern) string {
	return "Member must satisfy regular expression pattern: " + p.text
}

func enumText(values []string) string {
	return "Member must satisfy enum value set: [" + strings.Join(values, ", ") + "]"
}

func rangeText(r *IntRule) string {
	switch {
	case r.HasMin && r.HasMax:
		return "Member must have value between " + strconv.FormatInt(r.Min, 10) + " and " + strconv.FormatInt(r.Max, 10)
	case r.HasMin:
		return "Member must have value greater than or equal to " + strconv.FormatInt(r.Min, 10)
	case r.HasMax:
		return "Member must have value less than or equal to " + strconv.FormatInt(r.Max, 10)
	}
	return "Member must be a number"
}

// Null reports a required member the request left out.
func (d *Decoder) Null(p *Path, sensitive bool) {
	form := valueNull
	if !d.EchoValues || sensitive {
		form = valueOmitted
	}
	d.report(p, form, "", cNotNull)
}

// Union reports a union (a structure of which exactly one member must be set, as the model's union trait
// says) with none or several set. set is the number of members the request set (see CountSet).
func (d *Decoder) Union(p *Path, set int) {
	if set != 1 {
		d.report(p, valueOmitted, "", cOneMember)
	}
}

// CountSet counts the true values: the members of a union that a request set.
func CountSet(set ...bool) int {
	n := 0
	for _, s := range set {
		if s {
			n++
		}
	}
	return n
}

// charLen is a string's length as AWS counts it: in UTF-16 code units, as Java's String.length does,
// so a character outside the Basic Multilingual Plane counts twice.
func charLen(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 && r <= utf8.MaxRune {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// CheckString reports every constraint s violates: length, pattern, enum.
func (d *Decoder) CheckString(p *Path, s string, r *StringRule) {
	form := d.stringForm(r)
	if r.HasMax || r.HasMin {
		n := charLen(s)
		if r.HasMax && n > r.Max {
			d.report(p, form, s, maxLenText(r.Max))
		}
		if r.HasMin && n < r.Min {
			d.report(p, form, s, minLenText(r.Min))
		}
	}
	if r.Pattern != nil && !r.Pattern.MatchString(s) {
		d.report(p, form, s, patternText(r.Pattern))
	}
	if len(r.Enum) > 0 && !inSet(s, r.Enum) {
		d.report(p, form, s, enumText(r.Enum))
	}
}

func inSet(s string, set []string) bool {
	for _, v := range set {
		if s == v {
			return true
		}
	}
	return false
}

// validString reports whether s satisfies r, without reporting.
func validString(s string, r *StringRule) bool {
	if r.HasMax || r.HasMin {
		n := charLen(s)
		if (r.HasMax && n > r.Max) || (r.HasMin && n < r.Min) {
			return false
		}
	}
	if r.Pattern != nil && !r.Pattern.MatchString(s) {
		return false
	}
	return len(r.Enum) == 0 || inSet(s, r.Enum)
}

// memberConstraintText lists every constraint of a list's member shape, as AWS does when an element of a
// list of strings is invalid: "Member must satisfy constraint: [Member must have length less than or equal
// to 128, …, Member must not be null]".
func memberConstraintText(r *StringRule) string {
	var parts []string
	if r.HasMax {
		parts = append(parts, maxLenText(r.Max))
	}
	if r.HasMin {
		parts = append(parts, minLenText(r.Min))
	}
	if r.Pattern != nil {
		parts = append(parts, patternText(r.Pattern))
	}
	if len(r.Enum) > 0 {
		parts = append(parts, enumText(r.Enum))
	}
	parts = append(parts, cNotNull)
	return "Member must satisfy constraint: [" + strings.Join(parts, ", ") + "]"
}

// Strings decodes a list of strings and reports, once for the whole list, an element that violates the
// member shape's constraints r (nil when the member shape has none).
func (d *Decoder) Strings(p *Path, items []*Node, r *StringRule) []string {
	out := make([]string, len(items))
	bad := false
	for i, it := range items {
		out[i] = it.Value()
		if r != nil && !bad && !validString(out[i], r) {
			bad = true
		}
	}
	if bad {
		form := d.stringForm(r)
		d.report(p, form, "["+strings.Join(out, ", ")+"]", memberConstraintText(r))
	}
	return out
}

// CheckLength reports a list, map or blob with too few or too many entries. The entries are not quoted.
func (d *Decoder) CheckLength(p *Path, n int, r *Length) {
	if r.HasMax && n > r.Max {
		d.report(p, valueOmitted, "", maxLenText(r.Max))
	}
	if r.HasMin && n < r.Min {
		d.report(p, valueOmitted, "", minLenText(r.Min))
	}
}

// Int decodes an integer of the given bit size and checks its range (r may be nil). A value that is not
// a decimal integer of that size is reported with the range constraint it cannot satisfy.
func (d *Decoder) Int(p *Path, n *Node, bits int, r *IntRule) (int64, bool) {
	raw := n.Value()
	v, err := strconv.ParseInt(raw, 10, bits)
	if r == nil {
		r = &IntRule{}
	}
	if err != nil {
		d.report(p, valueQuoted, raw, rangeText(r))
		return 0, false
	}
	if (r.HasMin && v < r.Min) || (r.HasMax && v > r.Max) {
		d.report(p, valueQuoted, strconv.FormatInt(v, 10), rangeText(r))
	}
	return v, true
}

// Bool decodes "true" or "false" (in any letter case, as Java's Boolean parsing accepts).
func (d *Decoder) Bool(p *Path, n *Node) (bool, bool) {
	raw := n.Value()
	switch {
	case strings.EqualFold(raw, "true"):
		return true, true
	case strings.EqualFold(raw, "false"):
		return false, true
	}
	d.report(p, valueQuoted, raw, "Member must be a boolean")
	return false, false
}

// Time decodes an ISO 8601 timestamp ("2026-11-24T10:00:00Z", with optional fractional seconds or a
// numeric zone offset), as the query protocol serializes timestamps.
func (d *Decoder) Time(p *Path, n *Node) (time.Time, bool) {
	raw := n.Value()
	t, err := time.Parse(time.RFC3339Nano, raw)
	if err != nil {
		d.report(p, valueQuoted, raw, "Member must be a timestamp in ISO 8601 format")
		return time.Time{}, false
	}
	return t.UTC(), true
}

// Blob decodes a base64 value and checks its length in bytes (r may be nil). Blob values are never quoted.
func (d *Decoder) Blob(p *Path, n *Node, r *Length) ([]byte, bool) {
	b, err := base64.StdEncoding.DecodeString(n.Value())
	if err != nil {
		d.report(p, valueOmitted, "", "Member must be base64-encoded")
		return nil, false
	}
	if r != nil {
		d.CheckLength(p, len(b), r)
	}
	return b, true
}

// StringMap decodes a map of strings. An entry without a key is reported as a null member; keys and values
// are checked against their shapes' rules (nil when the shape has none).
func (d *Decoder) StringMap(p *Path, entries []Entry, key, value *StringRule) map[string]string {
	out := make(map[string]string, len(entries))
	for _, e := range entries {
		if e.Key == nil {
			d.Null(p, false)
			continue
		}
		k, v := e.Key.Value(), e.Value.Value()
		if key != nil {
			d.CheckString(p, k, key)
		}
		if value != nil {
			d.CheckString(p, v, value)
		}
		out[k] = v
	}
	return out
}
