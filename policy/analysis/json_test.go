package analysis

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func pos(line, col, off int) Position { return Position{Line: line, Column: col, Offset: off} }

// TestScannerPositions pins how positions are counted: lines from 1, columns and offsets
// from 0 in UTF-16 code units, and LF, CR LF and CR each one line break.
func TestScannerPositions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc string
		want      Span // of the value of "k"
	}{
		{"lf", "{\n  \"k\": \"v\"\n}", Span{Start: pos(2, 7, 9), End: pos(2, 10, 12)}},
		{"crlf", "{\r\n  \"k\": \"v\"\r\n}", Span{Start: pos(2, 7, 10), End: pos(2, 10, 13)}},
		{"cr", "{\r  \"k\": \"v\"\r}", Span{Start: pos(2, 7, 9), End: pos(2, 10, 12)}},
		{"bmp character", "{\"é\": 1, \"k\": \"v\"}", Span{Start: pos(1, 14, 14), End: pos(1, 17, 17)}},
		{"astral character counts two", "{\"😀\": 1, \"k\": \"v\"}", Span{Start: pos(1, 15, 15), End: pos(1, 18, 18)}},
		{"escapes count as written", "{\"\\u00e9\\n\": 1, \"k\": \"v\"}", Span{Start: pos(1, 21, 21), End: pos(1, 24, 24)}},
		{"object value", "{\"k\": {\"a\": [1, 2]}}", Span{Start: pos(1, 6, 6), End: pos(1, 19, 19)}},
		{"tab is one column", "{\t\"k\":\t\"v\"}", Span{Start: pos(1, 7, 7), End: pos(1, 10, 10)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, err := parseJSON([]byte(tt.doc))
			if err != nil {
				t.Fatalf("parseJSON: syntax error at %v", err.pos)
			}
			m := n.get("k")
			if m == nil {
				t.Fatal("no member k")
			}
			if diff := cmp.Diff(tt.want, m.val.span); diff != "" {
				t.Errorf("span of k's value (-want +got):\n%s", diff)
			}
		})
	}
}

func TestScannerDecodes(t *testing.T) {
	t.Parallel()
	n, err := parseJSON([]byte(`{"a": "x\u00e9\ud83d\ude00\"\\\/\b\f\n\r\t", "b": -1.5e+3, "c": [true, false, null]}`))
	if err != nil {
		t.Fatalf("syntax error at %v", err.pos)
	}
	if got, want := n.get("a").val.text, "xé😀\"\\/\b\f\n\r\t"; got != want {
		t.Errorf("a = %q, want %q", got, want)
	}
	if got := n.get("b").val.text; got != "-1.5e+3" {
		t.Errorf("b = %q", got)
	}
	c := n.get("c").val
	if len(c.elems) != 3 || c.elems[0].kind != jBool || c.elems[2].kind != jNull {
		t.Errorf("c = %+v", c.elems)
	}
}

// TestScannerErrors pins the position a syntax error is reported at: the first character
// that cannot continue a valid document.
func TestScannerErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		doc  string
		want Position
	}{
		{"", pos(1, 0, 0)},
		{"   ", pos(1, 3, 3)},
		{"{", pos(1, 1, 1)},
		{`{"a" 1}`, pos(1, 5, 5)},
		{`{"a": 01}`, pos(1, 7, 7)},
		{`{"a": tru}`, pos(1, 6, 6)},
		{`{"a": "x` + "\n" + `"}`, pos(1, 8, 8)},
		{`{"a": "\x"}`, pos(1, 8, 8)},
		{`{"a": "\u12G4"}`, pos(1, 7, 7)},
		{`{"a": 1,}`, pos(1, 8, 8)},
		{`[1 2]`, pos(1, 3, 3)},
		{`{} {}`, pos(1, 3, 3)},
		{`{"a": 1, "a": 2}`, pos(1, 9, 9)},
		{"{\n\"a\": -}", pos(2, 6, 8)},
		{strings.Repeat("[", maxDepth+1), pos(1, maxDepth, maxDepth)},
	}
	for _, tt := range tests {
		_, err := parseJSON([]byte(tt.doc))
		if err == nil {
			t.Errorf("parseJSON(%q) accepted", tt.doc)
			continue
		}
		if err.pos != tt.want {
			t.Errorf("parseJSON(%q) error at %+v, want %+v", tt.doc, err.pos, tt.want)
		}
	}
}

func TestSubstringSpan(t *testing.T) {
	t.Parallel()
	doc := []byte(`{"k": "a\u0041😀${x}"}`)
	n, err := parseJSON(doc)
	if err != nil {
		t.Fatal(err.pos)
	}
	v := n.get("k").val // decoded: "aA😀${x}"; ${x} starts at UTF-16 index 4
	got := substringSpan(doc, v, 4, 4)
	want := Span{Start: pos(1, 16, 16), End: pos(1, 20, 20)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("substringSpan (-want +got):\n%s", diff)
	}
}

func TestOptionsValidation(t *testing.T) {
	t.Parallel()
	doc := []byte(`{"Version": "2012-10-17", "Statement": []}`)
	bad := []Options{
		{},
		{PolicyType: "MANAGED_POLICY"},
		{PolicyType: IdentityPolicy, ResourceType: S3Bucket},
		{PolicyType: ResourcePolicy, ResourceType: "AWS::KMS::Key"},
	}
	for _, o := range bad {
		_, err := Validate(doc, o)
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("Validate(%+v) error = %v, want an *InputError", o, err)
		}
	}
	got, err := Validate(doc, Options{PolicyType: ResourcePolicy, ResourceType: DynamoDBTable})
	if err != nil || len(got) != 1 || got[0].IssueCode != "MISSING_STATEMENT" {
		t.Errorf("Validate = %+v, %v; want one MISSING_STATEMENT finding", got, err)
	}
}

func TestInvalidUTF8(t *testing.T) {
	t.Parallel()
	got, err := Validate([]byte("{\"Version\": \"\xff\"}"), Options{PolicyType: IdentityPolicy})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].IssueCode != "JSON_SYNTAX_ERROR" || got[0].FindingDetails != jsonSyntaxShort {
		t.Errorf("findings = %+v, want the short JSON_SYNTAX_ERROR", got)
	}
}
