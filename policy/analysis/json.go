package analysis

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file is the position-tracking JSON scanner validation reads policies with. It keeps,
// for every value and every object key, where it starts and ends as AWS counts positions
// (see Position), and the byte range of string tokens so a finding can point inside one. It
// is strict RFC 8259 (AWS reports JSON_SYNTAX_ERROR for anything else), rejects duplicate
// keys as IAM does, never panics and bounds nesting by maxDepth.

// maxDepth bounds nesting. A valid policy nests six deep (document, Statement, statement,
// Condition, operator, values); anything far deeper is not a policy.
const maxDepth = 64

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

// typeName is the JSON type's name in DATA_TYPE_MISMATCH and INVALID_CONDITION_DATA_TYPE.
func (k jkind) typeName() string {
	return [...]string{"Null", "Boolean", "Number", "String", "Array", "Object"}[k]
}

type node struct {
	kind jkind
	span Span
	// text is a string's decoded value, or a number's or Boolean's literal text.
	text string
	// rawStart and rawEnd are the token's byte range in the document (strings: quotes
	// included), for spans inside a string.
	rawStart, rawEnd int
	members          []member // objects, in document order
	elems            []*node  // arrays
}

type member struct {
	key     string
	keySpan Span
	keyRaw  int
	val     *node
}

// get returns the member with exactly this key, or nil.
func (n *node) get(key string) *member {
	if n == nil || n.kind != jObject {
		return nil
	}
	for i := range n.members {
		if n.members[i].key == key {
			return &n.members[i]
		}
	}
	return nil
}

type syntaxError struct{ pos Position }

type scanner struct {
	data  []byte
	i     int // byte index
	pos   Position
	depth int
}

// parseJSON reads data as one JSON value. A syntax error names the position of the first
// character that cannot be part of a valid document (the end of input when it ends early).
func parseJSON(data []byte) (*node, *syntaxError) {
	s := &scanner{data: data, pos: Position{Line: 1}}
	s.space()
	n, err := s.value()
	if err != nil {
		return nil, err
	}
	s.space()
	if s.i < len(s.data) {
		return nil, s.fail()
	}
	return n, nil
}

func (s *scanner) fail() *syntaxError { return &syntaxError{pos: s.pos} }

// step moves over one character (not a line break) of size bytes.
func (s *scanner) step(r rune, size int) {
	s.i += size
	w := 1
	if r >= 0x10000 {
		w = 2
	}
	s.pos.Column += w
	s.pos.Offset += w
}

func (s *scanner) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t':
			s.step(' ', 1)
		case '\n':
			s.newline(1)
		case '\r':
			if s.i+1 < len(s.data) && s.data[s.i+1] == '\n' {
				s.newline(2)
			} else {
				s.newline(1)
			}
		default:
			return
		}
	}
}

func (s *scanner) newline(n int) {
	s.i += n
	s.pos.Offset += n
	s.pos.Line++
	s.pos.Column = 0
}

func (s *scanner) value() (*node, *syntaxError) {
	if s.i >= len(s.data) {
		return nil, s.fail()
	}
	start, rawStart := s.pos, s.i
	var n *node
	switch c := s.data[s.i]; {
	case c == '{':
		return s.object()
	case c == '[':
		return s.array()
	case c == '"':
		text, err := s.str()
		if err != nil {
			return nil, err
		}
		n = &node{kind: jString, text: text}
	case c == '-' || c >= '0' && c <= '9':
		if err := s.number(); err != nil {
			return nil, err
		}
		n = &node{kind: jNumber, text: string(s.data[rawStart:s.i])}
	case s.word("true"), s.word("false"):
		n = &node{kind: jBool, text: string(s.data[rawStart:s.i])}
	case s.word("null"):
		n = &node{kind: jNull, text: "null"}
	default:
		return nil, s.fail()
	}
	n.span = Span{Start: start, End: s.pos}
	n.rawStart, n.rawEnd = rawStart, s.i
	return n, nil
}

func (s *scanner) word(w string) bool {
	if !strings.HasPrefix(string(s.data[s.i:min(len(s.data), s.i+len(w))]), w) {
		return false
	}
	for range w {
		s.step(' ', 1)
	}
	return true
}

func (s *scanner) enter() *syntaxError {
	s.depth++
	if s.depth > maxDepth {
		return s.fail()
	}
	return nil
}

func (s *scanner) object() (*node, *syntaxError) {
	n := &node{kind: jObject, rawStart: s.i}
	n.span.Start = s.pos
	if err := s.enter(); err != nil {
		return nil, err
	}
	s.step('{', 1)
	s.space()
	if s.i < len(s.data) && s.data[s.i] == '}' {
		return s.close(n)
	}
	seen := map[string]bool{}
	for {
		if s.i >= len(s.data) || s.data[s.i] != '"' {
			return nil, s.fail()
		}
		keyStart, keyRaw := s.pos, s.i
		key, err := s.str()
		if err != nil {
			return nil, err
		}
		if seen[key] {
			return nil, &syntaxError{pos: keyStart}
		}
		seen[key] = true
		keySpan := Span{Start: keyStart, End: s.pos}
		s.space()
		if s.i >= len(s.data) || s.data[s.i] != ':' {
			return nil, s.fail()
		}
		s.step(':', 1)
		s.space()
		v, err := s.value()
		if err != nil {
			return nil, err
		}
		n.members = append(n.members, member{key: key, keySpan: keySpan, keyRaw: keyRaw, val: v})
		s.space()
		if s.i < len(s.data) && s.data[s.i] == ',' {
			s.step(',', 1)
			s.space()
			continue
		}
		if s.i < len(s.data) && s.data[s.i] == '}' {
			return s.close(n)
		}
		return nil, s.fail()
	}
}

// close consumes the closing bracket of n.
func (s *scanner) close(n *node) (*node, *syntaxError) {
	s.step('}', 1)
	s.depth--
	n.span.End = s.pos
	n.rawEnd = s.i
	return n, nil
}

func (s *scanner) array() (*node, *syntaxError) {
	n := &node{kind: jArray, rawStart: s.i}
	n.span.Start = s.pos
	if err := s.enter(); err != nil {
		return nil, err
	}
	s.step('[', 1)
	s.space()
	if s.i < len(s.data) && s.data[s.i] == ']' {
		return s.close(n)
	}
	for {
		v, err := s.value()
		if err != nil {
			return nil, err
		}
		n.elems = append(n.elems, v)
		s.space()
		if s.i < len(s.data) && s.data[s.i] == ',' {
			s.step(',', 1)
			s.space()
			continue
		}
		if s.i < len(s.data) && s.data[s.i] == ']' {
			return s.close(n)
		}
		return nil, s.fail()
	}
}

func (s *scanner) number() *syntaxError {
	digits := func() int {
		n := 0
		for s.i < len(s.data) && s.data[s.i] >= '0' && s.data[s.i] <= '9' {
			s.step('0', 1)
			n++
		}
		return n
	}
	if s.data[s.i] == '-' {
		s.step('-', 1)
	}
	if s.i < len(s.data) && s.data[s.i] == '0' {
		s.step('0', 1)
	} else if digits() == 0 {
		return s.fail()
	}
	if s.i < len(s.data) && s.data[s.i] == '.' {
		s.step('.', 1)
		if digits() == 0 {
			return s.fail()
		}
	}
	if s.i < len(s.data) && (s.data[s.i] == 'e' || s.data[s.i] == 'E') {
		s.step('e', 1)
		if s.i < len(s.data) && (s.data[s.i] == '+' || s.data[s.i] == '-') {
			s.step('+', 1)
		}
		if digits() == 0 {
			return s.fail()
		}
	}
	return nil
}

// str reads a string token and returns its decoded value.
func (s *scanner) str() (string, *syntaxError) {
	s.step('"', 1)
	var b strings.Builder
	for {
		if s.i >= len(s.data) {
			return "", s.fail()
		}
		c := s.data[s.i]
		switch {
		case c == '"':
			s.step('"', 1)
			return b.String(), nil
		case c < 0x20:
			return "", s.fail()
		case c == '\\':
			r, err := s.escape()
			if err != nil {
				return "", err
			}
			b.WriteRune(r)
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			s.step(rune(c), 1)
		default:
			r, size := utf8.DecodeRune(s.data[s.i:])
			if r == utf8.RuneError && size <= 1 {
				return "", s.fail()
			}
			b.WriteRune(r)
			s.step(r, size)
		}
	}
}

var simpleEscapes = map[byte]rune{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// escape reads one escape sequence (two for a surrogate pair) and returns its character.
func (s *scanner) escape() (rune, *syntaxError) {
	if s.i+1 >= len(s.data) {
		s.step('\\', 1)
		return 0, s.fail()
	}
	if r, ok := simpleEscapes[s.data[s.i+1]]; ok {
		s.step('\\', 1)
		s.step(r, 1)
		return r, nil
	}
	if s.data[s.i+1] != 'u' {
		s.step('\\', 1)
		return 0, s.fail()
	}
	r, ok := s.hex4()
	if !ok {
		return 0, s.fail()
	}
	if utf16.IsSurrogate(r) {
		if r2, ok := s.peekLowSurrogate(); ok {
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				s.hex4()
				return d, nil
			}
		}
		return utf8.RuneError, nil
	}
	return r, nil
}

// hex4 reads \uXXXX at the scanner and returns its code unit.
func (s *scanner) hex4() (rune, bool) {
	if s.i+6 > len(s.data) {
		return 0, false
	}
	var r rune
	for _, c := range s.data[s.i+2 : s.i+6] {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	for range 6 {
		s.step(' ', 1)
	}
	return r, true
}

func (s *scanner) peekLowSurrogate() (rune, bool) {
	if s.i+6 > len(s.data) || s.data[s.i] != '\\' || s.data[s.i+1] != 'u' {
		return 0, false
	}
	save := *s
	r, ok := s.hex4()
	*s = save
	return r, ok && r >= 0xDC00 && r <= 0xDFFF
}

// utf16Len is the length of s in UTF-16 code units, AWS's unit for columns, offsets and
// substrings.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// substringSpan returns the span of the characters [start, start+length) of string node
// n's value (counted in UTF-16 code units of the decoded value), mapping escapes back to
// the text they were written as.
func substringSpan(data []byte, n *node, start, length int) Span {
	sc := &scanner{data: data[:n.rawEnd], i: n.rawStart, pos: n.span.Start}
	sc.step('"', 1)
	var sp Span
	idx := 0
	for {
		if idx == start {
			sp.Start = sc.pos
		}
		if idx == start+length || sc.i >= len(sc.data)-1 {
			sp.End = sc.pos
			return sp
		}
		before := sc.pos
		if sc.data[sc.i] == '\\' {
			r, _ := sc.escape()
			idx += utf16.RuneLen(r)
		} else {
			r, size := utf8.DecodeRune(sc.data[sc.i:])
			sc.step(r, size)
			idx += utf16.RuneLen(r)
		}
		if idx > start && sp.Start == (Position{}) {
			sp.Start = before
		}
	}
}
