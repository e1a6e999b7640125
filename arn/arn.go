package arn

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxLength caps the ARNs Parse accepts. IAM's longest ARN-typed API members (arnType in the
// IAM API reference) are 2,048 characters; nothing longer is a valid ARN anywhere in Gatehouse.
const MaxLength = 2048

// ARN is a parsed Amazon Resource Name: arn:Partition:Service:Region:AccountID:Resource.
// Resource is everything after the fifth colon and may itself contain ':' and '/'.
type ARN struct {
	Partition string
	Service   string
	Region    string
	AccountID string
	Resource  string
}

// ParseError says why a string is not an ARN.
type ParseError struct {
	Input  string
	Reason string
}

func (e *ParseError) Error() string {
	in := e.Input
	if len(in) > 80 {
		in = in[:80] + "…"
	}
	return fmt.Sprintf("arn: invalid ARN %q: %s", in, e.Reason)
}

// Parse splits s into its six components. It requires the literal "arn" prefix, a non-empty
// partition, service and resource, and valid UTF-8; region and account may be empty (IAM and
// S3 ARNs leave them out). It does not check that the account is 12 digits, because some
// services (aws-managed policies: "arn:aws:iam::aws:policy/…") put other text there.
func Parse(s string) (ARN, error) {
	if len(s) > MaxLength {
		return ARN{}, &ParseError{Input: s, Reason: fmt.Sprintf("longer than %d characters", MaxLength)}
	}
	if !utf8.ValidString(s) {
		return ARN{}, &ParseError{Input: s, Reason: "not valid UTF-8"}
	}
	var parts [6]string
	n := Split(s, &parts)
	if n < 6 {
		return ARN{}, &ParseError{Input: s, Reason: "fewer than six colon-separated components"}
	}
	if parts[0] != "arn" {
		return ARN{}, &ParseError{Input: s, Reason: `does not start with "arn:"`}
	}
	a := ARN{Partition: parts[1], Service: parts[2], Region: parts[3], AccountID: parts[4], Resource: parts[5]}
	switch {
	case a.Partition == "":
		return ARN{}, &ParseError{Input: s, Reason: "empty partition"}
	case a.Service == "":
		return ARN{}, &ParseError{Input: s, Reason: "empty service"}
	case a.Resource == "":
		return ARN{}, &ParseError{Input: s, Reason: "empty resource"}
	}
	return a, nil
}

// Split cuts s at its first five colons into parts and returns how many parts it found
// (6 when s has at least five colons). The last part keeps any further colons. It does not
// allocate, which is why the policy engine uses it on every ArnLike comparison.
func Split(s string, parts *[6]string) int {
	n := 0
	for n < 5 {
		i := strings.IndexByte(s, ':')
		if i < 0 {
			break
		}
		parts[n] = s[:i]
		s = s[i+1:]
		n++
	}
	parts[n] = s
	return n + 1
}

// String formats the ARN in its canonical text form.
func (a ARN) String() string {
	return "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.AccountID + ":" + a.Resource
}

// IsAccountRoot reports whether a names an account's root user (arn:PARTITION:iam::ACCOUNT:root),
// which in a policy's Principal element means the whole account.
func (a ARN) IsAccountRoot() bool {
	return a.Service == "iam" && a.Region == "" && a.Resource == "root" && IsAccountID(a.AccountID)
}

// IsAccountID reports whether s is a 12-digit AWS account ID.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Match reports whether value matches pattern the way IAM's ArnLike and ArnEquals condition
// operators do: both are split at their first five colons into six components, each compared
// separately with '*' (any run of characters) and '?' (one character) as wildcards, so a
// wildcard never crosses a ':' except in the last component. A pattern or value without six
// components matches nothing. Matching is case-sensitive.
func Match(pattern, value string) bool {
	var p, v [6]string
	if Split(pattern, &p) != 6 || Split(value, &v) != 6 {
		return false
	}
	for i := range p {
		if !Glob(p[i], v[i]) {
			return false
		}
	}
	return true
}

// Glob reports whether s matches pattern over the whole string, where '*' matches any run of
// characters (including none) and '?' exactly one character. Characters are Unicode code
// points, so '?' matches one multi-byte character. Every other character, ':' and '/'
// included, matches itself, case-sensitively.
func Glob(pattern, s string) bool {
	px, sx := 0, 0
	starP, starS := -1, 0
	for sx < len(s) {
		if px < len(pattern) {
			switch c := pattern[px]; c {
			case '*':
				starP, starS = px+1, sx
				px++
				continue
			case '?':
				_, n := utf8.DecodeRuneInString(s[sx:])
				px++
				sx += n
				continue
			default:
				if c == s[sx] {
					px++
					sx++
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		// Backtrack: let the last '*' swallow one more character.
		_, n := utf8.DecodeRuneInString(s[starS:])
		starS += n
		px, sx = starP, starS
	}
	for px < len(pattern) && pattern[px] == '*' {
		px++
	}
	return px == len(pattern)
}
