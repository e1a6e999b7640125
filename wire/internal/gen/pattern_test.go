package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/wire/query"
)

func compile(t *testing.T, java string) *query.Pattern {
	t.Helper()
	tr, err := translatePattern(java)
	if err != nil {
		t.Fatalf("translatePattern(%q): %v", java, err)
	}
	return query.MustPattern(java, tr.all, tr.none)
}

func TestTranslatePattern(t *testing.T) {
	t.Parallel()
	tests := []struct {
		java   string
		accept []string
		reject []string
	}{
		{`[\w+=,.@-]+`, []string{"alice", "a+b=c,d.e@f-g_h", "A1"}, []string{"", "a b", "a/b", "é", "a\n"}},
		{`[\u0009\u000A\u000D\u0020-\u00FF]+`, []string{"{\"Version\":\"2012-10-17\"}\n\tx", "ÿ"}, []string{"", "\x01", "Ā"}},
		{`(\u002F)|(\u002F[\u0021-\u007E]+\u002F)`, []string{"/", "/a/b/"}, []string{"", "a/", "/a", "/a b/"}},
		{`[\p{L}\p{Z}\p{N}_.:/=+\-@]+`, []string{"Département 3", "k:v/x=y+z-@"}, []string{"", "a*b", "a#"}},
		{`\d{12}`, []string{"123456789012"}, []string{"12345678901", "1234567890123"}},
		{`^o-[0-9a-z]{10,32}\/r-[0-9a-z]{4,32}[0-9a-z-\/]*`, []string{"o-abcdefghij/r-abcd", "o-abcdefghij/r-abcd/ou-x"}, []string{"o-abc/r-abcd"}},
		{`v[1-9][0-9]*(\.[A-Za-z0-9-]*)?`, []string{"v1", "v12", "v3.x-1"}, []string{"v0", "1", "v1 "}},
		{`[ -~]+`, []string{"abc ~"}, []string{"", "é"}},
	}
	for _, tt := range tests {
		t.Run(tt.java, func(t *testing.T) {
			t.Parallel()
			p := compile(t, tt.java)
			for _, s := range tt.accept {
				if !p.MatchString(s) {
					t.Errorf("%q should match", s)
				}
			}
			for _, s := range tt.reject {
				if p.MatchString(s) {
					t.Errorf("%q should not match", s)
				}
			}
		})
	}
}

func TestTranslatePatternFailsLoudly(t *testing.T) {
	t.Parallel()
	for _, java := range []string{
		`a(?!b)c`,     // lookahead not in the manual table
		`(?<=a)b`,     // lookbehind
		`(?>a)`,       // atomic group
		`\Qa.b\E`,     // quoting
		`[a-z&&[^e]]`, // class intersection
		`[a[bc]]`,     // class union
		`a++`,         // possessive quantifier
		`\p{Alpha}+`,  // Java-only class name
		`[abc`,        // unterminated class
		`\u12`,        // short \u escape
		`abc\`,        // trailing backslash
	} {
		if tr, err := translatePattern(java); err == nil {
			t.Errorf("translatePattern(%q) = %v, want an error", java, tr)
		}
	}
}

// javaAccountAlias matches `^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$` by backtracking, literally as
// Java would, to check the hand translation of accountAliasType.
func javaAccountAlias(s string) bool {
	alnum := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
	if len(s) == 0 || !alnum(s[0]) {
		return false
	}
	var mid func(i, count int) bool
	mid = func(i, count int) bool {
		if count >= 1 && i == len(s)-1 && alnum(s[i]) {
			return true
		}
		if count == 61 || i >= len(s) {
			return false
		}
		if alnum(s[i]) && mid(i+1, count+1) {
			return true
		}
		return s[i] == '-' && (i+1 >= len(s) || s[i+1] != '-') && mid(i+1, count+1)
	}
	return mid(1, 0)
}

func TestManualTranslationAccountAlias(t *testing.T) {
	t.Parallel()
	const java = `^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$`
	p := compile(t, java)
	alphabet := []byte{'a', '0', '-', 'A'}
	var check func(prefix []byte)
	check = func(prefix []byte) {
		s := string(prefix)
		if got, want := p.MatchString(s), javaAccountAlias(s); got != want {
			t.Errorf("%q: translation %v, Java %v", s, got, want)
		}
		if len(prefix) == 7 {
			return
		}
		for _, c := range alphabet {
			check(append(prefix, c))
		}
	}
	check(nil)
	for _, s := range []string{
		"a" + strings.Repeat("b-", 30) + "c", "a" + strings.Repeat("b", 61) + "c", "a" + strings.Repeat("b", 62) + "c",
		"a" + strings.Repeat("-b", 31), "my-company-prod",
	} {
		if got, want := p.MatchString(s), javaAccountAlias(s); got != want {
			t.Errorf("%q (len %d): translation %v, Java %v", s, len(s), got, want)
		}
	}
}

// TestEveryModelPatternTranslates makes sure the models' patterns all compile, including through the
// manual table, so generation cannot skip a constraint.
func TestEveryModelPatternTranslates(t *testing.T) {
	t.Parallel()
	for _, cfg := range services {
		m, err := loadModel("../../models/" + cfg.Model)
		if err != nil {
			t.Fatal(err)
		}
		for name, s := range m.Shapes {
			if s.Pattern == nil {
				continue
			}
			tr, err := translatePattern(*s.Pattern)
			if err != nil {
				t.Errorf("%s %s: %v", cfg.Package, name, err)
				continue
			}
			for _, re := range tr.all {
				if !strings.HasPrefix(re, "^(?:") || !strings.HasSuffix(re, ")$") {
					t.Errorf("%s %s: %q is not anchored", cfg.Package, name, re)
				}
				regexp.MustCompile(re)
			}
		}
	}
}

// TestSurrogatePairClass: Java's surrogate-pair range in CloudTrail's XML-character pattern is the
// supplementary planes, which the translation writes as code points.
func TestSurrogatePairClass(t *testing.T) {
	t.Parallel()
	tr, err := translatePattern(`[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*`)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(tr.all[0])
	for s, want := range map[string]bool{"key name\t": true, "😀 emoji": true, "bell\x07": false, "\uFFFE": false} {
		if got := re.MatchString(s); got != want {
			t.Errorf("%q: match = %v, want %v", s, got, want)
		}
	}
}
