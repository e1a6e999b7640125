package policyfile

import (
	"bytes"
	"encoding/json"

	"github.com/gatehouse-iam/gatehouse/policy"
)

// locate finds where the JSON value at path (object keys and array indexes, such as
// "policies", "scps", 1, 0) starts in data. It is only called to report an error, so it
// re-reads the file rather than burden the normal path.
func locate(data []byte, path ...any) (int, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	for _, step := range path {
		tok, err := dec.Token()
		if err != nil {
			return 0, false
		}
		switch want := step.(type) {
		case string:
			if tok != json.Delim('{') {
				return 0, false
			}
			for {
				k, err := dec.Token()
				if err != nil || k == json.Delim('}') {
					return 0, false
				}
				if k == want {
					break
				}
				var skip json.RawMessage
				if err := dec.Decode(&skip); err != nil {
					return 0, false
				}
			}
		case int:
			if tok != json.Delim('[') {
				return 0, false
			}
			for i := 0; i < want; i++ {
				var skip json.RawMessage
				if !dec.More() || dec.Decode(&skip) != nil {
					return 0, false
				}
			}
			if !dec.More() {
				return 0, false
			}
		}
	}
	// The value starts after any whitespace, ':' or ',' that follows the last token read.
	off := int(dec.InputOffset())
	for off < len(data) && bytes.IndexByte([]byte(" \t\r\n:,"), data[off]) >= 0 {
		off++
	}
	return off, off < len(data)
}

// filePos converts a position inside a document that starts at start in the file into a
// position in the file.
func filePos(start, p policy.Pos) policy.Pos {
	out := policy.Pos{Line: start.Line + p.Line - 1, Col: p.Col, Offset: start.Offset + p.Offset}
	if p.Line == 1 {
		out.Col = start.Col + p.Col - 1
	}
	return out
}

// posIn computes the position of byte offset off in data.
func posIn(data []byte, off int) policy.Pos {
	p := policy.Pos{Line: 1, Col: 1, Offset: off}
	for _, c := range data[:off] {
		switch {
		case c == '\n':
			p.Line++
			p.Col = 1
		case c&0xC0 != 0x80:
			p.Col++
		}
	}
	return p
}
