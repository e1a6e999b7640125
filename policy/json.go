package policy

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file is a small strict JSON reader (RFC 8259). Policies need one of their own because
// encoding/json reports neither the position of each value nor duplicate object keys, and
// IAM rejects duplicates. It builds a tree of jnodes, each with its position; it never
// panics and bounds its work by MaxDocumentBytes and MaxNesting.

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

func (k jkind) String() string {
	return [...]string{"null", "a Boolean", "a number", "a string", "an array", "an object"}[k]
}

type jnode struct {
	kind jkind
	pos  Pos
	// text is the decoded value of a string, the literal text of a number, or "true"/"false".
	text    string
	members []jmember // objects, in document order
	elems   []*jnode  // arrays
}

type jmember struct {
	key    string
	keyPos Pos
	val    *jnode
}

// member returns the value of key in an object, or nil.
func (n *jnode) member(key string) *jmember {
	for i := range n.members {
		if n.members[i].key == key {
			return &n.members[i]
		}
	}
	return nil
}

// jsonError is a syntax error at a position.
type jsonError struct {
	pos Pos
	msg string
}

type jreader struct {
	data  []byte
	off   int
	line  int
	col   int
	depth int
	arena []jnode // nodes are carved from blocks to allocate less
}

// node returns a new node from the arena.
func (r *jreader) node(k jkind, pos Pos) *jnode {
	if len(r.arena) == cap(r.arena) {
		r.arena = make([]jnode, 0, 64)
	}
	r.arena = append(r.arena, jnode{kind: k, pos: pos})
	return &r.arena[len(r.arena)-1]
}

// parseJSON reads one JSON value that must make up the whole of data (surrounding
// whitespace aside).
func parseJSON(data []byte) (*jnode, *jsonError) {
	r := &jreader{data: data, line: 1, col: 1}
	if len(data) > MaxDocumentBytes {
		return nil, &jsonError{pos: r.pos(), msg: fmt.Sprintf("document is larger than %d bytes", MaxDocumentBytes)}
	}
	if !utf8.Valid(data) {
		bad := 0
		for bad < len(data) {
			c, n := utf8.DecodeRune(data[bad:])
			if c == utf8.RuneError && n <= 1 {
				break
			}
			bad += n
		}
		return nil, &jsonError{pos: posAt(data, bad), msg: "invalid UTF-8"}
	}
	r.skipSpace()
	n, err := r.value()
	if err != nil {
		return nil, err
	}
	r.skipSpace()
	if r.off < len(r.data) {
		return nil, r.errorf("unexpected %s after the top-level value", r.describe())
	}
	return n, nil
}

// posAt computes the position of byte offset off in data.
func posAt(data []byte, off int) Pos {
	p := Pos{Line: 1, Col: 1}
	for i := 0; i < off && i < len(data); i++ {
		switch c := data[i]; {
		case c == '\n':
			p.Line++
			p.Col = 1
		case c&0xC0 != 0x80: // not a UTF-8 continuation byte
			p.Col++
		}
	}
	p.Offset = off
	return p
}

func (r *jreader) pos() Pos { return Pos{Line: r.line, Col: r.col, Offset: r.off} }

func (r *jreader) errorf(format string, args ...any) *jsonError {
	return &jsonError{pos: r.pos(), msg: fmt.Sprintf(format, args...)}
}

// describe names the next character for an error message.
func (r *jreader) describe() string {
	if r.off >= len(r.data) {
		return "end of input"
	}
	c, _ := utf8.DecodeRune(r.data[r.off:])
	return fmt.Sprintf("character %q", c)
}

// advance moves over n bytes that contain no newline.
func (r *jreader) advance(n int) {
	for i := 0; i < n; i++ {
		if r.data[r.off]&0xC0 != 0x80 {
			r.col++
		}
		r.off++
	}
}

func (r *jreader) skipSpace() {
	for r.off < len(r.data) {
		switch r.data[r.off] {
		case ' ', '\t', '\r':
			r.off++
			r.col++
		case '\n':
			r.off++
			r.line++
			r.col = 1
		default:
			return
		}
	}
}

func (r *jreader) value() (*jnode, *jsonError) {
	if r.off >= len(r.data) {
		return nil, r.errorf("unexpected end of input, expecting a value")
	}
	start := r.pos()
	switch c := r.data[r.off]; {
	case c == '{':
		return r.object()
	case c == '[':
		return r.array()
	case c == '"':
		s, err := r.str()
		if err != nil {
			return nil, err
		}
		n := r.node(jString, start)
		n.text = s
		return n, nil
	case c == '-' || c >= '0' && c <= '9':
		return r.number()
	case r.literal("true"):
		n := r.node(jBool, start)
		n.text = "true"
		return n, nil
	case r.literal("false"):
		n := r.node(jBool, start)
		n.text = "false"
		return n, nil
	case r.literal("null"):
		return r.node(jNull, start), nil
	}
	return nil, r.errorf("unexpected %s, expecting a value", r.describe())
}

func (r *jreader) literal(word string) bool {
	if !strings.HasPrefix(string(r.data[r.off:min(len(r.data), r.off+len(word))]), word) {
		return false
	}
	r.advance(len(word))
	return true
}

func (r *jreader) enter() *jsonError {
	r.depth++
	if r.depth > MaxNesting {
		return r.errorf("nesting deeper than %d levels", MaxNesting)
	}
	return nil
}

func (r *jreader) object() (*jnode, *jsonError) {
	n := r.node(jObject, r.pos())
	if err := r.enter(); err != nil {
		return nil, err
	}
	r.advance(1) // {
	r.skipSpace()
	if r.off < len(r.data) && r.data[r.off] == '}' {
		r.advance(1)
		r.depth--
		return n, nil
	}
	var seen map[string]bool // only for large objects; small ones are scanned
	for {
		if r.off >= len(r.data) || r.data[r.off] != '"' {
			return nil, r.errorf("unexpected %s, expecting a string key", r.describe())
		}
		keyPos := r.pos()
		key, err := r.str()
		if err != nil {
			return nil, err
		}
		if len(n.members) >= 8 && seen == nil {
			seen = make(map[string]bool, 16)
			for _, m := range n.members {
				seen[m.key] = true
			}
		}
		dup := false
		if seen != nil {
			dup = seen[key]
			seen[key] = true
		} else {
			dup = n.member(key) != nil
		}
		if dup {
			return nil, &jsonError{pos: keyPos, msg: fmt.Sprintf("duplicate key %q", key)}
		}
		r.skipSpace()
		if r.off >= len(r.data) || r.data[r.off] != ':' {
			return nil, r.errorf("unexpected %s, expecting ':' after key", r.describe())
		}
		r.advance(1)
		r.skipSpace()
		v, err := r.value()
		if err != nil {
			return nil, err
		}
		n.members = append(n.members, jmember{key: key, keyPos: keyPos, val: v})
		r.skipSpace()
		if r.off < len(r.data) && r.data[r.off] == ',' {
			r.advance(1)
			r.skipSpace()
			continue
		}
		if r.off < len(r.data) && r.data[r.off] == '}' {
			r.advance(1)
			r.depth--
			return n, nil
		}
		return nil, r.errorf("unexpected %s, expecting ',' or '}'", r.describe())
	}
}

func (r *jreader) array() (*jnode, *jsonError) {
	n := r.node(jArray, r.pos())
	if err := r.enter(); err != nil {
		return nil, err
	}
	r.advance(1) // [
	r.skipSpace()
	if r.off < len(r.data) && r.data[r.off] == ']' {
		r.advance(1)
		r.depth--
		return n, nil
	}
	for {
		v, err := r.value()
		if err != nil {
			return nil, err
		}
		n.elems = append(n.elems, v)
		r.skipSpace()
		if r.off < len(r.data) && r.data[r.off] == ',' {
			r.advance(1)
			r.skipSpace()
			continue
		}
		if r.off < len(r.data) && r.data[r.off] == ']' {
			r.advance(1)
			r.depth--
			return n, nil
		}
		return nil, r.errorf("unexpected %s, expecting ',' or ']'", r.describe())
	}
}

func (r *jreader) number() (*jnode, *jsonError) {
	start := r.pos()
	i := r.off
	d := r.data
	if i < len(d) && d[i] == '-' {
		i++
	}
	digits := func() int {
		j := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		return i - j
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case digits() == 0:
		r.advance(i - r.off)
		return nil, r.errorf("invalid number: expecting a digit")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if digits() == 0 {
			r.advance(i - r.off)
			return nil, r.errorf("invalid number: expecting a digit after '.'")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if digits() == 0 {
			r.advance(i - r.off)
			return nil, r.errorf("invalid number: expecting a digit in the exponent")
		}
	}
	text := string(d[r.off:i])
	r.advance(i - r.off)
	n := r.node(jNumber, start)
	n.text = text
	return n, nil
}

// str reads a string starting at the opening quote and returns its decoded value.
func (r *jreader) str() (string, *jsonError) {
	r.advance(1) // opening quote
	d := r.data
	// Fast path: no escapes.
	for i := r.off; i < len(d); i++ {
		c := d[i]
		if c == '"' {
			s := intern(d[r.off:i])
			r.advance(i - r.off + 1)
			return s, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
	}
	var b strings.Builder
	for {
		if r.off >= len(d) {
			return "", r.errorf("unterminated string")
		}
		switch c := d[r.off]; {
		case c == '"':
			r.advance(1)
			return b.String(), nil
		case c < 0x20:
			return "", r.errorf("control character %q in string", rune(c))
		case c != '\\':
			_, n := utf8.DecodeRune(d[r.off:])
			b.Write(d[r.off : r.off+n])
			r.advance(n)
		default:
			if err := r.escape(&b); err != nil {
				return "", err
			}
		}
	}
}

// escape decodes the escape sequence at the reader's position into b.
func (r *jreader) escape(b *strings.Builder) *jsonError {
	d := r.data
	if r.off+1 >= len(d) {
		r.advance(1)
		return r.errorf("unterminated string")
	}
	switch e := d[r.off+1]; e {
	case '"', '\\', '/':
		b.WriteByte(e)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		return r.unicodeEscape(b)
	default:
		return r.errorf("invalid escape sequence")
	}
	r.advance(2)
	return nil
}

// unicodeEscape decodes a \uXXXX escape, or a surrogate pair of them, into b.
func (r *jreader) unicodeEscape(b *strings.Builder) *jsonError {
	d := r.data
	c1, ok := hex4(d, r.off+2)
	if !ok {
		return r.errorf(`invalid \u escape`)
	}
	width := 6
	ch := rune(c1)
	if utf16.IsSurrogate(ch) {
		// A high surrogate must be followed by an escaped low one; anything else
		// decodes to U+FFFD, as encoding/json does.
		ch = utf8.RuneError
		if r.off+8 <= len(d) && d[r.off+6] == '\\' && d[r.off+7] == 'u' {
			if c2, ok := hex4(d, r.off+8); ok {
				if dec := utf16.DecodeRune(rune(c1), rune(c2)); dec != utf8.RuneError {
					ch = dec
					width = 12
				}
			}
		}
	}
	b.WriteRune(ch)
	r.advance(width)
	return nil
}

func hex4(d []byte, i int) (uint16, bool) {
	if i+4 > len(d) {
		return 0, false
	}
	var v uint16
	for _, c := range d[i : i+4] {
		v <<= 4
		switch {
		case c >= '0' && c <= '9':
			v |= uint16(c - '0')
		case c >= 'a' && c <= 'f':
			v |= uint16(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			v |= uint16(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return v, true
}

// intern returns the common policy strings without allocating a copy of each.
func intern(b []byte) string {
	switch string(b) {
	case "Version":
		return "Version"
	case "Statement":
		return "Statement"
	case "Sid":
		return "Sid"
	case "Effect":
		return "Effect"
	case "Allow":
		return "Allow"
	case "Deny":
		return "Deny"
	case "Action":
		return "Action"
	case "NotAction":
		return "NotAction"
	case "Resource":
		return "Resource"
	case "NotResource":
		return "NotResource"
	case "Principal":
		return "Principal"
	case "NotPrincipal":
		return "NotPrincipal"
	case "AWS":
		return "AWS"
	case "Service":
		return "Service"
	case "Condition":
		return "Condition"
	case "*":
		return "*"
	case "2012-10-17":
		return "2012-10-17"
	case "true":
		return "true"
	case "false":
		return "false"
	}
	return string(b)
}
