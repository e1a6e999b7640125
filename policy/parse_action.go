package policy

import (
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
)

// trustActions are the actions a role trust policy may name (evaluation-semantics.md §1.3,
// plus sts:SetContext, which IAM accepts in trust policies for context-aware sessions).
var trustActions = []string{
	"sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity",
	"sts:tagsession", "sts:setsourceidentity", "sts:setcontext",
}

// checkAction applies IAM's rules to an Action or NotAction entry — a vendor prefix, one
// colon, a vendor of letters, digits, '-' and '.' ("Vendor a a is not valid") — and, in role
// trust policies, the sts:AssumeRole* restriction.
// IAM checks every Action entry before any NotAction entry.
func (p *parser) checkAction(v Value, path string, not bool) {
	st := stageAction
	if not {
		st = stageNotAction
	}
	text := v.Text
	if text == "*" {
		if p.kind == RoleTrust && !not {
			p.fail(stageAction, v.Pos, path, msgTrustActions, "")
		}
		return
	}
	vendor, name, ok := strings.Cut(text, ":")
	switch {
	case !ok || vendor == "":
		p.fail(st, v.Pos, path, msgVendor, "%q has no service prefix", text)
		return
	case strings.Contains(name, ":"):
		p.fail(st, v.Pos, path, msgOneColon, "")
		return
	case strings.ContainsAny(vendor, "*?"):
		// evaluation-semantics.md §3.2: Gatehouse rejects a wildcard in the service prefix.
		p.fail(st, v.Pos, path, fmt.Sprintf(msgVendorInvalid, vendor), "the service prefix of %q cannot contain wildcards", text)
		return
	case !isVendor(vendor):
		p.fail(st, v.Pos, path, fmt.Sprintf(msgVendorInvalid, vendor), "a service prefix has letters, digits, '-' and '.'")
		return
	}
	if name == "" {
		p.warnf(v.Pos, path, "%q names no action, so it matches none", text)
	}
	if p.kind == RoleTrust && !not {
		lower := strings.ToLower(text)
		for _, a := range trustActions {
			if arn.Glob(lower, a) {
				return
			}
		}
		p.fail(stageAction, v.Pos, path, msgTrustActions, "%q is not an sts:AssumeRole* action", text)
	}
}

// isVendor reports whether s is made of the characters IAM allows in a service prefix.
func isVendor(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}
