package arn

import "testing"

// FuzzParseARN checks that Parse never panics, that whatever it accepts formats back to the
// same text, and that Match agrees with itself on the accepted ARN.
func FuzzParseARN(f *testing.F) {
	for _, s := range []string{
		"arn:aws:iam::123456789012:user/alice",
		"arn:aws:s3:::bucket/key:with:colons",
		"arn:aws:sts::123456789012:assumed-role/r/s",
		"arn:aws-cn:kms:cn-north-1:123456789012:key/1234",
		"arn:aws:iam::aws:policy/AdministratorAccess",
		"arn:::::", "arn:a:b:c:d:e", ":::::", "arn:aws:iam::123456789012", "\xff:\xfe:::::",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			return
		}
		if a.String() != s {
			t.Fatalf("Parse(%q).String() = %q", s, a.String())
		}
		b, err := Parse(a.String())
		if err != nil || b != a {
			t.Fatalf("reparse of %q = %+v, %v; want %+v", s, b, err, a)
		}
		if !Match(s, s) {
			t.Fatalf("Match(%q, itself) = false", s)
		}
	})
}
