package analysis

import (
	"fmt"
	"strings"
)

// checkPermissiveValues reports wildcards (in pattern operators) and policy variables in
// the values of keys that identify accounts, organizations and principals, where they
// would let more callers match than the author meant.
func (c *checker) checkPermissiveValues(cd *cond) {
	k := strings.ToLower(cd.key)
	if !sensitiveKeys[k] && !prefixedKeys[k] && k != "aws:userid" {
		return
	}
	for i, v := range cd.vals {
		at := firstOpen(v.text, cd.op.like)
		if at < 0 {
			continue
		}
		code, word, rest := "WILDCARD_USAGE_TOO_PERMISSIVE", "wildcard", "wildcards are not allowed to be used with sensitive keys"
		if strings.HasPrefix(v.text[at:], "${") {
			code, word = "VARIABLE_USAGE_TOO_PERMISSIVE", "policy variable"
			rest = "policy variables can be evaluated as effective wildcards. Therefore policy variables are not allowed to be used with sensitive keys"
		}
		var msg string
		switch {
		case sensitiveKeys[k]:
			msg = fmt.Sprintf(permissiveSensitive, word, cd.key, rest)
		case prefixedKeys[k] && at < minLiteralPrefix:
			msg = fmt.Sprintf(permissivePrefix, word, cd.key)
		case k == "aws:userid" && !userIDPatternOK(v.text, cd.op.like):
			msg = fmt.Sprintf(permissiveUserID, word)
		default:
			continue
		}
		c.report(code, []Location{cd.valueLoc(i)}, msg)
	}
}

// authoritativeVariables are the keys AWS itself sets for every request, which a caller
// cannot choose: a variable naming one stands for one value, not a wildcard.
var authoritativeVariables = map[string]bool{"aws:principalaccount": true, "aws:principalorgid": true,
	"aws:principalorgpaths": true, "aws:principalarn": true, "aws:principaltype": true, "aws:userid": true,
	"aws:username": true, "aws:resourceaccount": true, "aws:resourceorgid": true, "aws:resourceorgpaths": true,
	"aws:sourceaccount": true, "aws:sourceorgid": true, "aws:sourceorgpaths": true, "aws:sourcearn": true}

// firstOpen returns the index of the first wildcard (when like) or open-ended policy
// variable in s, or -1. The escapes ${*}, ${?} and ${$} are literal characters, and a
// variable naming an authoritative key is one value.
func firstOpen(s string, like bool) int {
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "${*}"), strings.HasPrefix(s[i:], "${?}"), strings.HasPrefix(s[i:], "${$}"):
			i += 3
		case strings.HasPrefix(s[i:], "${"):
			end := strings.IndexByte(s[i:], '}')
			name, _, _ := strings.Cut(s[i+2:i+max(end, 2)], ",")
			if end > 0 && authoritativeVariables[strings.ToLower(strings.TrimSpace(name))] {
				i += end
				continue
			}
			return i
		case like && (s[i] == '*' || s[i] == '?'):
			return i
		}
	}
	return -1
}

// userIDPatternOK applies the aws:userid rule: a wildcard or variable only right of the
// colon (unique ID:session), or alone left of it.
func userIDPatternOK(s string, like bool) bool {
	left, _, found := strings.Cut(s, ":")
	if !found {
		return firstOpen(s, like) < 0
	}
	return firstOpen(left, like) < 0 || left == "*" || strings.HasPrefix(left, "${") && strings.HasSuffix(left, "}") && strings.Count(left, "${") == 1
}

// checkDynamoDBSelect reports an Allow that limits dynamodb:Attributes without requiring
// dynamodb:Select SPECIFIC_ATTRIBUTES.
func (c *checker) checkDynamoDBSelect(st *stmt) {
	if !st.allow() {
		return
	}
	var attrs *cond
	selects := false
	for _, cd := range st.conds {
		switch strings.ToLower(cd.key) {
		case "dynamodb:attributes":
			if attrs == nil {
				attrs = cd
			}
		case "dynamodb:select":
			for _, v := range cd.vals {
				selects = selects || cd.op.family == famString && !cd.op.negated && v.text == "SPECIFIC_ATTRIBUTES"
			}
		}
	}
	if attrs != nil && !selects {
		c.report("DYNAMODB_ATTRIBUTES_WITHOUT_SELECT", []Location{attrs.loc()})
	}
}

// RCP keys: those describing the calling principal and those describing the service's
// source, which an RCP must scope with aws:PrincipalIsAWSService and a Null check.
var (
	rcpPrincipalKeys = map[string]bool{"aws:principalorgid": true, "aws:principalaccount": true,
		"aws:principalorgpaths": true, "aws:principalarn": true}
	rcpSourceKeys = map[string]bool{"aws:sourceorgid": true, "aws:sourceorgpaths": true, "aws:sourceaccount": true,
		"aws:sourcearn": true}
)

// checkRCPConditions applies the RCP warnings to a Deny statement.
func (c *checker) checkRCPConditions(st *stmt) {
	isService := map[string]bool{}
	nullChecked := false
	for _, cd := range st.conds {
		k := strings.ToLower(cd.key)
		for _, v := range cd.vals {
			t := strings.ToLower(v.text)
			if k == "aws:principalisawsservice" && cd.op.family == famBool {
				isService[t] = true
			}
			if (k == "aws:sourceaccount" || k == "aws:sourcearn") && cd.op.family == famNull && t == "false" {
				nullChecked = true
			}
		}
	}
	for _, cd := range st.conds {
		k := strings.ToLower(cd.key)
		if cd.op.family == famNull || !cd.opOK {
			continue
		}
		loc := []Location{cd.loc()}
		switch {
		case (rcpPrincipalKeys[k] || strings.HasPrefix(k, "aws:principaltag/")) && !isService["false"]:
			c.report("RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY", loc, cd.key)
		case rcpSourceKeys[k]:
			if !isService["true"] {
				c.report("RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY", loc, cd.key)
			}
			if !nullChecked {
				c.report("RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK", loc, cd.key, cd.key)
			}
		}
	}
}
