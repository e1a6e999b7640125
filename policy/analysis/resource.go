package analysis

import (
	"strings"
)

// checkResourceElement checks Resource or NotResource: present where the policy type needs
// it, absent from role trust policies, and every ARN well formed.
func (c *checker) checkResourceElement(st *stmt) {
	if c.trustPolicy() {
		if st.resourceM != nil {
			c.report("ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", []Location{keyLoc(st.path, st.resourceM)})
		}
		return
	}
	if st.resourceM == nil {
		if !c.trustStatement(st) {
			c.report("MISSING_RESOURCE", []Location{st.loc()})
		}
		return
	}
	if st.resourceM.val.kind == jArray && len(st.resourceM.val.elems) == 0 {
		c.report("EMPTY_ARRAY_RESOURCE", []Location{valueLoc(st.path, st.resourceM)})
	}
	relevant, all := c.relevantNamespaces(st)
	for _, r := range st.resources {
		if r.text == "*" {
			continue
		}
		c.checkARN(r, func(ns string) bool { return all || relevant[ns] })
	}
}

// relevantNamespaces returns the ARN service namespaces of the resource types the
// statement's actions act on. AWS checks an ARN's Region, account and resource only against
// the services the statement's actions belong to (a statement may list ARNs for several);
// all is true when the actions are unbounded (NotAction, or "*").
func (c *checker) relevantNamespaces(st *stmt) (map[string]bool, bool) {
	if st.notAction {
		return nil, true
	}
	out := map[string]bool{}
	for _, a := range st.actions {
		prefix, _, _ := strings.Cut(strings.ToLower(a.text), ":")
		if a.text == "*" || strings.ContainsAny(prefix, "*?") {
			return nil, true
		}
		out[prefix] = true
		for _, info := range c.cat.actions(a.text) {
			for _, r := range info.Resources {
				out[c.cat.namespaceOf[r.Type]] = true
			}
		}
	}
	return out, false
}

// splitARN cuts an ARN into at most six fields at colons outside policy variables (the
// resource, the sixth, keeps its colons).
func splitARN(s string) []string {
	var out []string
	start, depth := 0, 0
	for i := 0; i < len(s) && len(out) < 5; i++ {
		switch {
		case strings.HasPrefix(s[i:], "${"):
			depth++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// opaque reports whether an ARN field cannot be checked: it has a wildcard or a variable.
func opaque(f string) bool { return strings.ContainsAny(f, "*?") || strings.Contains(f, "${") }

// checkARN reports the first problem of one Resource entry, in the order AWS checks: the
// prefix, the number of fields, the partition, the service, then — for services the
// statement's actions use — the Region, the account and the resource part.
func (c *checker) checkARN(r strVal, relevant func(string) bool) {
	if !strings.HasPrefix(r.text, "arn:") {
		c.report("INVALID_ARN_PREFIX", []Location{r.loc()})
		return
	}
	f := splitARN(r.text)
	if len(f) < 6 {
		c.report("MISSING_ARN_FIELD", []Location{r.loc()}, 6)
		return
	}
	partition, service := f[1], f[2]
	switch {
	case service == "":
		c.report("MISSING_ARN_FIELD", []Location{r.loc()}, 6)
		return
	case strings.ContainsAny(service, "*?"):
		c.report("WILDCARD_IN_SERVICE_NAME", []Location{r.loc()})
		return
	case !opaque(partition) && !knownPartition(partition):
		c.report("INVALID_PARTITION", []Location{r.loc()}, service, partition, strings.Join(partitions, ", "))
		return
	case strings.Contains(service, "${"):
		return
	case service != strings.ToLower(service) && c.cat.namespaceKnown(strings.ToLower(service)):
		c.report("INVALID_ARN_SERVICE_CASE", []Location{r.loc()}, service)
		return
	case !c.cat.namespaceKnown(service):
		c.report("INVALID_SERVICE", []Location{r.loc()}, service)
		return
	}
	if relevant(service) {
		c.checkARNFields(r, f, c.cat.byNamespace[service])
	}
}

// checkARNFields checks an ARN's Region, account and resource against the formats of its
// service's resource types.
func (c *checker) checkARNFields(r strVal, f []string, formats []*format) {
	if len(formats) == 0 {
		return
	}
	service, region, account := f[2], f[3], f[4]
	noRegion, allRegion := true, true
	noAccount, allAccount, literalAccount := true, true, false
	for _, fm := range formats {
		ff := fm.fields
		noRegion = noRegion && ff[3] == ""
		allRegion = allRegion && ff[3] != ""
		noAccount = noAccount && ff[4] == ""
		allAccount = allAccount && ff[4] != ""
		literalAccount = literalAccount || ff[4] == account
	}
	switch {
	case opaque(region):
	case region != "" && noRegion:
		c.report("ARN_REGION_NOT_ALLOWED", []Location{r.loc()}, service)
		return
	case region == "" && allRegion:
		c.report("MISSING_ARN_REGION", []Location{r.loc()}, service)
		return
	case region != "" && !knownRegion(region):
		c.report("INVALID_ARN_REGION", []Location{r.loc()}, region)
		return
	}
	switch {
	case opaque(account):
	case account != "" && noAccount:
		c.report("ARN_ACCOUNT_NOT_ALLOWED", []Location{r.loc()}, service)
		return
	case account == "" && allAccount && accountOwned[service]:
		c.report("MISSING_ARN_ACCOUNT", []Location{r.loc()}, f[5])
		return
	case account != "" && !isAccountID(account) && account != "aws" && !literalAccount:
		c.report("INVALID_ARN_ACCOUNT", []Location{r.loc()}, account)
		return
	}
	res := patternTokens(f[5])
	for _, fm := range c.cat.formats(service) {
		if intersects(res, fm.tokens[5]) {
			return
		}
	}
	c.report("INVALID_ARN_RESOURCE", []Location{r.loc()})
}

// accountOwned are the service namespaces whose every resource belongs to a customer
// account. Elsewhere an ARN without an account is how AWS-owned resources are named
// (arn:aws:ssm:*::document/AWS-*, arn:aws:ec2:*::image/ami-*), so a missing account is not
// reported.
var accountOwned = map[string]bool{"lambda": true, "sqs": true, "sns": true, "dynamodb": true, "kinesis": true,
	"secretsmanager": true, "states": true, "kms": true, "logs": true, "firehose": true, "ecr": true}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
