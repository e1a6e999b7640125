package policy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseVariable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   seg
		wantN  int
		wantOK bool
	}{
		{"${aws:username}/x", seg{kind: segVar, key: "aws:username", name: "aws:username"}, 15, true},
		{"${AWS:UserName}", seg{kind: segVar, key: "aws:username", name: "AWS:UserName"}, 15, true},
		{"${aws:PrincipalTag/Team}", seg{kind: segVar, key: "aws:principaltag/team", name: "aws:PrincipalTag/Team"}, 24, true},
		{"${*}", seg{kind: segLit, text: "*"}, 4, true},
		{"${?}", seg{kind: segLit, text: "?"}, 4, true},
		{"${$}", seg{kind: segLit, text: "$"}, 4, true},
		{"${aws:username, 'anonymous'}", seg{kind: segVar, key: "aws:username", name: "aws:username", text: "anonymous", hasDefault: true}, 28, true},
		{"${aws:username,'a b'}", seg{kind: segVar, key: "aws:username", name: "aws:username", text: "a b", hasDefault: true}, 21, true},
		{"${aws:username, ''}", seg{kind: segVar, key: "aws:username", name: "aws:username", hasDefault: true}, 19, true},
		{"${aws:username", seg{}, 0, false},
		{"${}", seg{}, 0, false},
		{"${aws:username, anonymous}", seg{}, 0, false},
		{"${aws:username, 'x'", seg{}, 0, false},
		{"${aws:user'name}", seg{}, 0, false},
	}
	for _, tc := range tests {
		got, n, ok := parseVariable(tc.in)
		if ok != tc.wantOK || n != tc.wantN {
			t.Errorf("parseVariable(%q) = n %d ok %v, want n %d ok %v", tc.in, n, ok, tc.wantN, tc.wantOK)
			continue
		}
		if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(seg{})); ok && diff != "" {
			t.Errorf("parseVariable(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestPatternGlob(t *testing.T) {
	t.Parallel()
	ctx := ctxOf(map[string]any{"aws:username": "a.b", "aws:PrincipalTag/team": "blue", "wild": "x*y",
		"empty": "", "multi": []string{"a"}})
	tests := []struct {
		name, pattern, s   string
		vars               bool
		want, wantResolved bool
	}{
		{"literal", "arn:aws:s3:::bkt/key", "arn:aws:s3:::bkt/key", true, true, true},
		{"trailing star fast path", "arn:aws:s3:::bkt/*", "arn:aws:s3:::bkt/a/b", true, true, true},
		{"variable", "arn:aws:s3:::bkt/${aws:username}/*", "arn:aws:s3:::bkt/a.b/file", true, true, true},
		{"variable value is literal", "arn:aws:s3:::bkt/${aws:username}/*", "arn:aws:s3:::bkt/aXb/file", true, false, true},
		{"variable wildcard chars literal", "k/${wild}", "k/xzzy", true, false, true},
		{"variable wildcard chars literal match", "k/${wild}", "k/x*y", true, true, true},
		{"variable name case-insensitive", "team/${AWS:PRINCIPALTAG/TEAM}", "team/blue", true, true, true},
		{"unresolved variable", "bkt/${aws:userid}/*", "bkt/x/y", true, false, false},
		{"multi-valued variable unresolved", "bkt/${multi}", "bkt/a", true, false, false},
		// IAM User Guide, "Policy variables": a key with no value is effectively null (§5).
		{"empty value is no value", "bkt/${empty}x", "bkt/x", true, false, false},
		{"empty value takes the default", "bkt/${empty, 'none'}x", "bkt/nonex", true, true, true},
		{"default when missing", "bkt/${aws:userid, 'none'}/*", "bkt/none/y", true, true, true},
		{"default unused when present", "bkt/${aws:username, 'none'}", "bkt/none", true, false, true},
		{"special star literal", "bkt/a${*}b", "bkt/a*b", true, true, true},
		{"special star not wildcard", "bkt/a${*}b", "bkt/axxb", true, false, true},
		{"special question and dollar", "${?}${$}*", "?$tail", true, true, true},
		{"2008 keeps text literal", "bkt/${aws:username}", "bkt/${aws:username}", false, true, true},
		{"2008 does not substitute", "bkt/${aws:username}", "bkt/a.b", false, false, true},
		{"question multibyte", "bkt/?", "bkt/é", true, true, true},
		{"inner stars", "bkt/*/x/*", "bkt//x/", true, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := compilePattern(tc.pattern, tc.vars, true)
			got, resolved := p.matchGlob(tc.s, ctx, false)
			if got != tc.want || resolved != tc.wantResolved {
				t.Errorf("glob %q ~ %q = %v (resolved %v), want %v (resolved %v)", tc.pattern, tc.s, got, resolved, tc.want, tc.wantResolved)
			}
		})
	}
}

func TestPatternUnresolvedAsStar(t *testing.T) {
	t.Parallel()
	p := compilePattern("arn:aws:s3:::bkt/${aws:username}/*", true, true)
	if m, resolved := p.matchGlob("arn:aws:s3:::bkt/anyone/file", nil, true); !m || resolved {
		t.Errorf("matchGlob(unresolvedAsStar) = %v, %v; want true, false", m, resolved)
	}
	if m, _ := p.matchGlob("arn:aws:s3:::other/anyone/file", nil, true); m {
		t.Error("matchGlob(unresolvedAsStar) matched another bucket")
	}
}

func TestPatternExact(t *testing.T) {
	t.Parallel()
	ctx := ctxOf(map[string]any{"aws:username": "Alice", "aws:PrincipalTag/dept": "eng", "aws:PrincipalTag/team": ""})
	tests := []struct {
		name, pattern, s   string
		fold               bool
		want, wantResolved bool
	}{
		{"literal", "x*", "x*", false, true, true},
		{"literal star is literal", "x*", "xy", false, false, true},
		{"variable", "home/${aws:username}", "home/Alice", false, true, true},
		{"variable case-sensitive", "home/${aws:username}", "home/alice", false, false, true},
		{"variable folded", "HOME/${aws:username}", "home/alice", true, true, true},
		{"two variables", "${aws:username}-${aws:PrincipalTag/dept}", "Alice-eng", false, true, true},
		{"prefix only", "${aws:username}", "Alice2", false, false, true},
		{"unresolved", "${aws:userid}", "", false, false, false},
		{"empty tag has no value", "${aws:PrincipalTag/team}", "", false, false, false},
		{"empty tag takes the default", "${aws:PrincipalTag/team, 'none'}", "none", false, true, true},
		{"fold kelvin sign", "\u212a", "k", true, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := compilePattern(tc.pattern, true, false)
			got, resolved := p.matchExact(tc.s, ctx, tc.fold)
			if got != tc.want || resolved != tc.wantResolved {
				t.Errorf("exact %q = %q (fold %v) = %v (resolved %v), want %v (resolved %v)", tc.pattern, tc.s, tc.fold, got, resolved, tc.want, tc.wantResolved)
			}
		})
	}
}

func TestCompileARNPattern(t *testing.T) {
	t.Parallel()
	if compileARNPattern("arn:aws:iam::*", true) != nil {
		t.Error("a pattern with five components compiled")
	}
	a := compileARNPattern("arn:aws:iam::${aws:x}:role/a:b", true)
	if a == nil {
		t.Fatal("pattern with a variable did not compile")
	}
	ctx := ctxOf(map[string]any{"aws:x": "1:2"})
	// The variable's colon does not split components, so it cannot match an account.
	if a.match("arn:aws:iam::1:2:role/a:b", ctx) {
		t.Error("a colon inside a variable's value was treated as a separator")
	}
	b := compileARNPattern("arn:aws:iam::${aws:PrincipalAccount}:role/*", true)
	if !b.match("arn:aws:iam::123456789012:role/r", ctxOf(map[string]any{"aws:PrincipalAccount": "123456789012"})) {
		t.Error("variable in the account component did not match")
	}
}
