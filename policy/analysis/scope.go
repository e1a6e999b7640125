package analysis

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"

	"github.com/gatehouse-iam/gatehouse/policy"
)

// Size quotas the size checks apply, with their sources.
const (
	// identityQuota: IAM's customer managed policy size, whitespace not counted (IAM User
	// Guide, "IAM and AWS STS quotas"), the maximum the reference's check names.
	identityQuota = policy.MaxManagedPolicyChars
	// trustQuota: the default role trust policy length quota, whitespace not counted.
	trustQuota = policy.MaxTrustPolicyChars
	// organizationsQuota: the SCP and RCP document size, every character counted (AWS
	// Organizations User Guide, "Quotas").
	organizationsQuota = policy.MaxOrganizationsPolicyChars
	// s3PolicyQuota and dynamoDBPolicyQuota: 20 KB for bucket and access point policies
	// (Amazon S3 User Guide) and DynamoDB resource-based policies (DynamoDB Developer Guide).
	s3PolicyQuota       = 20 << 10
	dynamoDBPolicyQuota = 20 << 10
)

// checkSize applies the policy type's size quota to the whole document.
func (c *checker) checkSize() {
	loc := []Location{rootLoc(c.root)}
	chars := utf8.RuneCount(c.data)
	switch c.opts.PolicyType {
	case IdentityPolicy:
		if n := policy.SizeWithoutWhitespace(c.data); n > identityQuota {
			c.report("POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", loc, n, identityQuota)
		}
	case ServiceControlPolicy:
		if chars > organizationsQuota {
			c.report("POLICY_SIZE_EXCEEDS_SCP_QUOTA", loc, chars, organizationsQuota)
		}
	case ResourceControlPolicy:
		if chars > organizationsQuota {
			c.report("POLICY_SIZE_EXCEEDS_RCP_QUOTA", loc, chars, organizationsQuota)
		}
	case ResourcePolicy:
		c.checkResourcePolicySize(loc, chars)
	}
}

func (c *checker) checkResourcePolicySize(loc []Location, chars int) {
	quota := 0
	switch c.opts.ResourceType {
	case IAMAssumeRolePolicyDoc:
		if policy.SizeWithoutWhitespace(c.data) > trustQuota {
			c.report("POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", loc)
		}
		return
	case S3Bucket, S3AccessPoint, S3MultiRegionAccessPoint, S3ObjectLambdaAccessPoint:
		quota = s3PolicyQuota
	case DynamoDBTable:
		quota = dynamoDBPolicyQuota
	}
	if quota > 0 && chars > quota {
		c.report("POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", loc, chars, quota)
	}
}

// checkOrganizationsPolicy applies the statement rules of RCPs (the Action and Principal
// rules of SCPs and RCPs are checked with those elements).
func (c *checker) checkOrganizationsPolicy(st *stmt) {
	if c.opts.PolicyType != ResourceControlPolicy {
		return
	}
	if st.notAction {
		c.report("RCP_SYNTAX_ERROR_NOTACTION", []Location{keyLoc(st.path, st.actionM)})
	}
	if !st.allow() {
		return
	}
	full := !st.notAction && len(st.actions) == 1 && st.actions[0].text == "*" &&
		!st.notResource && len(st.resources) == 1 && st.resources[0].text == "*" &&
		st.conditionM == nil && st.principalM != nil && !st.notPrincipal && principalIsStar(st.principalM.val)
	if !full {
		c.report("RCP_SYNTAX_ERROR_ALLOW", []Location{valueLoc(st.path, st.effectM)})
	}
}

// s3ResourceType reports the resource types whose policies S3 stores.
func s3ResourceType(t ResourceType) bool {
	return t == S3Bucket || t == S3AccessPoint || t == S3MultiRegionAccessPoint || t == S3ObjectLambdaAccessPoint
}

// resourceTypeScope is what a resource policy of one type can govern: resource types (by
// ARN namespace and name) and, for role trust policies, the assume-role actions.
type resourceTypeScope struct {
	namespace string
	types     []string
	// extraARNs are ARN formats the reference lacks a resource type for.
	extraARNs []string
}

var resourceTypeScopes = map[ResourceType]resourceTypeScope{
	S3Bucket:                  {"s3", []string{"bucket", "object"}, nil},
	S3AccessPoint:             {"s3", []string{"accesspoint", "accesspointobject"}, nil},
	S3MultiRegionAccessPoint:  {"s3", []string{"multiregionaccesspoint", "object", "accesspointobject", "bucket"}, []string{"arn:${Partition}:s3::${Account}:accesspoint/${AccessPointAlias}/object/${ObjectName}"}},
	S3ObjectLambdaAccessPoint: {"s3-object-lambda", []string{"objectlambdaaccesspoint"}, nil},
	DynamoDBTable:             {"dynamodb", []string{"table", "index", "stream"}, nil},
}

// checkResourceType applies validatePolicyResourceType: the actions and resources a policy
// attached to that kind of resource can name.
func (c *checker) checkResourceType(st *stmt) {
	rt := c.opts.ResourceType
	if rt == "" || st.notAction {
		return
	}
	scope, hasScope := resourceTypeScopes[rt]
	for _, a := range st.actions {
		if a.text == "*" || strings.Contains(a.text, "${") {
			continue
		}
		infos := c.cat.actions(a.text)
		if len(infos) == 0 {
			continue
		}
		ok := false
		for _, info := range infos {
			ok = ok || (rt == IAMAssumeRolePolicyDoc && isTrustAction(info.String())) || hasScope && c.scopeCovers(scope, info)
		}
		if !ok {
			c.report("UNSUPPORTED_ACTION_IN_POLICY", []Location{a.loc()}, a.text, string(rt))
		}
	}
	if !hasScope || st.notResource {
		return
	}
	for _, r := range st.resources {
		if r.text != "*" && !c.scopeARN(scope, r.text) {
			c.report("UNSUPPORTED_RESOURCE_ARN_IN_POLICY", []Location{r.loc()}, string(rt))
		}
	}
}

// scopeCovers reports whether an action acts on a resource type of the scope.
func (c *checker) scopeCovers(s resourceTypeScope, a *authref.ActionInfo) bool {
	for _, r := range a.Resources {
		if c.cat.namespaceOf[r.Type] == s.namespace && slices.Contains(s.types, r.Type.Name) {
			return true
		}
	}
	return false
}

// scopeARN reports whether a Resource entry can name a resource of the scope.
func (c *checker) scopeARN(s resourceTypeScope, arn string) bool {
	for _, f := range s.extraARNs {
		if arnIntersects(arn, compileFormat(nil, f)) {
			return true
		}
	}
	for _, fm := range c.cat.byNamespace[s.namespace] {
		if slices.Contains(s.types, fm.rt.Name) && arnIntersects(arn, fm) {
			return true
		}
	}
	return false
}
