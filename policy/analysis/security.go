package analysis

import "strings"

// privilegedAction is an action whose broad grant the reference warns about, with the
// condition key that scopes it and its issue codes for each way of being broad.
type privilegedAction struct {
	action, scopeKey string
	// codes, in the order: exact action with a wildcard resource, wildcard action with a
	// wildcard resource, NotAction with a wildcard resource, exact action with NotResource,
	// wildcard action with NotResource, NotAction with NotResource.
	codes [6]string
}

var privilegedActions = []privilegedAction{
	{"iam:PassRole", "iam:PassedToService", [6]string{"PASS_ROLE_WITH_STAR_IN_RESOURCE", "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
		"PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION", "PASS_ROLE_WITH_NOT_RESOURCE",
		"PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE"}},
	{"iam:CreateServiceLinkedRole", "iam:AWSServiceName", [6]string{"CREATE_SLR_WITH_STAR_IN_RESOURCE",
		"CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE", "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
		"CREATE_SLR_WITH_NOT_RESOURCE", "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
		"CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE"}},
}

// checkPassRole reports identity-policy Allow statements that let their principal pass
// any role (iam:PassRole) or create any service-linked role, unless scoped by the
// action's condition key.
func (c *checker) checkPassRole(st *stmt) {
	if c.opts.PolicyType != IdentityPolicy || !st.allow() || st.resourceM == nil {
		return
	}
	for _, pa := range privilegedActions {
		covered, wildcard := st.namesAction(pa.action)
		if !covered || st.hasAnyKey([]string{pa.scopeKey}) {
			continue
		}
		actionLocs := c.actionsCovering(st, pa.action)
		var resLocs []Location
		row := 0
		if st.notResource {
			row = 3
			resLocs = []Location{valueLoc(st.path, st.resourceM)}
		} else {
			for _, r := range st.resources {
				if broadRoleResource(r.text) {
					resLocs = append(resLocs, r.loc())
				}
			}
			if len(resLocs) == 0 {
				continue
			}
		}
		switch {
		case st.notAction:
			row += 2
		case wildcard:
			row++
		}
		c.report(pa.codes[row], append(actionLocs, resLocs...))
	}
}

// actionsCovering locates the Action entries that name action (all of NotAction).
func (c *checker) actionsCovering(st *stmt, action string) []Location {
	if st.notAction {
		return []Location{valueLoc(st.path, st.actionM)}
	}
	var out []Location
	lower := strings.ToLower(action)
	for _, a := range st.actions {
		if globMatch(strings.ToLower(a.text), lower) {
			out = append(out, a.loc())
		}
	}
	return out
}

// broadRoleResource reports a Resource entry that matches every role, or every role of an
// account: "*", or an IAM ARN whose role name starts with a wildcard. A role name with a
// literal prefix (arn:aws:iam::*:role/Service*) names a family of roles, as services name
// theirs, and is not reported.
func broadRoleResource(r string) bool {
	if r == "*" {
		return true
	}
	f := splitARN(r)
	if len(f) < 6 || !globMatch(f[2], "iam") {
		return false
	}
	res := f[5]
	if res == "" || res[0] == '*' {
		return true
	}
	name, ok := strings.CutPrefix(res, "role/")
	return ok && (name == "" || name[0] == '*')
}
