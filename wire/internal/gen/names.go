package main

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// exported is a model name as a Go identifier: the first letter upper-cased ("accessKeyMetadataListType"
// becomes AccessKeyMetadataListType). Model names are already Go-safe; anything else fails the generator.
func exported(name string) (string, error) {
	r, n := utf8.DecodeRuneInString(name)
	if n == 0 {
		return "", fmt.Errorf("empty name")
	}
	id := string(unicode.ToUpper(r)) + name[n:]
	for _, r := range id {
		if !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) || r > unicode.MaxASCII {
			return "", fmt.Errorf("name %q is not a Go identifier", name)
		}
	}
	return id, nil
}

// pathName is a member's name in AWS's validation messages: the first letter lower-cased
// ("UserName" is reported at 'userName').
func pathName(name string) string {
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToLower(r)) + name[n:]
}

// enumConst names an enum value's constant: the type name followed by the value's words, each
// capitalised ("statusType" "Active" → StatusTypeActive, "ReportFormatType" "text/csv" →
// ReportFormatTypeTextCsv, "SERVICE_LEVEL" → ServiceLevel).
func enumConst(typeName, value string) (string, error) {
	words := strings.FieldsFunc(value, func(r rune) bool {
		return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	})
	var b strings.Builder
	b.WriteString(typeName)
	for _, w := range words {
		if strings.ToUpper(w) == w {
			w = strings.ToLower(w)
		}
		b.WriteString(strings.ToUpper(w[:1]))
		b.WriteString(w[1:])
	}
	if len(words) == 0 {
		return "", fmt.Errorf("enum %s: value %q has no letters or digits", typeName, value)
	}
	return b.String(), nil
}
