package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// The documents whose links must work in a clone of the repository: the README and docs/.
var linkedDocs = []string{"README.md", "docs/*.md"}

var (
	// mdLink is an inline Markdown link or image, [text](target) or [text](target "title").
	mdLink = regexp.MustCompile(`!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
	// refLink is a reference definition, [label]: target.
	refLink = regexp.MustCompile(`(?m)^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$`)
	// htmlLink is an href or src in inline HTML.
	htmlLink = regexp.MustCompile(`(?:href|src)="([^"]+)"`)
	// fence opens or closes a fenced code block.
	fence = regexp.MustCompile("^\\s*(```|~~~)")
)

// TestDocLinks follows every relative link of the README and docs/ — to a file or directory of
// the repository, and to a heading anchor in the same or another Markdown file — so that they
// work on a clone, not only on a web page. Links with a scheme (https:, mailto:) are not
// followed: no test may need the internet.
func TestDocLinks(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	var docs []string
	for _, pattern := range linkedDocs {
		m, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, m...)
	}
	if len(docs) < 2 {
		t.Fatalf("found %d documents, want the README and docs/", len(docs))
	}
	anchors := map[string]map[string]bool{}
	anchorsOf := func(path string) map[string]bool {
		if a, ok := anchors[path]; ok {
			return a
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		anchors[path] = headingAnchors(string(b))
		return anchors[path]
	}
	links := 0
	for _, doc := range docs {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, doc)
		for _, l := range docLinks(string(b)) {
			if strings.Contains(l.target, "://") || strings.HasPrefix(l.target, "mailto:") {
				continue
			}
			links++
			file, frag, _ := strings.Cut(l.target, "#")
			target := doc
			if file != "" {
				if strings.HasPrefix(file, "/") {
					t.Errorf("%s:%d: link %q is absolute; on a clone it points outside the repository", rel, l.line, l.target)
					continue
				}
				target = filepath.Join(filepath.Dir(doc), filepath.FromSlash(file))
				if r, err := filepath.Rel(root, target); err != nil || strings.HasPrefix(r, "..") {
					t.Errorf("%s:%d: link %q leaves the repository", rel, l.line, l.target)
					continue
				}
				if _, err := os.Stat(target); err != nil {
					t.Errorf("%s:%d: link %q: %v", rel, l.line, l.target, err)
					continue
				}
			}
			if frag != "" && strings.HasSuffix(strings.ToLower(target), ".md") && !anchorsOf(target)[frag] {
				t.Errorf("%s:%d: link %q: no heading with the anchor #%s", rel, l.line, l.target, frag)
			}
		}
	}
	if links == 0 {
		t.Errorf("no relative links found: the link patterns are broken")
	}
}

type docLink struct {
	line   int
	target string
}

// docLinks finds the link targets of a Markdown text outside code blocks and code spans.
func docLinks(text string) []docLink {
	var out []docLink
	inFence := false
	for i, line := range strings.Split(text, "\n") {
		if fence.MatchString(line) {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		line = stripCodeSpans(line)
		for _, re := range []*regexp.Regexp{mdLink, refLink, htmlLink} {
			for _, m := range re.FindAllStringSubmatch(line, -1) {
				out = append(out, docLink{i + 1, m[1]})
			}
		}
	}
	return out
}

// stripCodeSpans removes `code spans`, whose brackets are not links.
func stripCodeSpans(line string) string {
	var b strings.Builder
	in := false
	for _, part := range strings.SplitAfter(line, "`") {
		if !in {
			b.WriteString(strings.TrimSuffix(part, "`"))
		}
		if strings.HasSuffix(part, "`") {
			in = !in
		}
	}
	return b.String()
}

// headingAnchors returns the anchors GitHub gives a document's headings: lower-cased, characters
// other than letters, digits, spaces, '-' and '_' dropped, spaces turned to '-', and a repeated
// anchor numbered -1, -2, …; plus explicit <a name="…"> and id="…" anchors.
func headingAnchors(text string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	inFence := false
	for _, line := range strings.Split(text, "\n") {
		if fence.MatchString(line) {
			inFence = !inFence
			continue
		}
		for _, m := range regexp.MustCompile(`(?:name|id)="([^"]+)"`).FindAllStringSubmatch(line, -1) {
			out[m[1]] = true
		}
		if inFence || !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.TrimSpace(strings.TrimLeft(line, "#"))
		title = strings.ReplaceAll(title, "`", "")
		var slug strings.Builder
		for _, r := range strings.ToLower(title) {
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
				slug.WriteRune(r)
			case r == ' ':
				slug.WriteRune('-')
			}
		}
		s := slug.String()
		if n := seen[s]; n > 0 {
			out[s+"-"+itoa(n)] = true
		} else {
			out[s] = true
		}
		seen[s]++
	}
	return out
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func TestHeadingAnchors(t *testing.T) {
	t.Parallel()
	got := headingAnchors("# Gatehouse\n## Backup and restore\n## The `policy` engine, on the CLI!\n## Backup and restore\n```\n# not a heading\n```\n<a name=\"custom\"></a>\n")
	for _, want := range []string{"gatehouse", "backup-and-restore", "the-policy-engine-on-the-cli", "backup-and-restore-1", "custom"} {
		if !got[want] {
			t.Errorf("no anchor %q in %v", want, got)
		}
	}
	if got["not-a-heading"] {
		t.Errorf("a line in a code block became a heading")
	}
	links := docLinks("see [a](docs/a.md#x) and `[b](not/a/link)`\n```\n[c](nor/this)\n```\n[ref]: ../up.md\n<a href=\"x.md\">x</a>\n")
	var targets []string
	for _, l := range links {
		targets = append(targets, l.target)
	}
	if strings.Join(targets, " ") != "docs/a.md#x ../up.md x.md" {
		t.Errorf("links = %q", targets)
	}
}
