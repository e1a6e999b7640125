package identity

import (
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
)

// EffectiveTrustPolicy returns a role's trust policy as IAM shows and evaluates it: every
// recorded principal that no longer exists is replaced by the unique ID it had (which
// matches nobody, and is what IAM displays for it), and one that was renamed or moved by
// its current ARN. Everything else in the document, formatting included, is kept as
// written. ps are the role's recorded principals (Roles.TrustPrincipals).
func EffectiveTrustPolicy(doc string, ps []store.TrustPrincipal) string {
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
	out, err := policy.ReplaceAWSPrincipals(doc, repl)
	if err != nil {
		// The document was validated when it was written; one that no longer parses is
		// returned as stored rather than hidden.
		return doc
	}
	return out
}
