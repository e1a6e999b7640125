package query

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/google/go-cmp/cmp"
)

var (
	testName = StringRule{Length: Length{Min: 1, Max: 64, HasMin: true, HasMax: true},
		Pattern: MustPattern(`[\w+=,.@-]+`, []string{`^(?:[\w+=,.@-]+)$`}, nil)}
	testEnum   = StringRule{Enum: []string{"Active", "Inactive"}}
	testSecret = StringRule{Length: Length{Min: 1, Max: 8, HasMin: true, HasMax: true}, Sensitive: true}
	testRange  = IntRule{Min: 1, Max: 1000, HasMin: true, HasMax: true}
	testTagKey = StringRule{Length: Length{Min: 1, Max: 128, HasMin: true, HasMax: true},
		Pattern: MustPattern(`[\p{L}\p{Z}\p{N}_.:/=+\-@]+`, []string{`^(?:[\p{L}\p{Z}\p{N}_.:/=+\-@]+)$`}, nil)}
)

func TestPathString(t *testing.T) {
	t.Parallel()
	tags := Path{Name: "tags"}
	elem := Path{Up: &tags, Index: 3}
	key := Path{Up: &elem, Name: "key"}
	tests := []struct {
		name string
		p    *Path
		want string
	}{
		{"member", &Path{Name: "userName"}, "userName"},
		{"list element member", &key, "tags.3.member.key"},
		{"nested struct", &Path{Up: &Path{Name: "permissionsBoundary"}, Name: "arn"}, "permissionsBoundary.arn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.p.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestViolationMessages(t *testing.T) {
	t.Parallel()
	node := func(v string) *Node { return &Node{value: v, hasValue: true} }
	tests := []struct {
		name string
		echo bool
		run  func(d *Decoder)
		want []string
	}{
		{
			name: "missing required member, values left out",
			run:  func(d *Decoder) { d.Null(&Path{Name: "userName"}, false) },
			want: []string{"Value at 'userName' failed to satisfy constraint: Member must not be null"},
		},
		{
			name: "missing required member, values quoted",
			echo: true,
			run:  func(d *Decoder) { d.Null(&Path{Name: "roleArn"}, false) },
			want: []string{"Value null at 'roleArn' failed to satisfy constraint: Member must not be null"},
		},
		{
			name: "too long and bad pattern are two violations",
			echo: true,
			run:  func(d *Decoder) { d.CheckString(&Path{Name: "userName"}, strings.Repeat("a", 64)+"!", &testName) },
			want: []string{
				"Value '" + strings.Repeat("a", 64) + "!' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64",
				"Value '" + strings.Repeat("a", 64) + "!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
			},
		},
		{
			name: "empty string is too short and misses a + pattern",
			run:  func(d *Decoder) { d.CheckString(&Path{Name: "userName"}, "", &testName) },
			want: []string{
				"Value at 'userName' failed to satisfy constraint: Member must have length greater than or equal to 1",
				"Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
			},
		},
		{
			name: "union with no member or several members set",
			run: func(d *Decoder) {
				d.Union(&Path{Up: &Path{Name: "policyExclusionList"}, Index: 1}, CountSet(false, false))
				d.Union(&Path{Up: &Path{Name: "policyExclusionList"}, Index: 2}, CountSet(true, false))
				d.Union(&Path{Up: &Path{Name: "policyExclusionList"}, Index: 3}, CountSet(true, true, false))
			},
			want: []string{
				"Value at 'policyExclusionList.1.member' failed to satisfy constraint: Member must have exactly one member set",
				"Value at 'policyExclusionList.3.member' failed to satisfy constraint: Member must have exactly one member set",
			},
		},
		{
			name: "valid string",
			run:  func(d *Decoder) { d.CheckString(&Path{Name: "userName"}, "alice+ops@example.com", &testName) },
		},
		{
			name: "enum",
			echo: true,
			run:  func(d *Decoder) { d.CheckString(&Path{Name: "status"}, "Enabled", &testEnum) },
			want: []string{"Value 'Enabled' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]"},
		},
		{
			name: "sensitive value never quoted",
			echo: true,
			run:  func(d *Decoder) { d.CheckString(&Path{Name: "password"}, "much-too-long", &testSecret) },
			want: []string{"Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 8"},
		},
		{
			name: "length counts UTF-16 units like Java",
			run: func(d *Decoder) {
				d.CheckString(&Path{Name: "s"}, strings.Repeat("é", 8), &testSecret) // 8 units: fine
				d.CheckString(&Path{Name: "s"}, strings.Repeat("😀", 5), &testSecret) // 10 units
			},
			want: []string{"Value at 's' failed to satisfy constraint: Member must have length less than or equal to 8"},
		},
		{
			name: "number out of range is quoted even when strings are not",
			run: func(d *Decoder) {
				if _, ok := d.Int(&Path{Name: "maxItems"}, node("1001"), 32, &testRange); !ok {
					t.Error("1001 should decode")
				}
			},
			want: []string{"Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000"},
		},
		{
			name: "malformed number",
			run: func(d *Decoder) {
				if _, ok := d.Int(&Path{Name: "maxItems"}, node("ten"), 32, &testRange); ok {
					t.Error("ten should not decode")
				}
			},
			want: []string{"Value 'ten' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000"},
		},
		{
			name: "int32 overflow",
			run:  func(d *Decoder) { d.Int(&Path{Name: "n"}, node("2147483648"), 32, &IntRule{Min: 0, HasMin: true}) },
			want: []string{"Value '2147483648' at 'n' failed to satisfy constraint: Member must have value greater than or equal to 0"},
		},
		{
			name: "list of strings reported once with all member constraints",
			run: func(d *Decoder) {
				items := []*Node{node("ok"), node("bad*"), node("")}
				d.Strings(&Path{Name: "tagKeys"}, items, &testTagKey)
			},
			want: []string{"Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [" +
				"Member must have length less than or equal to 128, Member must have length greater than or equal to 1, " +
				`Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+, Member must not be null]`},
		},
		{
			name: "list of strings quoted when echoing",
			echo: true,
			run:  func(d *Decoder) { d.Strings(&Path{Name: "names"}, []*Node{node("a"), node("b!")}, &testName) },
			want: []string{"Value '[a, b!]' at 'names' failed to satisfy constraint: Member must satisfy constraint: [" +
				"Member must have length less than or equal to 64, Member must have length greater than or equal to 1, " +
				`Member must satisfy regular expression pattern: [\w+=,.@-]+, Member must not be null]`},
		},
		{
			name: "list length",
			echo: true,
			run:  func(d *Decoder) { d.CheckLength(&Path{Name: "tags"}, 51, &Length{Max: 50, HasMax: true}) },
			want: []string{"Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50"},
		},
		{
			name: "booleans",
			run: func(d *Decoder) {
				for _, s := range []string{"true", "false", "TRUE", "False"} {
					if _, ok := d.Bool(&Path{Name: "b"}, node(s)); !ok {
						t.Errorf("%q should decode", s)
					}
				}
				d.Bool(&Path{Name: "b"}, node("yes"))
			},
			want: []string{"Value 'yes' at 'b' failed to satisfy constraint: Member must be a boolean"},
		},
		{
			name: "timestamps",
			run: func(d *Decoder) {
				for _, s := range []string{"2026-11-24T10:00:00Z", "2026-11-24T10:00:00.123Z", "2026-11-24T11:00:00+01:00"} {
					if _, ok := d.Time(&Path{Name: "t"}, node(s)); !ok {
						t.Errorf("%q should decode", s)
					}
				}
				d.Time(&Path{Name: "t"}, node("yesterday"))
			},
			want: []string{"Value 'yesterday' at 't' failed to satisfy constraint: Member must be a timestamp in ISO 8601 format"},
		},
		{
			name: "blob",
			run: func(d *Decoder) {
				if b, ok := d.Blob(&Path{Name: "b"}, node("aGk="), &Length{Max: 1, HasMax: true}); !ok || string(b) != "hi" {
					t.Errorf("blob = %q, %v", b, ok)
				}
				d.Blob(&Path{Name: "b"}, node("***"), nil)
			},
			want: []string{
				"Value at 'b' failed to satisfy constraint: Member must have length less than or equal to 1",
				"Value at 'b' failed to satisfy constraint: Member must be base64-encoded",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := NewDecoder(tt.echo)
			tt.run(d)
			if diff := cmp.Diff(tt.want, d.Violations()); diff != "" {
				t.Errorf("violations (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecoderErr(t *testing.T) {
	t.Parallel()
	d := NewDecoder(false)
	if err := d.Err(); err != nil {
		t.Fatalf("no violations: Err() = %v", err)
	}
	d.Null(&Path{Name: "a"}, false)
	var e *awserr.Error
	if err := d.Err(); !errors.As(err, &e) {
		t.Fatalf("Err() = %T, want *awserr.Error", err)
	}
	want := &awserr.Error{Code: "ValidationError", Status: 400, Fault: awserr.Sender,
		Message: "1 validation error detected: Value at 'a' failed to satisfy constraint: Member must not be null"}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("one violation (-want +got):\n%s", diff)
	}
	d.Null(&Path{Name: "b"}, false)
	got := d.Err().(*awserr.Error).Message
	wantMsg := "2 validation errors detected: Value at 'a' failed to satisfy constraint: Member must not be null; " +
		"Value at 'b' failed to satisfy constraint: Member must not be null"
	if got != wantMsg {
		t.Errorf("two violations:\n got %q\nwant %q", got, wantMsg)
	}
}

func TestStringMap(t *testing.T) {
	t.Parallel()
	params, _ := url.ParseQuery("M.entry.1.key=k1&M.entry.1.value=v1&M.entry.2.value=lost&M.entry.3.key=k3&M.entry.3.value=Bad")
	d := NewDecoder(true)
	got := d.StringMap(&Path{Name: "m"}, Parse(params).Child("M").Map("entry", "key", "value", false), nil, &testEnum)
	if diff := cmp.Diff(map[string]string{"k1": "v1", "k3": "Bad"}, got); diff != "" {
		t.Errorf("map (-want +got):\n%s", diff)
	}
	want := []string{
		"Value 'v1' at 'm' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]",
		"Value null at 'm' failed to satisfy constraint: Member must not be null",
		"Value 'Bad' at 'm' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]",
	}
	if diff := cmp.Diff(want, d.Violations()); diff != "" {
		t.Errorf("violations (-want +got):\n%s", diff)
	}
}

func TestPatternNone(t *testing.T) {
	t.Parallel()
	p := MustPattern("alias", []string{`^(?:[a-z0-9][a-z0-9-]{1,61}[a-z0-9])$`}, []string{`--`})
	for s, want := range map[string]bool{"my-alias": true, "my--alias": false, "-x-": false, "ab": false} {
		if got := p.MatchString(s); got != want {
			t.Errorf("MatchString(%q) = %v, want %v", s, got, want)
		}
	}
	if p.String() != "alias" {
		t.Errorf("String() = %q", p.String())
	}
}
