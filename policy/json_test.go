package policy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseJSONValues(t *testing.T) {
	t.Parallel()
	n, err := parseJSON([]byte(" {\"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\\n\\ud83d\\ude00\"],\n  \"b\": {}} "))
	if err != nil {
		t.Fatalf("parseJSON: %s at %v", err.msg, err.pos)
	}
	a := n.member("a").val
	var got []string
	for _, e := range a.elems {
		got = append(got, e.kind.String()+"="+e.text)
	}
	want := []string{"a number=1", "a number=-2.5e3", "a Boolean=true", "a Boolean=false", "null=", "a string=xé\n😀"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("array elements (-want +got):\n%s", diff)
	}
	b := n.member("b")
	if b.keyPos.String() != "2:3" || b.keyPos.Offset != 66 {
		t.Errorf("position of key b = %+v, want 2:3 offset 66", b.keyPos)
	}
}

func TestParseJSONPositionsCountCharacters(t *testing.T) {
	t.Parallel()
	n, err := parseJSON([]byte(`{"é": "ü", "k": 1}`))
	if err != nil {
		t.Fatal(err.msg)
	}
	if got := n.member("k").keyPos; got.Line != 1 || got.Col != 12 {
		t.Errorf("key k at %v, want 1:12 (columns count characters, not bytes)", got)
	}
}

func TestParseJSONErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, msg string
		pos           string
	}{
		{"empty", "", "unexpected end of input", "1:1"},
		{"trailing comma object", `{"a": 1,}`, "expecting a string key", "1:9"},
		{"trailing comma array", `[1,]`, "expecting a value", "1:4"},
		{"duplicate key", "{\"a\": 1,\n \"a\": 2}", `duplicate key "a"`, "2:2"},
		{"duplicate key in large object", `{"a1":1,"a2":2,"a3":3,"a4":4,"a5":5,"a6":6,"a7":7,"a8":8,"a9":9,"a3":0}`, `duplicate key "a3"`, "1:65"},
		{"single quotes", `{'a': 1}`, "expecting a string key", "1:2"},
		{"comment", `{"a": 1 /* c */}`, "expecting ',' or '}'", "1:9"},
		{"leading zero", `[01]`, "expecting ',' or ']'", "1:3"},
		{"bare minus", `[-]`, "expecting a digit", "1:3"},
		{"fraction without digits", `[1.]`, "after '.'", "1:4"},
		{"exponent without digits", `[1e+]`, "in the exponent", "1:5"},
		{"NaN", `[NaN]`, "expecting a value", "1:2"},
		{"unterminated string", `{"a": "b`, "unterminated string", "1:9"},
		{"control character", "[\"a\tb\"]", "control character", "1:4"},
		{"bad escape", `["\x"]`, "invalid escape", "1:3"},
		{"bad unicode escape", `["\u12G4"]`, `invalid \u escape`, "1:3"},
		{"missing colon", `{"a" 1}`, "expecting ':'", "1:6"},
		{"trailing content", `{} {}`, "after the top-level value", "1:4"},
		{"invalid UTF-8", "{\"a\": \"\xff\"}", "invalid UTF-8", "1:8"},
		{"truncated literal", `[tru]`, "expecting a value", "1:2"},
		{"too deep", strings.Repeat("[", MaxNesting+1) + strings.Repeat("]", MaxNesting+1), "nesting deeper", "1:17"},
		{"too large", `"` + strings.Repeat("x", MaxDocumentBytes) + `"`, "larger than", "1:1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseJSON([]byte(tc.in))
			if err == nil {
				t.Fatalf("parseJSON(%q) succeeded, want error %q", tc.in, tc.msg)
			}
			if !strings.Contains(err.msg, tc.msg) || err.pos.String() != tc.pos {
				t.Errorf("parseJSON(%q) error = %v: %s, want %s: …%s…", tc.in, err.pos, err.msg, tc.pos, tc.msg)
			}
		})
	}
}

func TestParseJSONLoneSurrogate(t *testing.T) {
	t.Parallel()
	n, err := parseJSON([]byte(`["\ud800x", "\udc00"]`))
	if err != nil {
		t.Fatal(err.msg)
	}
	if n.elems[0].text != "\uFFFDx" || n.elems[1].text != "\uFFFD" {
		t.Errorf("lone surrogates decoded to %q, %q; want U+FFFD", n.elems[0].text, n.elems[1].text)
	}
}

func TestPosAt(t *testing.T) {
	t.Parallel()
	data := []byte("ab\ncé\nx")
	if got := posAt(data, 6); got != (Pos{Line: 2, Col: 3, Offset: 6}) {
		t.Errorf("posAt = %+v, want 2:3", got)
	}
}
