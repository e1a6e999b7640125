package jsonstr

import (
	"bytes"
	"encoding/json"
	"testing"
)

var seeds = []string{"", "plain", "<script>&amp;", "\x00\b\f\n\r\t\x1f\x7f\"\\", "\u2028\u2029", "\xed\xa0\x80", "\xf4\x90\x80\x80", "é\xc3", "日本"}

// TestMinimal pins the wire's escaping: only what JSON requires, \u00XX for other control characters.
func TestMinimal(t *testing.T) {
	for s, want := range map[string]string{
		"<a&b>":           `"<a&b>"`,
		"\b\f\x01":        `"\u0008\u000c\u0001"`,
		"q\"b\\n\nr\rt\t": `"q\"b\\n\nr\rt\t"`,
		"\u2028":          "\"\u2028\"",
		"a\xffb":          `"a\ufffdb"`,
	} {
		if got := string(Append(nil, s, Minimal)); got != want {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}

// FuzzLikeEncodingJSON: any string is escaped byte for byte as encoding/json escapes it.
func FuzzLikeEncodingJSON(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := Append([]byte("x"), s, LikeEncodingJSON); !bytes.Equal(got[1:], want) || got[0] != 'x' {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	})
}

// FuzzMinimal: any string's minimal form is valid JSON that decodes to what encoding/json's form does.
func FuzzMinimal(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got, want string
		if err := json.Unmarshal(Append(nil, s, Minimal), &got); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		m, _ := json.Marshal(s)
		if err := json.Unmarshal(m, &want); err != nil || got != want {
			t.Errorf("%q: decodes to %q, want %q", s, got, want)
		}
	})
}
