package analysis

import (
	"strings"
)

// checkTrust runs the checks of role trust statements and of service principals in
// resource policies.
func (c *checker) checkTrust(st *stmt) {
	if c.opts.PolicyType != ResourcePolicy {
		return
	}
	ps := c.principals(st)
	if !c.trustStatement(st) {
		if st.allow() && !st.notPrincipal {
			c.checkServicePrincipals(st, ps)
		}
		return
	}
	if st.notPrincipal {
		return
	}
	c.checkMismatchedActions(st, ps)
	c.checkTrustConditionActions(st)
	c.checkRedundantAssumedRoles(ps)
	if !st.allow() {
		return
	}
	for _, p := range ps {
		switch {
		case p.key == "Service" && p.text == "rolesanywhere.amazonaws.com":
			c.checkRolesAnywhere(st)
		case p.key == "Federated":
			c.checkOIDCConditions(st, p)
		}
	}
}

// mismatched reports whether principal p cannot use trust action a.
func mismatched(a string, p principalVal) bool {
	switch strings.ToLower(a) {
	case "sts:assumerole":
		return p.key == "Federated"
	case "sts:assumerolewithsaml":
		return p.key != "Federated" || !samlProvider(p.text)
	case "sts:assumerolewithwebidentity":
		return p.key != "Federated" || oidcProvider(p.text) == ""
	}
	return false
}

func (c *checker) checkMismatchedActions(st *stmt, ps []principalVal) {
	for _, a := range st.actions {
		var names []string
		var locs []Location
		for _, p := range ps {
			if mismatched(a.text, p) {
				names = append(names, p.text)
				locs = append(locs, p.loc())
			}
		}
		if len(names) > 0 {
			c.report("MISMATCHED_ACTION_FOR_PRINCIPAL", append([]Location{a.loc()}, locs...), a.text, strings.Join(names, ", "))
		}
	}
}

// sessionKeyActions maps trust-policy condition keys to the action that lets the caller set
// them: session tags need sts:TagSession, a source identity sts:SetSourceIdentity.
func sessionKeyAction(key string) string {
	k := strings.ToLower(key)
	switch {
	case strings.HasPrefix(k, "aws:requesttag/"), k == "aws:tagkeys", k == "sts:transitivetagkeys":
		return "sts:TagSession"
	case k == "sts:sourceidentity":
		return "sts:SetSourceIdentity"
	}
	return ""
}

func (c *checker) checkTrustConditionActions(st *stmt) {
	for _, cd := range st.conds {
		need := sessionKeyAction(cd.key)
		if need == "" || !cd.opOK || cd.op.family == famNull {
			continue
		}
		if covered, _ := st.namesAction(need); !covered {
			c.report("MISSING_ACTION_FOR_CONDITION_KEY", []Location{valueLoc(st.path, st.actionM), cd.loc()}, need, cd.key, need)
		}
	}
}

// checkRedundantAssumedRoles reports assumed-role session principals whose role is also a
// principal of the statement.
func (c *checker) checkRedundantAssumedRoles(ps []principalVal) {
	roles := map[string]string{} // "partition:account:name" → role ARN
	for _, p := range ps {
		if f := splitARN(p.text); p.key == "AWS" && len(f) == 6 && f[2] == "iam" && strings.HasPrefix(f[5], "role/") {
			name := f[5][strings.LastIndexByte(f[5], '/')+1:]
			roles[f[1]+":"+f[4]+":"+name] = p.text
		}
	}
	for _, p := range ps {
		f := splitARN(p.text)
		if p.key != "AWS" || len(f) != 6 || f[2] != "sts" || !strings.HasPrefix(f[5], "assumed-role/") {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(f[5], "assumed-role/"), "/")
		if role, ok := roles[f[1]+":"+f[4]+":"+name]; ok {
			c.report("REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY", []Location{p.loc()}, p.text, role)
		}
	}
}

// checkRolesAnywhere reports a trust of IAM Roles Anywhere without the three actions it
// needs.
func (c *checker) checkRolesAnywhere(st *stmt) {
	for _, need := range []string{"sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"} {
		if covered, _ := st.namesAction(need); !covered {
			c.report("MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY", []Location{valueLoc(st.path, st.actionM)})
			return
		}
	}
}

const githubIssuer = "token.actions.githubusercontent.com"

// checkOIDCConditions reports an OIDC principal trusted without conditions on its claims.
func (c *checker) checkOIDCConditions(st *stmt, p principalVal) {
	issuer := strings.ToLower(oidcProvider(p.text))
	if issuer == "" {
		return
	}
	var sub []*cond
	hasProviderKey := false
	for _, cd := range st.conds {
		k := strings.ToLower(cd.key)
		hasProviderKey = hasProviderKey || strings.HasPrefix(k, issuer+":")
		if k == githubIssuer+":sub" {
			sub = append(sub, cd)
		}
	}
	if issuer != githubIssuer {
		if !hasProviderKey {
			c.report("MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL", []Location{p.loc()})
		}
		return
	}
	if len(sub) == 0 {
		c.report("MISSING_GITHUB_REPO_CONDITION_KEY", []Location{p.loc()})
		return
	}
	hasRef := st.hasAnyKey([]string{githubIssuer + ":ref"})
	for _, cd := range sub {
		for i, v := range cd.vals {
			if broadGitHubSubject(v.text, hasRef) {
				c.report("SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED", []Location{cd.valueLoc(i)})
			}
		}
	}
}

// broadGitHubSubject reports a token.actions.githubusercontent.com:sub value that does not
// pin a repository, or pins one but leaves the branch open with no :ref condition.
func broadGitHubSubject(v string, hasRef bool) bool {
	if !strings.ContainsAny(v, "*?") {
		return false
	}
	rest, ok := strings.CutPrefix(v, "repo:")
	if !ok {
		return true
	}
	repo, after, _ := strings.Cut(rest, ":")
	if strings.ContainsAny(repo, "*?") || !strings.Contains(repo, "/") {
		return true
	}
	return strings.ContainsAny(after, "*?") && !hasRef
}

// Service principals in resource policies.

var sourceKeys = []string{"aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID", "aws:SourceOrgPaths"}

// servicePrincipalUnsupported are keys a request from an AWS service on your behalf does not
// carry.
var servicePrincipalUnsupported = map[string]bool{"aws:principalorgid": true, "aws:principalorgpaths": true,
	"aws:principalaccount": true, "aws:principalarn": true, "aws:userid": true, "aws:username": true}

// checkServicePrincipals reports Allow statements that grant a service principal access
// without scoping it to a source (the confused-deputy problem).
func (c *checker) checkServicePrincipals(st *stmt, ps []principalVal) {
	var services []principalVal
	for _, p := range ps {
		if p.key == "Service" {
			services = append(services, p)
		}
	}
	if len(services) == 0 {
		return
	}
	onlyServices := len(services) == len(ps)
	var unsupported, other []*cond
	for _, cd := range st.conds {
		k := strings.ToLower(cd.key)
		switch {
		case onlyServices && (servicePrincipalUnsupported[k] || strings.HasPrefix(k, "aws:principaltag/")):
			unsupported = append(unsupported, cd)
		case !st.hasAnyKey(sourceKeys):
			other = append(other, cd)
		}
	}
	if len(unsupported) > 0 {
		names := make([]string, len(unsupported))
		locs := make([]Location, len(unsupported))
		for i, cd := range unsupported {
			names[i], locs[i] = cd.key, cd.loc()
		}
		c.report("UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL", locs, strings.Join(names, ", "))
	}
	if st.hasAnyKey(sourceKeys) {
		return
	}
	for _, p := range services {
		if len(other) == 0 {
			c.report("RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL", []Location{p.loc()})
			continue
		}
		prefix, _, _ := strings.Cut(p.text, ".")
		for _, cd := range other {
			c.report("RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL", []Location{cd.loc()}, prefix, cd.key)
		}
	}
}
