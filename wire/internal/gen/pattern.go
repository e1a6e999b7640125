package main

import (
	"fmt"
	"regexp"
	"strings"
)

// translation is a model pattern (a Java regular expression) rewritten for Go's RE2: a value satisfies
// it when every expression in all matches the whole value and no expression in none matches anywhere.
type translation struct {
	all, none []string
}

// manualTranslations covers model patterns that use Java features RE2 lacks. Each entry is an exact model
// pattern with an equivalent proven by hand; a pattern that is neither here nor translatable fails the
// generator, so no constraint is ever skipped.
var manualTranslations = map[string]translation{
	// CloudTrail PartitionKeyName/PartitionKeyType, the XML character set. In a Java class, the surrogate
	// pair range "\uD800\uDC00-\uDBFF\uDFFF" is the supplementary code points U+10000 to U+10FFFF, which RE2
	// writes directly.
	`[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*`: {
		all: []string{`^(?:[\x{0020}-\x{D7FF}\x{E000}-\x{FFFD}\x{10000}-\x{10FFFF}\t]*)$`},
	},
	// IAM accountAliasType. "-(?!-)" is a hyphen not followed by a hyphen. With the first and last
	// characters alphanumeric, the pattern accepts exactly the strings of 3 to 63 characters of [a-z0-9-]
	// that start and end with [a-z0-9] and contain no "--".
	`^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$`: {
		all:  []string{`^(?:[a-z0-9][a-z0-9-]{1,61}[a-z0-9])$`},
		none: []string{`--`},
	},
}

// translatePattern rewrites a Java pattern for RE2, anchored to match the whole value as Java's
// String.matches does.
func translatePattern(java string) (translation, error) {
	if t, ok := manualTranslations[java]; ok {
		return t, compiles(t)
	}
	var b strings.Builder
	inClass := false
	for i := 0; i < len(java); i++ {
		c := java[i]
		switch {
		case c == '\\':
			if i+1 >= len(java) {
				return translation{}, fmt.Errorf("pattern %q ends with a backslash", java)
			}
			n := java[i+1]
			switch n {
			case 'u':
				if i+6 > len(java) || !isHex(java[i+2:i+6]) {
					return translation{}, fmt.Errorf("pattern %q: bad \\u escape", java)
				}
				b.WriteString(`\x{` + java[i+2:i+6] + `}`)
				i += 5
			case 'Q', 'E', 'G', 'Z', 'R', 'X', 'h', 'H', 'k', 'c', '0':
				return translation{}, fmt.Errorf("pattern %q: Java escape \\%c has no RE2 equivalent", java, n)
			default:
				b.WriteByte('\\')
				b.WriteByte(n)
				i++
			}
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte(c)
			if strings.HasPrefix(java[i+1:], "^") {
				b.WriteByte('^')
				i++
			}
			if strings.HasPrefix(java[i+1:], "]") { // a literal ] first in a class
				b.WriteString(`\]`)
				i++
			}
		case c == '[' && inClass:
			return translation{}, fmt.Errorf("pattern %q: nested character classes (Java union) are not RE2", java)
		case c == '&' && inClass && strings.HasPrefix(java[i:], "&&"):
			return translation{}, fmt.Errorf("pattern %q: class intersection && is not RE2", java)
		case c == ']' && inClass:
			inClass = false
			b.WriteByte(c)
		case c == '(' && strings.HasPrefix(java[i:], "(?") && !inClass:
			rest := java[i+2:]
			if strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, "!") || strings.HasPrefix(rest, "<") ||
				strings.HasPrefix(rest, ">") {
				return translation{}, fmt.Errorf("pattern %q: lookaround and atomic groups are not RE2", java)
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	if inClass {
		return translation{}, fmt.Errorf("pattern %q: unterminated character class", java)
	}
	t := translation{all: []string{`^(?:` + b.String() + `)$`}}
	return t, compiles(t)
}

func compiles(t translation) error {
	for _, s := range append(append([]string{}, t.all...), t.none...) {
		if _, err := regexp.Compile(s); err != nil {
			return fmt.Errorf("translated pattern %q does not compile: %w", s, err)
		}
	}
	return nil
}

func isHex(s string) bool {
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return len(s) > 0
}
