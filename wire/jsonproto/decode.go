package jsonproto

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/wire/constraint"
)

// Decoder reads one request's members while generated code decodes it: values from the parsed body, path
// labels, the query string and headers. It collects constraint violations (constraint.Checker, values
// quoted as the JSON services quote them) and remembers the first value it could not read as its type; Err
// turns them into the service's error.
type Decoder struct {
	constraint.Checker
	errs     *InputErrors
	parseErr string
}

// NewDecoder returns a decoder reporting through errs (nil for the protocol defaults).
func NewDecoder(errs *InputErrors) *Decoder {
	return &Decoder{Checker: constraint.Checker{EchoValues: true}, errs: errs}
}

// Err returns the request's error: the parse failure if there was one, else the constraint violations,
// else nil.
func (d *Decoder) Err() error {
	if d.parseErr != "" {
		return d.errs.parse(d.parseErr)
	}
	if vs := d.Violations(); len(vs) > 0 {
		return d.errs.invalid(vs)
	}
	return nil
}

// Body parses the request body as the input's JSON object. A body that is not one is a parse failure,
// and decoding goes on with an empty object.
func (d *Decoder) Body(body []byte) map[string]any {
	obj, err := parseBody(body)
	if err != nil {
		d.fail("The request body is not a valid JSON object: " + err.Error())
		return map[string]any{}
	}
	return obj
}

func (d *Decoder) fail(message string) {
	if d.parseErr == "" {
		d.parseErr = message
	}
}

// mismatch records a value of the wrong JSON type or format.
func (d *Decoder) mismatch(p *constraint.Path, want string, v any) {
	d.fail("Cannot read the value at '" + p.String() + "': expected " + want + ", found " + kindOf(v) + ".")
}

func kindOf(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "a value"
}

// Object reads a structure or map value.
func (d *Decoder) Object(p *constraint.Path, v any) (map[string]any, bool) {
	o, ok := v.(map[string]any)
	if !ok {
		d.mismatch(p, "an object", v)
	}
	return o, ok
}

// Array reads a list value.
func (d *Decoder) Array(p *constraint.Path, v any) ([]any, bool) {
	a, ok := v.([]any)
	if !ok {
		d.mismatch(p, "an array", v)
	}
	return a, ok
}

// String reads a string and checks it against r (nil when its shape has no constraints).
func (d *Decoder) String(p *constraint.Path, v any, r *constraint.StringRule) (string, bool) {
	s, ok := v.(string)
	if !ok {
		d.mismatch(p, "a string", v)
		return "", false
	}
	if r != nil {
		d.CheckString(p, s, r)
	}
	return s, true
}

// Strings reads a list of strings and reports, once for the whole list, an element that violates the
// member shape's constraints r (nil when it has none). A null element is a missing member.
func (d *Decoder) Strings(p *constraint.Path, v any, r *constraint.StringRule) []string {
	a, ok := d.Array(p, v)
	if !ok {
		return nil
	}
	out := make([]string, len(a))
	for i, e := range a {
		ep := constraint.Path{Up: p, Index: i + 1}
		if e == nil {
			d.Null(&ep, false)
			continue
		}
		out[i], _ = d.String(&ep, e, nil)
	}
	d.CheckStrings(p, out, r)
	return out
}

// Int reads an integer of the given bit size and checks its range (r may be nil).
func (d *Decoder) Int(p *constraint.Path, v any, bits int, r *constraint.IntRule) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		d.mismatch(p, "an integer", v)
		return 0, false
	}
	i, err := strconv.ParseInt(string(n), 10, bits)
	if err != nil {
		d.mismatch(p, "an integer of "+strconv.Itoa(bits)+" bits", v)
		return 0, false
	}
	d.CheckRange(p, i, r)
	return i, true
}

// Float reads a number; the strings "NaN", "Infinity" and "-Infinity" stand for the values JSON cannot
// write as numbers.
func (d *Decoder) Float(p *constraint.Path, v any, bits int) (float64, bool) {
	var f float64
	var err error
	switch x := v.(type) {
	case json.Number:
		f, err = strconv.ParseFloat(string(x), bits)
	case string:
		f, err = parseSpecialFloat(x)
	default:
		d.mismatch(p, "a number", v)
		return 0, false
	}
	if err != nil {
		d.mismatch(p, "a number", v)
		return 0, false
	}
	return f, true
}

func parseSpecialFloat(s string) (float64, error) {
	switch s {
	case "NaN":
		return math.NaN(), nil
	case "Infinity":
		return math.Inf(1), nil
	case "-Infinity":
		return math.Inf(-1), nil
	}
	return 0, strconv.ErrSyntax
}

// Bool reads a boolean.
func (d *Decoder) Bool(p *constraint.Path, v any) (bool, bool) {
	b, ok := v.(bool)
	if !ok {
		d.mismatch(p, "a boolean", v)
	}
	return b, ok
}

// Blob reads a base64 string and checks its length in bytes (r may be nil).
func (d *Decoder) Blob(p *constraint.Path, v any, r *constraint.Length) ([]byte, bool) {
	s, ok := v.(string)
	if !ok {
		d.mismatch(p, "a base64 string", v)
		return nil, false
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		d.mismatch(p, "a base64 string", v)
		return nil, false
	}
	if r != nil {
		d.CheckLength(p, len(b), r)
	}
	return b, true
}

// Time reads a timestamp: a number of seconds since the epoch (the JSON protocols' default), or a string
// in the model's format (ISO 8601 or an HTTP date). Either form is accepted whatever the format says.
func (d *Decoder) Time(p *constraint.Path, v any, format string) (time.Time, bool) {
	switch x := v.(type) {
	case json.Number:
		if t, ok := parseEpoch(string(x)); ok {
			return t, true
		}
	case string:
		if t, ok := parseTimeString(x, format); ok {
			return t, true
		}
	}
	d.mismatch(p, "a timestamp", v)
	return time.Time{}, false
}

// parseEpoch reads seconds since the epoch, keeping a decimal fraction exact to the nanosecond.
func parseEpoch(s string) (time.Time, bool) {
	whole, frac, hasFrac := strings.Cut(s, ".")
	sec, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || (hasFrac && (frac == "" || strings.ContainsAny(frac, "eE+-"))) {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e15 {
			return time.Time{}, false
		}
		s, n := math.Modf(f)
		// A float64 keeps about a microsecond of an epoch's fraction: round off the noise below it.
		return time.Unix(int64(s), int64(n*1e9)).Round(time.Microsecond).UTC(), true
	}
	var nanos int64
	if hasFrac {
		if len(frac) > 9 {
			frac = frac[:9]
		}
		n, err := strconv.ParseInt(frac+strings.Repeat("0", 9-len(frac)), 10, 64)
		if err != nil || n < 0 {
			return time.Time{}, false
		}
		nanos = n
		if strings.HasPrefix(whole, "-") {
			nanos = -nanos
		}
	}
	return time.Unix(sec, nanos).UTC(), true
}

// parseTimeString reads a timestamp string in ISO 8601, an HTTP date, or epoch seconds.
func parseTimeString(s, format string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), true
	}
	if t, err := time.Parse(time.RFC1123, s); err == nil {
		return t.UTC(), true
	}
	if format == TimeEpochSeconds || format == "" {
		return parseEpoch(s)
	}
	return time.Time{}, false
}
