package policy

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
)

// ReplaceAWSPrincipals rewrites the string values of Statement[…].Principal.AWS that repl
// names (old text → new text), splicing the new values into the original document, so that
// everything else — formatting included — is kept as written. IAM shows and evaluates role
// trust policies this way once a principal they name is deleted or renamed (IAM User Guide,
// "AWS JSON policy elements: Principal": the ARN becomes the principal's unique ID).
func ReplaceAWSPrincipals(doc string, repl map[string]string) (string, error) {
	r := principalRewriter{doc: doc, repl: repl, dec: json.NewDecoder(strings.NewReader(doc))}
	if err := r.scan(); err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(doc))
	at := 0
	for _, s := range r.splices {
		b.WriteString(doc[at:s.start])
		b.WriteString(s.with)
		at = s.end
	}
	b.WriteString(doc[at:])
	return b.String(), nil
}

// principalRewriter walks a document's tokens, keeping the path of object keys to the
// current value, and records where the replaced strings lie.
type principalRewriter struct {
	doc     string
	repl    map[string]string
	dec     *json.Decoder
	stack   []rewriteFrame
	splices []rewriteSplice
}

type rewriteFrame struct {
	object  bool
	wantKey bool
	key     string
}

type rewriteSplice struct {
	start, end int
	with       string
}

func (r *principalRewriter) scan() error {
	for {
		before := r.dec.InputOffset()
		tok, err := r.dec.Token()
		switch {
		case err == io.EOF && len(r.stack) == 0:
			return nil
		case err == io.EOF:
			return io.ErrUnexpectedEOF
		case err != nil:
			return err
		}
		switch t := tok.(type) {
		case json.Delim:
			r.delim(t)
		case string:
			if err := r.str(t, int(before)); err != nil {
				return err
			}
		default:
			r.valueDone()
		}
	}
}

func (r *principalRewriter) delim(d json.Delim) {
	switch d {
	case '{':
		r.stack = append(r.stack, rewriteFrame{object: true, wantKey: true})
	case '[':
		r.stack = append(r.stack, rewriteFrame{})
	default:
		r.stack = r.stack[:len(r.stack)-1]
		r.valueDone()
	}
}

// str handles a string token that began at or after offset before: an object key, or a value
// to replace when it sits under Statement → Principal → AWS.
func (r *principalRewriter) str(s string, before int) error {
	if n := len(r.stack); n > 0 && r.stack[n-1].object && r.stack[n-1].wantKey {
		r.stack[n-1].key, r.stack[n-1].wantKey = s, false
		return nil
	}
	defer r.valueDone()
	to, ok := r.repl[s]
	if !ok || !r.inAWSPrincipal() {
		return nil
	}
	end := int(r.dec.InputOffset())
	start := before + strings.IndexByte(r.doc[before:end], '"')
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(to); err != nil {
		return err
	}
	r.splices = append(r.splices, rewriteSplice{start, end, strings.TrimSuffix(b.String(), "\n")})
	return nil
}

// inAWSPrincipal reports whether the current value sits under Statement → Principal → AWS
// (arrays in between are transparent).
func (r *principalRewriter) inAWSPrincipal() bool {
	want := [...]string{"Statement", "Principal", "AWS"}
	n := 0
	for _, f := range r.stack {
		if !f.object {
			continue
		}
		if n == len(want) || f.key != want[n] {
			return false
		}
		n++
	}
	return n == len(want)
}

// valueDone marks the current object member's value as complete.
func (r *principalRewriter) valueDone() {
	if n := len(r.stack); n > 0 && r.stack[n-1].object {
		r.stack[n-1].wantKey = true
	}
}
