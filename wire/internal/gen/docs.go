package main

import (
	"html"
	"regexp"
	"strings"
)

var (
	blockTag  = regexp.MustCompile(`(?i)</?(p|li|ul|ol|note|br|important|dl|dt|dd|h\d)\b[^>]*>`)
	anyTag    = regexp.MustCompile(`<[^>]*>`)
	spaceRuns = regexp.MustCompile(`\s+`)
)

// abbreviations whose trailing dot does not end a sentence.
var abbreviations = []string{"e.g", "i.e", "etc", "vs", "Inc", "U.S"}

// firstSentence turns a model documentation string (HTML) into its first sentence as plain text.
func firstSentence(doc string) string {
	text := blockTag.ReplaceAllString(doc, " ")
	text = anyTag.ReplaceAllString(text, "")
	text = html.UnescapeString(text)
	text = strings.TrimSpace(spaceRuns.ReplaceAllString(text, " "))
	for i := 0; i < len(text); i++ {
		if text[i] != '.' || (i+1 < len(text) && text[i+1] != ' ') {
			continue
		}
		abbrev := false
		for _, a := range abbreviations {
			abbrev = abbrev || strings.HasSuffix(text[:i], a)
		}
		if !abbrev {
			return text[:i+1]
		}
	}
	return text
}

// comment renders text as a Go comment wrapped at about 110 columns, with the given indentation.
func comment(indent, text string) string {
	if text == "" {
		return ""
	}
	const width = 110
	var b strings.Builder
	line := indent + "//"
	for _, w := range strings.Fields(text) {
		if len(line)+1+len(w) > width && len(line) > len(indent)+2 {
			b.WriteString(line)
			b.WriteByte('\n')
			line = indent + "//"
		}
		line += " " + w
	}
	b.WriteString(line)
	b.WriteByte('\n')
	return b.String()
}
