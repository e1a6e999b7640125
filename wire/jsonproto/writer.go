package jsonproto

import (
	"encoding/base64"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/jsonstr"
)

// Timestamp formats of the models' timestampFormat trait.
const (
	// TimeEpochSeconds is the JSON protocols' default in bodies: seconds since the epoch as a number, with
	// up to millisecond fractions.
	TimeEpochSeconds = "unixTimestamp"
	// TimeISO8601 is a date-time string ("2026-11-24T10:00:00Z"): the querystring default, and bodies where
	// the model says so.
	TimeISO8601 = "iso8601"
	// TimeHTTPDate is an RFC 7231 IMF-fixdate: the header default.
	TimeHTTPDate = "rfc822"
)

// Writer appends a JSON document to a byte slice. Its methods write values in the order generated code
// calls them; Key writes an object's member name, and commas are placed automatically.
type Writer struct {
	b []byte
	// first[i] says whether the container at depth i has no element yet.
	first []bool
	// afterKey is set between Key and the member's value.
	afterKey bool
}

// NewWriter returns a Writer appending to dst.
func NewWriter(dst []byte) Writer { return Writer{b: dst} }

// Bytes returns the document written so far.
func (w *Writer) Bytes() []byte { return w.b }

// sep writes the comma before a value or key, when one is due.
func (w *Writer) sep() {
	if w.afterKey {
		w.afterKey = false
		return
	}
	if n := len(w.first); n > 0 {
		if !w.first[n-1] {
			w.b = append(w.b, ',')
		}
		w.first[n-1] = false
	}
}

// StartObject opens an object.
func (w *Writer) StartObject() {
	w.sep()
	w.b = append(w.b, '{')
	w.first = append(w.first, true)
}

// EndObject closes an object.
func (w *Writer) EndObject() {
	w.b = append(w.b, '}')
	w.first = w.first[:len(w.first)-1]
}

// StartArray opens an array.
func (w *Writer) StartArray() {
	w.sep()
	w.b = append(w.b, '[')
	w.first = append(w.first, true)
}

// EndArray closes an array.
func (w *Writer) EndArray() {
	w.b = append(w.b, ']')
	w.first = w.first[:len(w.first)-1]
}

// Key writes an object member's name; the member's value follows.
func (w *Writer) Key(name string) {
	w.sep()
	w.b = jsonstr.Append(w.b, name, jsonstr.Minimal)
	w.b = append(w.b, ':')
	w.afterKey = true
}

// String writes a string.
func (w *Writer) String(s string) {
	w.sep()
	w.b = jsonstr.Append(w.b, s, jsonstr.Minimal)
}

// Int writes an integer.
func (w *Writer) Int(v int64) {
	w.sep()
	w.b = strconv.AppendInt(w.b, v, 10)
}

// Float writes a number; NaN and the infinities, which JSON cannot express as numbers, are written as the
// strings "NaN", "Infinity" and "-Infinity", as the AWS JSON protocols do.
func (w *Writer) Float(v float64, bits int) {
	w.sep()
	switch {
	case math.IsNaN(v):
		w.b = append(w.b, `"NaN"`...)
	case math.IsInf(v, 1):
		w.b = append(w.b, `"Infinity"`...)
	case math.IsInf(v, -1):
		w.b = append(w.b, `"-Infinity"`...)
	default:
		w.b = strconv.AppendFloat(w.b, v, 'g', -1, bits)
	}
}

// Bool writes a boolean.
func (w *Writer) Bool(v bool) {
	w.sep()
	w.b = strconv.AppendBool(w.b, v)
}

// Null writes null.
func (w *Writer) Null() {
	w.sep()
	w.b = append(w.b, "null"...)
}

// Blob writes bytes as a base64 string.
func (w *Writer) Blob(v []byte) {
	w.sep()
	w.b = append(w.b, '"')
	w.b = base64.StdEncoding.AppendEncode(w.b, v)
	w.b = append(w.b, '"')
}

// Time writes a timestamp in the given format (TimeEpochSeconds when empty).
func (w *Writer) Time(t time.Time, format string) {
	w.sep()
	switch format {
	case TimeISO8601, TimeHTTPDate:
		w.b = jsonstr.Append(w.b, FormatTime(t, format), jsonstr.Minimal)
	default:
		w.b = appendEpoch(w.b, t)
	}
}

// FormatTime formats a timestamp as a string: ISO 8601 in UTC with milliseconds when there are any, an
// HTTP date, or epoch seconds.
func FormatTime(t time.Time, format string) string {
	t = t.UTC()
	switch format {
	case TimeISO8601:
		if t.Nanosecond()/int(time.Millisecond) != 0 {
			return t.Format("2006-01-02T15:04:05.000Z")
		}
		return t.Format("2006-01-02T15:04:05Z")
	case TimeHTTPDate:
		return t.Format("Mon, 02 Jan 2006 15:04:05 GMT")
	}
	return string(appendEpoch(nil, t))
}

// appendEpoch writes seconds since the epoch with up to three fractional digits, never in exponent form.
func appendEpoch(b []byte, t time.Time) []byte {
	ms := t.UnixMilli()
	sec, frac := ms/1000, ms%1000
	if frac < 0 {
		sec, frac = sec-1, frac+1000
	}
	b = strconv.AppendInt(b, sec, 10)
	if frac == 0 {
		return b
	}
	b = append(b, '.', byte('0'+frac/100), byte('0'+frac/10%10), byte('0'+frac%10))
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	return b
}

// SortedKeys returns a map's keys in order, so maps are written, and their violations reported, in a
// stable order.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
