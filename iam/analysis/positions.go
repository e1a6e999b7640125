package analysis

import (
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/policy"
)

// span is where a statement lies in its document, as the simulator reports it in
// MatchedStatements: 1-based lines and columns (columns counted in characters).
type span struct {
	startLine, startCol, endLine, endCol int
}

// statementSpans returns the span of each statement of doc (parsed from text), by statement
// index. AWS reports positions the way a streaming JSON reader sees them, which responses
// recorded from AWS pin down:
//
//   - StartPosition is where the reader stands when it begins the statement: just after the
//     '[' for the first statement of an array, just after the previous statement's '}' for
//     the others (the separating comma not yet read), and just after the statement's own '{'
//     when Statement is a single object.
//   - EndPosition is just after the statement's closing '}'.
//
// For example, {"Version":"2012-10-17","Statement":[{…}]} minified gives a first statement
// starting at column 38, and a statement ending at column 164 ends at column 165.
func statementSpans(text []byte, doc *policy.Document) []span {
	if doc == nil {
		return nil
	}
	out := make([]span, 0, len(doc.Statements))
	ix := newLineIndex(text)
	for _, st := range doc.Statements {
		open := st.Pos.Offset
		if open < 0 || open >= len(text) || text[open] != '{' {
			out = append(out, span{})
			continue
		}
		var start int
		if doc.StatementArray {
			start = prevToken(text, open)
			if start > 0 && text[start-1] == ',' {
				start = prevToken(text, start-1)
			}
		} else {
			start = open + 1
		}
		end := closeOf(text, open)
		sl, sc := ix.position(start)
		el, ec := ix.position(end)
		out = append(out, span{startLine: sl, startCol: sc, endLine: el, endCol: ec})
	}
	return out
}

// prevToken returns the offset just after the last non-whitespace byte before offset i.
func prevToken(text []byte, i int) int {
	for i > 0 {
		switch text[i-1] {
		case ' ', '\t', '\n', '\r':
			i--
		default:
			return i
		}
	}
	return 0
}

// closeOf returns the offset just after the '}' that closes the object opening at open,
// skipping strings; len(text) when the object is not closed.
func closeOf(text []byte, open int) int {
	depth := 0
	inString, escaped := false, false
	for i := open; i < len(text); i++ {
		c := text[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(text)
}

// lineIndex turns byte offsets into 1-based line and character columns. A line ends at LF, at
// CR LF, or at a CR alone, as JSON readers count lines.
type lineIndex struct {
	text   []byte
	starts []int // byte offset of each line's first character
}

func newLineIndex(text []byte) *lineIndex {
	ix := &lineIndex{text: text, starts: []int{0}}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			ix.starts = append(ix.starts, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			ix.starts = append(ix.starts, i+1)
		}
	}
	return ix
}

func (ix *lineIndex) position(off int) (line, col int) {
	lo, hi := 0, len(ix.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if ix.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1, utf8.RuneCount(ix.text[ix.starts[lo]:off]) + 1
}
