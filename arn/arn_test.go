package arn

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    ARN
		wantErr string
	}{
		{name: "iam user with path", in: "arn:aws:iam::123456789012:user/division/alice",
			want: ARN{Partition: "aws", Service: "iam", AccountID: "123456789012", Resource: "user/division/alice"}},
		{name: "s3 object keeps colons in resource", in: "arn:aws:s3:::bucket/a:b:c",
			want: ARN{Partition: "aws", Service: "s3", Resource: "bucket/a:b:c"}},
		{name: "regional", in: "arn:aws-cn:sqs:cn-north-1:123456789012:queue",
			want: ARN{Partition: "aws-cn", Service: "sqs", Region: "cn-north-1", AccountID: "123456789012", Resource: "queue"}},
		{name: "aws managed policy account", in: "arn:aws:iam::aws:policy/ReadOnlyAccess",
			want: ARN{Partition: "aws", Service: "iam", AccountID: "aws", Resource: "policy/ReadOnlyAccess"}},
		{name: "too few components", in: "arn:aws:iam::123456789012", wantErr: "fewer than six"},
		{name: "wrong scheme", in: "urn:aws:iam::123456789012:root", wantErr: `start with "arn:"`},
		{name: "empty partition", in: "arn::iam::123456789012:root", wantErr: "empty partition"},
		{name: "empty service", in: "arn:aws:::123456789012:root", wantErr: "empty service"},
		{name: "empty resource", in: "arn:aws:iam::123456789012:", wantErr: "empty resource"},
		{name: "invalid utf8", in: "arn:aws:iam::123456789012:user/\xff", wantErr: "UTF-8"},
		{name: "too long", in: "arn:aws:s3:::" + strings.Repeat("x", MaxLength), wantErr: "longer than"},
		{name: "empty", in: "", wantErr: "fewer than six"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tc.in)
			if tc.wantErr != "" {
				var pe *ParseError
				if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Parse(%q) error = %v, want a *ParseError containing %q", tc.in, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tc.in, diff)
			}
			if s := got.String(); s != tc.in {
				t.Errorf("String() = %q, want %q", s, tc.in)
			}
		})
	}
}

func TestIsAccountRoot(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want bool
	}{
		{"arn:aws:iam::123456789012:root", true},
		{"arn:aws-us-gov:iam::123456789012:root", true},
		{"arn:aws:iam::123456789012:user/root", false},
		{"arn:aws:sts::123456789012:root", false},
		{"arn:aws:iam::12345678901:root", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			a, err := Parse(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := a.IsAccountRoot(); got != tc.want {
				t.Errorf("IsAccountRoot() = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestIsAccountID(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"123456789012": true, "000000000000": true, "12345678901": false, "1234567890123": false,
		"12345678901a": false, "": false, "１23456789012": false,
	}
	for in, want := range tests {
		if got := IsAccountID(in); got != want {
			t.Errorf("IsAccountID(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestGlob(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, pattern, s string
		want             bool
	}{
		{"star matches all", "*", "anything:at/all", true},
		{"star matches empty", "*", "", true},
		{"empty pattern", "", "", true},
		{"empty pattern vs text", "", "x", false},
		{"question one char", "a?c", "abc", true},
		{"question not zero", "a?c", "ac", false},
		{"question multibyte", "a?c", "aéc", true},
		{"inner star", "bkt/*/x/*", "bkt/a/b/x/c", true},
		{"inner star empty segments", "bkt/*/x/*", "bkt//x/", true},
		{"inner star no match", "bkt/*/x/*", "bkt/a-x/c", false},
		{"several stars", "*a*b*c*", "xxaxxbxxcxx", true},
		{"several stars order", "*a*b*c*", "cba", false},
		{"case sensitive", "Bucket", "bucket", false},
		{"backtracking", "*ab", "aab", true},
		{"trailing stars", "abc**", "abc", true},
		{"literal after star", "*.txt", "a.txt.gz", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Glob(tc.pattern, tc.s); got != tc.want {
				t.Errorf("Glob(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, pattern, value string
		want                 bool
	}{
		{"exact", "arn:aws:iam::123456789012:role/r", "arn:aws:iam::123456789012:role/r", true},
		{"wildcard resource", "arn:aws:iam::123456789012:role/*", "arn:aws:iam::123456789012:role/a/b", true},
		{"star cannot cross colon", "arn:aws:svc:*:123456789012:thing/*", "arn:aws:svc:us-east-1:999999999999:x:123456789012:thing/a", false},
		{"star in region", "arn:aws:svc:*:123456789012:thing/*", "arn:aws:svc:us-east-1:123456789012:thing/a", true},
		{"empty component matched by star", "arn:aws:iam:*:*:user/*", "arn:aws:iam::123456789012:user/bob", true},
		{"last component crosses colons", "arn:aws:logs:*:*:log-group:*", "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s", true},
		{"value too short", "arn:aws:iam::*:*", "arn:aws:iam::1", false},
		{"pattern too short", "arn:aws:iam::*", "arn:aws:iam::123456789012:root", false},
		{"case sensitive", "arn:aws:iam::123456789012:role/R", "arn:aws:iam::123456789012:role/r", false},
		{"question per component", "arn:aws:iam::12345678901?:root", "arn:aws:iam::123456789012:root", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Match(tc.pattern, tc.value); got != tc.want {
				t.Errorf("Match(%q, %q) = %v, want %v", tc.pattern, tc.value, got, tc.want)
			}
		})
	}
}
