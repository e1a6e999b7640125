package constraint

import (
	"strconv"
	"strings"
)

// Kind classifies a violation, so a protocol can map it to its service's error (Organizations answers
// InvalidInputException with a reason per kind; Access Analyzer a ValidationException with a field list).
type Kind int

// Kinds of violation.
const (
	KindRequired Kind = iota + 1
	KindMaxLength
	KindMinLength
	KindPattern
	KindEnum
	KindMaxValue
	KindMinValue
	// KindListMember is a list of strings with an element that violates the member shape's constraints.
	KindListMember
	// KindUnion is a union with no member or several members set.
	KindUnion
	// KindFormat is a value that does not parse as its type (a number, boolean, timestamp, base64 blob).
	KindFormat
)

// Violation is one constraint a request violated.
type Violation struct {
	// Path is the member's path as messages name it ("tags.1.member.key").
	Path string
	Kind Kind
	// Message is AWS's sentence: "Value 'x' at 'path' failed to satisfy constraint: …".
	Message string
}

// Value forms in a violation message.
const (
	// ValueOmitted leaves the value out: "Value at 'p' failed …".
	ValueOmitted = iota
	// ValueNull writes "Value null at 'p' failed …".
	ValueNull
	// ValueQuoted quotes the value: "Value 'x' at 'p' failed …".
	ValueQuoted
)

// Checker collects the constraint violations of one request while generated code decodes it. A request
// with violations is answered with one error listing all of them, as AWS does.
type Checker struct {
	// EchoValues says whether messages quote the offending string ("Value 'x' at 'userName' …") or leave
	// it out ("Value at 'userName' …"). IAM leaves values out; STS and the JSON services quote them.
	// Numbers are always quoted, sensitive values never.
	EchoValues bool
	violations []Violation
}

// Report records a violation at p: the value in the given form, the constraint text as AWS words it.
func (c *Checker) Report(p *Path, kind Kind, form int, value, constraint string) {
	var b strings.Builder
	b.WriteString("Value ")
	switch form {
	case ValueNull:
		b.WriteString("null ")
	case ValueQuoted:
		b.WriteByte('\'')
		b.WriteString(value)
		b.WriteString("' ")
	}
	path := p.String()
	b.WriteString("at '")
	b.WriteString(path)
	b.WriteString("' failed to satisfy constraint: ")
	b.WriteString(constraint)
	c.violations = append(c.violations, Violation{Path: path, Kind: kind, Message: b.String()})
}

// StringForm says how a string value under rule r appears in a message (r may be nil).
func (c *Checker) StringForm(r *StringRule) int {
	if c.EchoValues && (r == nil || !r.Sensitive) {
		return ValueQuoted
	}
	return ValueOmitted
}

// Violations returns the violations collected so far, in the order found.
func (c *Checker) Violations() []Violation { return c.violations }

// Messages returns the messages of the violations collected so far.
func (c *Checker) Messages() []string {
	if len(c.violations) == 0 {
		return nil
	}
	out := make([]string, len(c.violations))
	for i, v := range c.violations {
		out[i] = v.Message
	}
	return out
}

// Summary is AWS's message for a request with violations: "1 validation error detected: …" or
// "N validation errors detected: …; …". It is empty when there are none.
func Summary(vs []Violation) string {
	switch len(vs) {
	case 0:
		return ""
	case 1:
		return "1 validation error detected: " + vs[0].Message
	}
	msgs := make([]string, len(vs))
	for i, v := range vs {
		msgs[i] = v.Message
	}
	return strconv.Itoa(len(vs)) + " validation errors detected: " + strings.Join(msgs, "; ")
}

// Constraint texts, as AWS words them.
const (
	TextNotNull = "Member must not be null"
	// TextOneMember is Gatehouse's wording (AWS documents the rule, not a message) for a union with no
	// member or several members set.
	TextOneMember = "Member must have exactly one member set"
)

// MaxLenText is the text of a maximum length.
func MaxLenText(n int) string {
	return "Member must have length less than or equal to " + strconv.Itoa(n)
}

// MinLenText is the text of a minimum length.
func MinLenText(n int) string {
	return "Member must have length greater than or equal to " + strconv.Itoa(n)
}

func patternText(p *Pattern) string {
	return "Member must satisfy regular expression pattern: " + p.text
}

func enumText(values []string) string {
	return "Member must satisfy enum value set: [" + strings.Join(values, ", ") + "]"
}

// RangeText is the text of a number's range.
func RangeText(r *IntRule) string {
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
func (c *Checker) Null(p *Path, sensitive bool) {
	form := ValueNull
	if !c.EchoValues || sensitive {
		form = ValueOmitted
	}
	c.Report(p, KindRequired, form, "", TextNotNull)
}

// Union reports a union (a structure of which exactly one member must be set, as the model's union trait
// says) with none or several set. set is the number of members the request set (see CountSet).
func (c *Checker) Union(p *Path, set int) {
	if set != 1 {
		c.Report(p, KindUnion, ValueOmitted, "", TextOneMember)
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

// CheckString reports every constraint s violates: length, pattern, enum.
func (c *Checker) CheckString(p *Path, s string, r *StringRule) {
	form := c.StringForm(r)
	if r.HasMax || r.HasMin {
		n := CharLen(s)
		if r.HasMax && n > r.Max {
			c.Report(p, KindMaxLength, form, s, MaxLenText(r.Max))
		}
		if r.HasMin && n < r.Min {
			c.Report(p, KindMinLength, form, s, MinLenText(r.Min))
		}
	}
	if r.Pattern != nil && !r.Pattern.MatchString(s) {
		c.Report(p, KindPattern, form, s, patternText(r.Pattern))
	}
	if len(r.Enum) > 0 && !inSet(s, r.Enum) {
		c.Report(p, KindEnum, form, s, enumText(r.Enum))
	}
}

// CheckStrings reports, once for the whole list, an element of a list of strings that violates the member
// shape's constraints r (nil when the member shape has none): "Member must satisfy constraint: [Member must
// have length less than or equal to 128, …, Member must not be null]".
func (c *Checker) CheckStrings(p *Path, values []string, r *StringRule) {
	if r == nil {
		return
	}
	for _, s := range values {
		if !r.Valid(s) {
			c.Report(p, KindListMember, c.StringForm(r), "["+strings.Join(values, ", ")+"]", memberConstraintText(r))
			return
		}
	}
}

// memberConstraintText lists every constraint of a list's member shape, as AWS does when an element of a
// list of strings is invalid.
func memberConstraintText(r *StringRule) string {
	var parts []string
	if r.HasMax {
		parts = append(parts, MaxLenText(r.Max))
	}
	if r.HasMin {
		parts = append(parts, MinLenText(r.Min))
	}
	if r.Pattern != nil {
		parts = append(parts, patternText(r.Pattern))
	}
	if len(r.Enum) > 0 {
		parts = append(parts, enumText(r.Enum))
	}
	parts = append(parts, TextNotNull)
	return "Member must satisfy constraint: [" + strings.Join(parts, ", ") + "]"
}

// CheckLength reports a list, map or blob with too few or too many entries. The entries are not quoted.
func (c *Checker) CheckLength(p *Path, n int, r *Length) {
	if r.HasMax && n > r.Max {
		c.Report(p, KindMaxLength, ValueOmitted, "", MaxLenText(r.Max))
	}
	if r.HasMin && n < r.Min {
		c.Report(p, KindMinLength, ValueOmitted, "", MinLenText(r.Min))
	}
}

// CheckRange reports a number outside its range (r may be nil). Numbers are always quoted.
func (c *Checker) CheckRange(p *Path, v int64, r *IntRule) {
	if r == nil {
		return
	}
	if r.HasMax && v > r.Max {
		c.Report(p, KindMaxValue, ValueQuoted, strconv.FormatInt(v, 10), RangeText(r))
	} else if r.HasMin && v < r.Min {
		c.Report(p, KindMinValue, ValueQuoted, strconv.FormatInt(v, 10), RangeText(r))
	}
}
