package store

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
)

// TrustPrincipal is an IAM user or role named in a role's trust policy, recorded when the
// policy was written. IAM keeps the unique ID behind every such principal ("When you save
// the policy, AWS transforms the ARN to a unique principal ID", IAM User Guide, Principal
// element), so that deleting and recreating a user or role with the same name does not
// silently grant the newcomer the old one's access.
type TrustPrincipal struct {
	RoleID string
	// Written is the principal as the trust policy names it: an ARN, or a unique ID.
	Written string
	// ID is the unique ID (AIDA…, AROA…) it named when the policy was written.
	ID string
	// CurrentARN is filled on reads: the ARN the entity with ID has now (it changes when a
	// user is renamed or moved), "" when the entity no longer exists.
	CurrentARN string
}

// EffectiveTrustPolicy returns a role's trust policy as IAM shows and evaluates it: every
// recorded principal that no longer exists is replaced by the unique ID it had (which
// matches nobody, and is what IAM displays for it), and one that was renamed or moved by
// its current ARN. Everything else in the document, formatting included, is kept as
// written. ps are the role's recorded principals (Roles.TrustPrincipals).
func EffectiveTrustPolicy(doc string, ps []TrustPrincipal) string {
	var repl map[string]string
	for _, p := range ps {
		to := p.CurrentARN
		if to == "" {
			to = p.ID
		}
		if to == p.Written {
			continue
		}
		if repl == nil {
			repl = make(map[string]string, len(ps))
		}
		repl[p.Written] = to
	}
	if repl == nil {
		return doc
	}
	out, err := replaceAWSPrincipals(doc, repl)
	if err != nil {
		// The document was validated when it was written; one that no longer parses is
		// returned as stored rather than hidden.
		return doc
	}
	return out
}

// replaceAWSPrincipals rewrites the string values of Statement[…].Principal.AWS that repl
// names, splicing the new values into the original text.
func replaceAWSPrincipals(doc string, repl map[string]string) (string, error) {
	type frame struct {
		object  bool
		wantKey bool
		key     string
	}
	type splice struct {
		start, end int
		with       string
	}
	dec := json.NewDecoder(strings.NewReader(doc))
	var stack []frame
	var splices []splice
	// inAWS reports whether a value at the top of stack sits under Statement → Principal →
	// AWS (arrays in between are transparent).
	inAWS := func() bool {
		var keys []string
		for _, f := range stack {
			if f.object {
				keys = append(keys, f.key)
			}
		}
		return len(keys) == 3 && keys[0] == "Statement" && keys[1] == "Principal" && keys[2] == "AWS"
	}
	// valueDone marks the current object member's value as complete.
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].wantKey = true
		}
	}
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF && len(stack) == 0 {
			break
		}
		if err == io.EOF {
			return "", io.ErrUnexpectedEOF
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, frame{object: true, wantKey: true})
			case '[':
				stack = append(stack, frame{})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
		case string:
			if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].wantKey {
				stack[n-1].key, stack[n-1].wantKey = t, false
				continue
			}
			if to, ok := repl[t]; ok && inAWS() {
				end := int(dec.InputOffset())
				start := int(before) + strings.IndexByte(doc[before:end], '"')
				var b bytes.Buffer
				enc := json.NewEncoder(&b)
				enc.SetEscapeHTML(false)
				if err := enc.Encode(to); err != nil {
					return "", err
				}
				splices = append(splices, splice{start, end, strings.TrimSuffix(b.String(), "\n")})
			}
			valueDone()
		default:
			valueDone()
		}
	}
	var b strings.Builder
	b.Grow(len(doc))
	at := 0
	for _, s := range splices {
		b.WriteString(doc[at:s.start])
		b.WriteString(s.with)
		at = s.end
	}
	b.WriteString(doc[at:])
	return b.String(), nil
}
