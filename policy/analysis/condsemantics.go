package analysis

import (
	"sort"
	"strings"
)

// checkConditionSemantics checks what a statement's conditions mean together with its
// effect, actions and other conditions.
func (c *checker) checkConditionSemantics(st *stmt) {
	for _, cd := range st.conds {
		if !cd.opOK {
			continue
		}
		c.checkActionsForKey(st, cd)
		c.checkTagKey(st, cd)
		c.checkKeyRisk(st, cd)
		c.checkRedundantNumbers(cd)
		c.checkWildcardEquivalence(cd)
		if st.allow() {
			c.checkPermissiveValues(cd)
		}
	}
	c.checkDynamoDBSelect(st)
	if c.opts.PolicyType == ResourceControlPolicy && st.deny() {
		c.checkRCPConditions(st)
	}
}

// checkActionsForKey reports the statement's actions that never see a service condition
// key: for them the condition is not evaluated as the author expects. Actions with
// wildcards are not evaluated, as the reference says.
func (c *checker) checkActionsForKey(st *stmt, cd *cond) {
	if st.notAction || cd.info == nil || strings.HasPrefix(strings.ToLower(cd.key), "aws:") {
		return
	}
	var names []string
	var locs []Location
	for _, a := range st.actions {
		if strings.ContainsAny(a.text, "*?") {
			continue
		}
		info, ok := c.cat.Action(a.text)
		if ok && !c.cat.supportsKey(info, cd.key) {
			names = append(names, a.text)
			locs = append(locs, a.loc())
		}
	}
	if len(names) > 0 {
		c.report("UNSUPPORTED_ACTION_FOR_CONDITION_KEY", append(locs, cd.loc()), strings.Join(names, ", "), cd.key)
	}
}

// tagKey reports the global tag condition keys.
func tagKey(key string) bool {
	k := strings.ToLower(key)
	return strings.HasPrefix(k, "aws:resourcetag/") || strings.HasPrefix(k, "aws:requesttag/") || k == "aws:tagkeys"
}

// checkTagKey reports services whose actions in the statement do not support a tag
// condition key: the key is absent from their requests, so an Allow never matches and a
// Deny never applies.
func (c *checker) checkTagKey(st *stmt, cd *cond) {
	if !tagKey(cd.key) || st.effect == "" {
		return
	}
	if st.notAction {
		code := "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
		if st.deny() {
			code = "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
		}
		c.report(code, []Location{valueLoc(st.path, st.actionM), cd.loc()}, cd.key)
		return
	}
	services := map[string]bool{}
	var locs []Location
	for _, a := range st.actions {
		prefix, _, _ := strings.Cut(a.text, ":")
		if a.text == "*" || strings.ContainsAny(prefix, "*?") || strings.Contains(a.text, "${") {
			continue
		}
		infos := c.cat.actions(a.text)
		supported := len(infos) == 0
		for _, info := range infos {
			supported = supported || c.cat.supportsKey(info, cd.key)
		}
		if !supported {
			services[infos[0].Service] = true
			locs = append(locs, a.loc())
		}
	}
	if len(locs) == 0 {
		return
	}
	names := make([]string, 0, len(services))
	for s := range services {
		names = append(names, s)
	}
	sort.Strings(names)
	code := "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
	if st.deny() {
		code = "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
	}
	c.report(code, append(locs, cd.loc()), cd.key, strings.Join(names, ", "))
}

// pairedKeys maps a key to the keys it should be paired with in an Allow statement.
var pairedKeys = map[string][]string{
	"aws:vpcsourceip":                  {"aws:SourceVpc"},
	"aws:ec2instancesourceprivateipv4": {"aws:Ec2InstanceSourceVpc"},
}

// checkKeyRisk reports keys that are risky or pointless in their statement.
func (c *checker) checkKeyRisk(st *stmt, cd *cond) {
	k := strings.ToLower(cd.key)
	loc := []Location{cd.loc()}
	switch k {
	case "aws:useragent", "aws:referer":
		c.report("UNTRUSTWORTHY_CONDITION_KEY", loc, cd.key)
	case "s3:prefix":
		if cd.op.family == famString && (st.deny() && !cd.op.negated || st.allow() && cd.op.negated) {
			c.report("S3_PREFIX_IN_NEGATIVE_CONTEXT", loc)
		}
	case "aws:vpceaccount", "aws:vpceorgid", "aws:vpceorgpaths":
		if unscoped(st) {
			c.report("USE_CONDITION_KEY_ONLY_WITH_SUPPORTED_SERVICES", loc, cd.key)
		}
	case "s3:resourceaccount", "aws:resourceaccount":
		if s3ResourceType(c.opts.ResourceType) {
			c.report("IRRELEVANT_CONDITION_KEY_IN_POLICY", loc, cd.key, string(c.opts.ResourceType))
		}
	}
	if partners, ok := pairedKeys[k]; ok && st.allow() && !st.hasAnyKey(partners) {
		c.report("MISSING_PAIRED_CONDITION_KEYS", loc, cd.key, strings.Join(partners, ", "))
	}
	if audienceKey(cd.key) {
		switch cd.op.set {
		case setForAll:
			c.report("CONFIRM_AUDIENCE_CLAIM_TYPE", loc, cd.key, "aud")
		case setForAny:
			c.report("FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE", loc, cd.key)
		}
	}
}

// unscoped reports a statement whose actions are not limited to named services.
func unscoped(st *stmt) bool {
	if st.notAction {
		return true
	}
	for _, a := range st.actions {
		prefix, _, _ := strings.Cut(a.text, ":")
		if a.text == "*" || strings.ContainsAny(prefix, "*?") {
			return true
		}
	}
	return false
}

// hasAnyKey reports whether the statement's conditions use any of these keys.
func (st *stmt) hasAnyKey(keys []string) bool {
	for _, cd := range st.conds {
		for _, k := range keys {
			if strings.EqualFold(cd.key, k) {
				return true
			}
		}
	}
	return false
}

// checkRedundantNumbers reports several values for a less-than or greater-than operator:
// only the greatest (least) one matters.
func (c *checker) checkRedundantNumbers(cd *cond) {
	if cd.op.family != famNumeric || len(cd.vals) < 2 {
		return
	}
	for _, v := range cd.vals {
		if !numberRE.MatchString(v.text) {
			return
		}
	}
	switch cd.op.base {
	case "NumericLessThan", "NumericLessThanEquals":
		c.report("REDUNDANT_CONDITION_VALUE_NUM", []Location{cd.loc()}, cd.op.name, "greatest", cd.key)
	case "NumericGreaterThan", "NumericGreaterThanEquals":
		c.report("REDUNDANT_CONDITION_VALUE_NUM", []Location{cd.loc()}, cd.op.name, "least", cd.key)
	}
}

// checkWildcardEquivalence reports a pattern operator given "*", which matches every value:
// the condition then only tests whether the key is present, or is always or never true.
func (c *checker) checkWildcardEquivalence(cd *cond) {
	if !cd.op.like {
		return
	}
	star := false
	for _, v := range cd.vals {
		star = star || v.text == "*"
	}
	if !star {
		return
	}
	presentTrue := !cd.op.negated
	absentTrue := cd.op.set == setForAll || cd.op.ifExists || cd.op.set == setNone && cd.op.negated
	code := "REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION"
	switch {
	case presentTrue && absentTrue:
		code = "REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION"
	case presentTrue:
		code = "EQUIVALENT_TO_NULL_FALSE"
	case absentTrue:
		code = "EQUIVALENT_TO_NULL_TRUE"
	}
	if code == "EQUIVALENT_TO_NULL_FALSE" || code == "EQUIVALENT_TO_NULL_TRUE" {
		c.report(code, []Location{cd.loc()}, cd.key, cd.op.name, cd.key)
		return
	}
	c.report(code, []Location{cd.loc()}, cd.key, cd.op.name)
}

// Keys whose values must not be wildcards or variables in an Allow statement, or only
// after a literal prefix.
var (
	sensitiveKeys = map[string]bool{"aws:principalaccount": true, "aws:principalorgid": true, "aws:sourceaccount": true,
		"aws:sourceorgid": true, "aws:resourceaccount": true, "aws:resourceorgid": true}
	prefixedKeys = map[string]bool{"aws:principalarn": true, "aws:sourcearn": true, "aws:principalorgpaths": true,
		"aws:sourceorgpaths": true, "aws:resourceorgpaths": true}
)

// minLiteralPrefix is the number of characters the reference asks to precede a wildcard or
// variable in the values of prefixedKeys.
const minLiteralPrefix = 6

const (
	permissivePrefix    = "Overly permissive use of %[1]s for the %[2]s condition key. Use the %[1]s preceded by 6 consecutive characters."
	permissiveSensitive = "The %[1]s is not allowed in the condition key %[2]s. We consider the key to be sensitive and %[3]s. Refer to https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html for the list of sensitive keys."
	permissiveUserID    = "Overly permissive use of %[1]s with aws:userID. Use the %[1]s on the right side of colon or as the only character on the left side of a colon."
)
