package query

import (
	"encoding/base64"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Writer appends an XML document to a byte slice. Generated encoders call it member by member, in model
// order; it never reflects and allocates only when the slice must grow, so a caller that reuses its buffer
// encodes a response without allocating.
type Writer struct {
	b []byte
}

// NewWriter returns a Writer that appends to dst.
func NewWriter(dst []byte) Writer { return Writer{b: dst} }

// Bytes returns the document written so far (dst with the document appended).
func (w *Writer) Bytes() []byte { return w.b }

// Start opens an element.
func (w *Writer) Start(name string) {
	w.b = append(w.b, '<')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
}

// StartNS opens a document's root element with its namespace.
func (w *Writer) StartNS(name, namespace string) {
	w.b = append(w.b, '<')
	w.b = append(w.b, name...)
	w.b = append(w.b, ` xmlns="`...)
	w.b = appendEscaped(w.b, namespace)
	w.b = append(w.b, `">`...)
}

// End closes an element.
func (w *Writer) End(name string) {
	w.b = append(w.b, "</"...)
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
}

// String writes <name>escaped s</name>.
func (w *Writer) String(name, s string) {
	w.Start(name)
	w.b = appendEscaped(w.b, s)
	w.End(name)
}

// Int writes an integer member.
func (w *Writer) Int(name string, v int64) {
	w.Start(name)
	w.b = strconv.AppendInt(w.b, v, 10)
	w.End(name)
}

// Bool writes a boolean member as AWS does: true or false.
func (w *Writer) Bool(name string, v bool) {
	w.Start(name)
	w.b = strconv.AppendBool(w.b, v)
	w.End(name)
}

// Time formats for timestamps: ISO 8601 in UTC, like AWS ("2026-11-24T10:00:00Z"); milliseconds appear
// only when the value has a fraction of a second.
const (
	timeSeconds = "2006-01-02T15:04:05Z"
	timeMillis  = "2006-01-02T15:04:05.000Z"
)

// Time writes a timestamp member.
func (w *Writer) Time(name string, t time.Time) {
	w.Start(name)
	w.b = AppendTime(w.b, t)
	w.End(name)
}

// AppendTime appends t as the query protocol writes timestamps.
func AppendTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	if t.Nanosecond()/int(time.Millisecond) == 0 {
		return t.AppendFormat(dst, timeSeconds)
	}
	return t.AppendFormat(dst, timeMillis)
}

// Blob writes a blob member, base64-encoded.
func (w *Writer) Blob(name string, v []byte) {
	w.Start(name)
	w.b = base64.StdEncoding.AppendEncode(w.b, v)
	w.End(name)
}

// ResponseMetadata writes the <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata> block every
// query response ends with.
func (w *Writer) ResponseMetadata(requestID string) {
	w.Start("ResponseMetadata")
	w.String("RequestId", requestID)
	w.End("ResponseMetadata")
}

// appendEscaped appends s as XML character data: markup characters become entities, CR, LF and TAB become
// character references so parsers keep them verbatim, and what XML 1.0 cannot carry (invalid UTF-8, most
// control characters, U+FFFE/U+FFFF) becomes U+FFFD.
func appendEscaped(dst []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '<' && c != '>' && c != '&' && c != '"' && c != '\'' {
			i++
			continue
		}
		var rep string
		width := 1
		switch c {
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '&':
			rep = "&amp;"
		case '"':
			rep = "&quot;"
		case '\'':
			rep = "&apos;"
		case '\t':
			rep = "&#x9;"
		case '\n':
			rep = "&#xA;"
		case '\r':
			rep = "&#xD;"
		default:
			if c < utf8.RuneSelf {
				rep = "\uFFFD"
				break
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			width = n
			if r != utf8.RuneError && r != 0xFFFE && r != 0xFFFF || n == 3 && s[i:i+3] == "\uFFFD" {
				i += n
				continue
			}
			rep = "\uFFFD"
		}
		dst = append(dst, s[last:i]...)
		dst = append(dst, rep...)
		i += width
		last = i
	}
	return append(dst, s[last:]...)
}

// SortedKeys returns a map's keys in order, so maps encode the same way every time.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
