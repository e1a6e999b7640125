package analysis

import (
	"regexp"
	"strings"
)

// principalVal is one value of a Principal map, with its key (AWS, Service, Federated,
// CanonicalUser).
type principalVal struct {
	key string
	strVal
}

// principals returns the values of the statement's Principal (or NotPrincipal) map.
func (c *checker) principals(st *stmt) []principalVal {
	m := st.principalM
	if m == nil || m.val.kind != jObject {
		return nil
	}
	var out []principalVal
	for i := range m.val.members {
		pm := &m.val.members[i]
		if !principalKeys[pm.key] {
			continue
		}
		for _, v := range stringsOf(sub(st.path, pv(m.key)), pm) {
			out = append(out, principalVal{key: pm.key, strVal: v})
		}
	}
	return out
}

// stringsOf returns the string values of a member holding a string or an array (other
// entries skipped; strList reports them).
func stringsOf(base []PathElement, m *member) []strVal {
	path := sub(base, pv(m.key))
	switch m.val.kind {
	case jString:
		return []strVal{{text: m.val.text, n: m.val, path: path}}
	case jArray:
		var out []strVal
		for i, e := range m.val.elems {
			if e.kind == jString {
				out = append(out, strVal{text: e.text, n: e, path: sub(path, pi(i))})
			}
		}
		return out
	}
	return nil
}

var principalKeys = map[string]bool{"AWS": true, "Service": true, "Federated": true, "CanonicalUser": true}

// checkPrincipalElement applies each policy type's rules for Principal and NotPrincipal.
func (c *checker) checkPrincipalElement(st *stmt) {
	m := st.principalM
	switch c.opts.PolicyType {
	case IdentityPolicy:
		if m != nil {
			c.report("UNSUPPORTED_PRINCIPAL", []Location{keyLoc(st.path, m)}, string(IdentityPolicy))
		}
	case ServiceControlPolicy:
		if m != nil {
			c.report("SCP_SYNTAX_ERROR_PRINCIPAL", []Location{keyLoc(st.path, m)})
		}
	case ResourceControlPolicy:
		switch {
		case m == nil:
			c.report("MISSING_PRINCIPAL", []Location{st.loc()})
		case st.notPrincipal:
			c.report("RCP_SYNTAX_ERROR_PRINCIPAL", []Location{keyLoc(st.path, m)})
		case !principalIsStar(m.val):
			c.report("RCP_SYNTAX_ERROR_PRINCIPAL", []Location{valueLoc(st.path, m)})
		}
	case ResourcePolicy:
		if m == nil {
			c.report("MISSING_PRINCIPAL", []Location{st.loc()})
			return
		}
		c.checkResourcePrincipal(st)
	}
}

// principalIsStar reports whether a Principal is everyone: "*" or {"AWS": "*"}.
func principalIsStar(n *node) bool {
	if n.kind == jString {
		return n.text == "*"
	}
	if n.kind != jObject || len(n.members) != 1 || n.members[0].key != "AWS" {
		return false
	}
	v := n.members[0].val
	return v.kind == jString && v.text == "*" || v.kind == jArray && len(v.elems) == 1 && v.elems[0].text == "*"
}

func (c *checker) checkResourcePrincipal(st *stmt) {
	m := st.principalM
	if st.notPrincipal {
		switch {
		case c.trustPolicy():
			c.report("ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", []Location{keyLoc(st.path, m)})
		case st.allow():
			c.report("ALLOW_WITH_NOT_PRINCIPAL", []Location{keyLoc(st.path, m)})
		}
	}
	switch m.val.kind {
	case jString:
		switch {
		case m.val.text != "*":
			c.report("INVALID_PRINCIPAL_FORMAT", []Location{valueLoc(st.path, m)})
		case c.trustPolicy():
			c.report("ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", []Location{valueLoc(st.path, m)})
		}
		return
	case jObject:
	default:
		c.report("INVALID_PRINCIPAL_FORMAT", []Location{valueLoc(st.path, m)})
		return
	}
	if len(m.val.members) == 0 {
		c.report("EMPTY_OBJECT_PRINCIPAL", []Location{valueLoc(st.path, m)})
		return
	}
	base := sub(st.path, pv(m.key))
	for i := range m.val.members {
		pm := &m.val.members[i]
		if !principalKeys[pm.key] {
			c.report("INVALID_PRINCIPAL_KEY", []Location{keyLoc(base, pm)}, pm.key)
			continue
		}
		if pm.val.kind == jArray && len(pm.val.elems) == 0 {
			c.report("EMPTY_ARRAY_PRINCIPAL", []Location{valueLoc(base, pm)})
			continue
		}
		for _, v := range c.strList(base, pm) {
			c.checkPrincipalValue(st, principalVal{key: pm.key, strVal: v})
		}
	}
}

var (
	servicePrincipalRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com|amazonaws\.com\.cn|aws\.internal|c2s\.ic\.gov|sc2s\.sgov\.gov)$`)
	canonicalUserRE    = regexp.MustCompile(`^[0-9a-f]{64}$`)
	principalARNRE     = regexp.MustCompile(`^arn:aws[a-z-]*:(iam|sts)::(\d{12}|aws):.+$`)
	domainRE           = regexp.MustCompile(`^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/[^\s]*)?$`)
	federatedARNRE     = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:(saml-provider|oidc-provider)/.+$`)
)

func (c *checker) checkPrincipalValue(st *stmt, p principalVal) {
	loc := []Location{p.loc()}
	wild := strings.ContainsAny(p.text, "*?")
	switch p.key {
	case "AWS":
		switch {
		case p.text == "*":
			if c.trustPolicy() {
				c.report("ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", loc)
			}
		case wild:
			c.report("UNSUPPORTED_WILDCARD_IN_PRINCIPAL", loc, p.key)
		case isAccountID(p.text) || principalARNRE.MatchString(p.text):
		case isUniqueID(p.text, "AIDA"):
			c.report("INVALID_USER_REFERENCE", loc, p.text)
		case isUniqueID(p.text, "AROA"):
			c.report("INVALID_ROLE_REFERENCE", loc, p.text)
		default:
			c.report("INVALID_PRINCIPAL_FORMAT", loc)
		}
	case "Service":
		switch {
		case wild:
			c.report("UNSUPPORTED_WILDCARD_IN_PRINCIPAL", loc, p.key)
		case !servicePrincipalRE.MatchString(p.text):
			c.report("INVALID_SERVICE_PRINCIPAL_FORMAT", loc, "service-name.amazonaws.com")
		}
	case "Federated":
		c.checkFederated(st, p, loc, wild)
	case "CanonicalUser":
		switch {
		case wild:
			c.report("UNSUPPORTED_WILDCARD_IN_PRINCIPAL", loc, p.key)
		case !canonicalUserRE.MatchString(p.text):
			c.report("INVALID_PRINCIPAL_FORMAT", loc)
		}
	}
}

func (c *checker) checkFederated(st *stmt, p principalVal, loc []Location, wild bool) {
	switch {
	case !c.trustStatement(st):
		c.report("FEDERATED_PRINCIPAL_NOT_SUPPORTED", loc)
	case wild:
		c.report("UNSUPPORTED_WILDCARD_IN_PRINCIPAL", loc, p.key)
	case !domainRE.MatchString(p.text) && !federatedARNRE.MatchString(p.text):
		c.report("INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY", loc)
	}
}

// isUniqueID reports whether s is an IAM unique ID with this prefix: 21 characters of
// upper-case letters and digits.
func isUniqueID(s, prefix string) bool {
	if len(s) != 21 || !strings.HasPrefix(s, prefix) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if b := s[i]; !(b >= 'A' && b <= 'Z' || b >= '0' && b <= '9') {
			return false
		}
	}
	return true
}

// samlProvider reports whether a Federated value names a SAML provider.
func samlProvider(v string) bool { return strings.Contains(v, ":saml-provider/") }

// oidcProvider returns the issuer host (and path) of an OIDC Federated value — a domain or an
// oidc-provider ARN — or "" for anything else.
func oidcProvider(v string) string {
	if _, after, ok := strings.Cut(v, ":oidc-provider/"); ok && strings.HasPrefix(v, "arn:") {
		return after
	}
	if !strings.HasPrefix(v, "arn:") && domainRE.MatchString(v) {
		return v
	}
	return ""
}
