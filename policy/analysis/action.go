package analysis

import (
	"strings"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
)

// checkActionElement checks Action or NotAction: present, not empty, and every entry an
// action (or action pattern) the Service Authorization Reference knows.
func (c *checker) checkActionElement(st *stmt) {
	if st.actionM == nil {
		c.report("MISSING_ACTION", []Location{st.loc()})
		return
	}
	if st.actionM.val.kind == jArray && len(st.actionM.val.elems) == 0 {
		c.report("EMPTY_ARRAY_ACTION", []Location{valueLoc(st.path, st.actionM)})
	}
	for _, a := range st.actions {
		c.checkAction(a)
	}
}

// checkAction checks one entry of Action or NotAction.
func (c *checker) checkAction(a strVal) {
	if a.text == "*" || hasVariable(a.text) {
		return
	}
	prefix, name, ok := strings.Cut(a.text, ":")
	if !ok || prefix == "" || name == "" || strings.Contains(name, ":") {
		c.report("INVALID_ACTION", []Location{a.loc()}, a.text, "")
		return
	}
	if strings.ContainsAny(prefix, "*?") {
		c.report("WILDCARD_IN_SERVICE_NAME", []Location{a.loc()})
		return
	}
	svc, ok := c.cat.Service(strings.ToLower(prefix))
	if !ok {
		c.report("INVALID_SERVICE_IN_ACTION", []Location{a.loc()}, prefix, didYouMean(suggest(prefix, c.cat.prefixes)))
		return
	}
	if len(c.cat.actions(a.text)) > 0 {
		c.checkOrganizationsAction(a, svc)
		return
	}
	hint := ""
	if !strings.ContainsAny(name, "*?") {
		names := make([]string, len(svc.Actions))
		for i, x := range svc.Actions {
			names[i] = x.Name
		}
		if s := suggest(name, names); s != "" {
			hint = svc.Prefix + ":" + s
		}
	}
	c.report("INVALID_ACTION", []Location{a.loc()}, a.text, didYouMean(hint))
}

func didYouMean(s string) string {
	if s == "" {
		return ""
	}
	return " Did you mean " + s + "?"
}

// checkOrganizationsAction applies the Action rules of SCPs and RCPs to a valid action.
func (c *checker) checkOrganizationsAction(a strVal, svc *authref.ServiceInfo) {
	switch c.opts.PolicyType {
	case ServiceControlPolicy:
		if i := strings.IndexAny(a.text, "*?"); i >= 0 && i != len(a.text)-1 {
			c.report("SCP_SYNTAX_ERROR_ACTION_WILDCARD", []Location{a.loc()}, a.text)
		}
	case ResourceControlPolicy:
		if !svc.SupportsRCP {
			c.report("RCP_SYNTAX_ERROR_ACTION", []Location{a.loc()})
		}
	}
}

// matchedActions returns the catalog actions a statement's Action entries name, or nil for
// NotAction (which names everything else).
func (c *checker) matchedActions(st *stmt) []*authref.ActionInfo {
	if st.notAction {
		return nil
	}
	var out []*authref.ActionInfo
	for _, a := range st.actions {
		out = append(out, c.cat.actions(a.text)...)
	}
	return out
}

// namesAction reports whether the statement's Action (or NotAction, inverted) covers the
// action "service:Name"; wildcard is true when it does only through a wildcard entry.
func (st *stmt) namesAction(action string) (covered, wildcard bool) {
	lower := strings.ToLower(action)
	matched, exact := false, false
	for _, a := range st.actions {
		t := strings.ToLower(a.text)
		if globMatch(t, lower) {
			matched = true
			exact = exact || t == lower
		}
	}
	if st.notAction {
		return !matched, true
	}
	return matched, matched && !exact
}

// isTrustAction reports whether an action names one of the role-assumption actions a trust
// policy grants.
func isTrustAction(a string) bool {
	switch strings.ToLower(a) {
	case "sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity", "sts:tagsession",
		"sts:setsourceidentity", "sts:setcontext":
		return true
	}
	return false
}
