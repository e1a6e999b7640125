package analysis

import (
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/policy"
)

// contextKeys returns the context keys a policy document references, as
// GetContextKeysFor*Policy list them: for each statement in order, the policy variables of its
// Resource or NotResource, then for each condition its key and the variables of its values.
// Observed from AWS: keys keep their spelling; identical keys are listed once per document
// (but again for each further document); variables count only under Version 2012-10-17, and
// their defaults and the literals ${*}, ${?} and ${$} count too; variables in Action and
// Principal do not. ok is false for a document AWS rejects with InvalidInput even here: one
// that is not JSON, or has an unknown element or condition operator. Other grammar problems
// are tolerated, since the operation only reads the document.
func contextKeys(text string) (keys []string, ok bool) {
	doc, err := policy.Parse([]byte(text), policy.Identity)
	if doc == nil {
		return nil, false
	}
	var ve *policy.ValidationError
	if errors.As(err, &ve) {
		for _, pr := range ve.Problems {
			if pr.Severity == policy.Error && (strings.HasPrefix(pr.Detail, "unknown element") ||
				strings.HasPrefix(pr.Detail, "unknown condition operator")) {
				return nil, false
			}
		}
	}
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	vars := doc.Version == policy.Version2012
	for _, st := range doc.Statements {
		if vars {
			for _, r := range st.Resources {
				for _, v := range variables(r.Text) {
					add(v)
				}
			}
		}
		for _, c := range st.Conditions {
			add(c.Key)
			if !vars {
				continue
			}
			for _, val := range c.Values {
				for _, v := range variables(val.Text) {
					add(v)
				}
			}
		}
	}
	return keys, true
}

// variables returns the keys of the policy variables in s: ${key} and ${key, 'default'}.
func variables(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return out
		}
		s = s[i+2:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			return out
		}
		body := s[:j]
		s = s[j+1:]
		if k, _, found := strings.Cut(body, ","); found {
			body = k
		}
		if key := strings.TrimSpace(body); key != "" {
			out = append(out, key)
		}
	}
}
