// Package jsonstr writes a Go string as a JSON string, allocation-free into a caller's buffer. It
// serves the wire's JSON protocols (wire/jsonproto) and the audit trail's records (audit), which
// escape differently: see Escaping.
package jsonstr

import "unicode/utf8"

// Escaping says which characters beyond JSON's required ones are escaped.
type Escaping uint8

const (
	// Minimal escapes what JSON requires: quotation mark, reverse solidus and control characters
	// (\n, \r and \t in short form, the others as \u00XX). The AWS JSON protocols' writer uses it.
	Minimal Escaping = iota
	// LikeEncodingJSON is encoding/json's default, byte for byte: also <, > and & as \u003c, \u003e
	// and \u0026, \b and \f in short form, and U+2028 and U+2029 escaped. The audit trail's records
	// use it, so a record reads exactly as encoding/json wrote it.
	LikeEncodingJSON
)

const hexDigits = "0123456789abcdef"

// Append appends s to b as a quoted JSON string, replacing invalid UTF-8 with U+FFFD.
func Append(b []byte, s string, e Escaping) []byte {
	html := e == LikeEncodingJSON
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!html || (c != '<' && c != '>' && c != '&')) {
				i++
				continue
			}
			b = appendByte(append(b, s[start:i]...), c, html)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case html && (r == '\u2028' || r == '\u2029'):
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendByte appends the escape of one ASCII byte that needs one.
func appendByte(b []byte, c byte, html bool) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	case '\b', '\f':
		if html {
			if c == '\b' {
				return append(b, '\\', 'b')
			}
			return append(b, '\\', 'f')
		}
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}
