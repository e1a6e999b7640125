package query

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/constraint"
)

// The constraint types are wire/constraint's, shared with the JSON protocols; the generated query code
// names them through this package.
type (
	Path       = constraint.Path
	Length     = constraint.Length
	StringRule = constraint.StringRule
	IntRule    = constraint.IntRule
	Pattern    = constraint.Pattern
)

// MustPattern compiles a translated model pattern (constraint.MustPattern).
func MustPattern(text string, all, none []string) *Pattern {
	return constraint.MustPattern(text, all, none)
}

// CountSet counts the members of a union that a request set (constraint.CountSet).
func CountSet(set ...bool) int { return constraint.CountSet(set...) }

// Decoder collects the constraint violations of one request while generated code decodes its form
// parameters. A request with violations is answered with one ValidationError listing all of them, as AWS
// does. The checks themselves (CheckString, CheckLength, Null, Union, …) are constraint.Checker's.
type Decoder struct {
	constraint.Checker
}

// NewDecoder returns a decoder; echoValues says whether messages quote offending string values (see
// constraint.Checker).
func NewDecoder(echoValues bool) *Decoder {
	return &Decoder{Checker: constraint.Checker{EchoValues: echoValues}}
}

// Err returns the request's ValidationError, or nil when every member satisfied its constraints:
// "1 validation error detected: …" or "N validation errors detected: …; …".
func (d *Decoder) Err() error {
	if s := constraint.Summary(d.Checker.Violations()); s != "" {
		return awserr.ValidationError("%s", s)
	}
	return nil
}

// Violations returns the messages collected so far, for tests.
func (d *Decoder) Violations() []string { return d.Checker.Messages() }

// Strings decodes a list of strings and reports, once for the whole list, an element that violates the
// member shape's constraints r (nil when the member shape has none).
func (d *Decoder) Strings(p *Path, items []*Node, r *StringRule) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Value()
	}
	d.CheckStrings(p, out, r)
	return out
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
		d.Report(p, constraint.KindFormat, constraint.ValueQuoted, raw, constraint.RangeText(r))
		return 0, false
	}
	d.CheckRange(p, v, r)
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
	d.Report(p, constraint.KindFormat, constraint.ValueQuoted, raw, "Member must be a boolean")
	return false, false
}

// Time decodes an ISO 8601 timestamp ("2026-11-24T10:00:00Z", with optional fractional seconds or a
// numeric zone offset), as the query protocol serializes timestamps.
func (d *Decoder) Time(p *Path, n *Node) (time.Time, bool) {
	raw := n.Value()
	t, err := time.Parse(time.RFC3339Nano, raw)
	if err != nil {
		d.Report(p, constraint.KindFormat, constraint.ValueQuoted, raw, "Member must be a timestamp in ISO 8601 format")
		return time.Time{}, false
	}
	return t.UTC(), true
}

// Blob decodes a base64 value and checks its length in bytes (r may be nil). Blob values are never quoted.
func (d *Decoder) Blob(p *Path, n *Node, r *Length) ([]byte, bool) {
	b, err := base64.StdEncoding.DecodeString(n.Value())
	if err != nil {
		d.Report(p, constraint.KindFormat, constraint.ValueOmitted, "", "Member must be base64-encoded")
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
