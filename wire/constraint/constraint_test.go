package constraint

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestKinds: every check records its kind beside AWS's message, so a service can map violations to its
// own error (Organizations' InvalidInputException reasons).
func TestKinds(t *testing.T) {
	t.Parallel()
	c := &Checker{EchoValues: true}
	name := &StringRule{Length: Length{Min: 2, Max: 4, HasMin: true, HasMax: true},
		Pattern: MustPattern(`[a-z]+`, []string{`^(?:[a-z]+)$`}, nil), Enum: []string{"ab", "cd"}}
	p := &Path{Name: "name"}
	c.CheckString(p, "ABCDE", name)
	c.CheckString(p, "x", nil2(name))
	c.Null(&Path{Up: &Path{Name: "tags"}, Index: 2}, false)
	c.CheckRange(&Path{Name: "n"}, 0, &IntRule{Min: 1, HasMin: true})
	c.CheckRange(&Path{Name: "n"}, 9, &IntRule{Max: 5, HasMax: true})
	c.CheckStrings(&Path{Name: "keys"}, []string{"ab", "Z"}, name)
	c.Union(&Path{Name: "u"}, CountSet(true, true))
	var got []Kind
	for _, v := range c.Violations() {
		got = append(got, v.Kind)
	}
	want := []Kind{KindMaxLength, KindPattern, KindEnum, KindMinLength, KindRequired, KindMinValue, KindMaxValue,
		KindListMember, KindUnion}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("kinds (-want +got):\n%s", diff)
	}
	if v := c.Violations()[4]; v.Path != "tags.2.member" || v.Message != "Value null at 'tags.2.member' failed to satisfy constraint: Member must not be null" {
		t.Errorf("violation %+v", v)
	}
	if s := Summary(c.Violations()[:1]); !strings.HasPrefix(s, "1 validation error detected: Value 'ABCDE' at 'name'") {
		t.Errorf("summary %q", s)
	}
}

// nil2 keeps only the length of a rule.
func nil2(r *StringRule) *StringRule { return &StringRule{Length: r.Length} }

func TestCharLenCountsUTF16(t *testing.T) {
	t.Parallel()
	if n := CharLen("é😀"); n != 3 {
		t.Errorf("CharLen = %d, want 3", n)
	}
}
