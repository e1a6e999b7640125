package analysis

import (
	"fmt"
	"sort"
)

// Check describes one policy check of AWS's "IAM policy validation check reference": its
// issue code, the type of its findings, the anchor of its section and the English text of
// its findingDetails (a fmt format; %s are the reference's {{placeholders}} in order).
type Check struct {
	IssueCode string
	Type      FindingType
	// Anchor is the section's id after "access-analyzer-reference-policy-checks-".
	Anchor  string
	Details string
}

// LearnMoreLink is the URL AWS returns for the check.
func (c Check) LearnMoreLink() string {
	return referenceURL + "#access-analyzer-reference-policy-checks-" + c.Anchor
}

const referenceURL = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"

// checkTable lists every check, in the reference's order. The texts are the reference's
// "findingDetails" (programmatic) messages.
var checkTable = []Check{
	{"ARN_ACCOUNT_NOT_ALLOWED", Error, "error-arn-account-not-allowed", "The service %s does not support specifying an account ID in the resource ARN."},
	{"ARN_REGION_NOT_ALLOWED", Error, "error-arn-region-not-allowed", "The service %s does not support specifying a Region in the resource ARN."},
	{"DATA_TYPE_MISMATCH", Error, "error-data-type-mismatch", "The text does not match the expected JSON data type %s."},
	{"DUPLICATE_KEYS_WITH_DIFFERENT_CASE", Error, "error-duplicate-keys-with-different-case", "The condition key %s appears more than once with different capitalization in the same condition block. Remove the duplicate condition keys."},
	{"INVALID_ACTION", Error, "error-invalid-action", "The action %s does not exist.%s"},
	{"INVALID_ARN_ACCOUNT", Error, "error-invalid-arn-account", "The resource ARN account ID %s is not valid. Provide a 12-digit account ID."},
	{"INVALID_ARN_PREFIX", Error, "error-invalid-arn-prefix", "Add the required prefix (arn) to the resource ARN."},
	{"INVALID_ARN_REGION", Error, "error-invalid-arn-region", "The Region %s is not valid for this resource. Update the resource ARN to include a supported Region."},
	{"INVALID_ARN_RESOURCE", Error, "error-invalid-arn-resource", "Resource ARN does not match the expected ARN format. Update the resource portion of the ARN."},
	{"INVALID_ARN_SERVICE_CASE", Error, "error-invalid-arn-service-case", "Update the service name %s in the resource ARN to use all lowercase letters."},
	{"INVALID_CONDITION_DATA_TYPE", Error, "error-invalid-condition-data-type", "The condition value data types do not match. Use condition values of the same JSON data type."},
	{"INVALID_CONDITION_KEY_FORMAT", Error, "error-invalid-condition-key-format", "The condition key format is not valid. Use the format service:keyname."},
	{"INVALID_CONDITION_MULTIPLE_BOOLEAN", Error, "error-invalid-condition-multiple-boolean", "The condition key does not support multiple Boolean values. Use a single Boolean value."},
	{"INVALID_CONDITION_OPERATOR", Error, "error-invalid-condition-operator", "The condition operator %s is not valid. Use a valid condition operator."},
	{"INVALID_EFFECT", Error, "error-invalid-effect", "The effect %s is not valid. Use Allow or Deny."},
	{"INVALID_GLOBAL_CONDITION_KEY", Error, "error-invalid-global-condition-key", "The condition key %s does not exist. Use a valid condition key."},
	{"INVALID_PARTITION", Error, "error-invalid-partition", "The resource ARN for the service %s does not support the partition %s. Use the supported values: %s"},
	{"INVALID_POLICY_ELEMENT", Error, "error-invalid-policy-element", "The policy element %s is not valid."},
	{"INVALID_PRINCIPAL_FORMAT", Error, "error-invalid-principal-format", "The Principal element contents are not valid. Specify a key-value pair in the Principal element."},
	{"INVALID_PRINCIPAL_KEY", Error, "error-invalid-principal-key", "The principal key %s is not valid."},
	{"INVALID_REGION", Error, "error-invalid-region", "The Region %s is not valid. Update the condition value to a supported Region."},
	{"INVALID_SERVICE", Error, "error-invalid-service", "The service %s does not exist. Use a valid service name."},
	{"INVALID_SERVICE_CONDITION_KEY", Error, "error-invalid-service-condition-key", "The condition key %s does not exist in the service %s. Use a valid condition key."},
	{"INVALID_SERVICE_IN_ACTION", Error, "error-invalid-service-in-action", "The service %s specified in the action does not exist.%s"},
	{"INVALID_VARIABLE_FOR_OPERATOR", Error, "error-invalid-variable-for-operator", "Policy variables can only be used with String and ARN operators."},
	{"INVALID_VERSION", Error, "error-invalid-version", "The version %s is not valid. Use one of the following versions: %s"},
	{"JSON_SYNTAX_ERROR", Error, "error-json-syntax-error", "Fix the JSON syntax error at index %d line %d column %d."},
	{"MISSING_ACTION", Error, "error-missing-action", "Add an Action or NotAction element to the policy statement."},
	{"MISSING_ARN_FIELD", Error, "error-missing-arn-field", "Resource ARNs must include at least %d fields in the following structure: arn:partition:service:region:account:resource"},
	{"MISSING_ARN_REGION", Error, "error-missing-arn-region", "Add a Region to the %s resource ARN."},
	{"MISSING_EFFECT", Error, "error-missing-effect", "Add an Effect element to the policy statement with a value of Allow or Deny."},
	{"MISSING_PRINCIPAL", Error, "error-missing-principal", "Add a Principal element to the policy statement."},
	{"MISSING_QUALIFIER", Error, "error-missing-qualifier", "The request context key %s has multiple values. Use the ForAllValues or ForAnyValue condition key qualifiers in your policy."},
	{"MISSING_RESOURCE", Error, "error-missing-resource", "Add a Resource or NotResource element to the policy statement."},
	{"MISSING_STATEMENT", Error, "error-missing-statement", "Add a statement to the policy"},
	{"NULL_WITH_IF_EXISTS", Error, "error-null-with-if-exists", "The Null condition operator cannot be used with the IfExists suffix. Update the operator or the suffix."},
	{"SCP_SYNTAX_ERROR_ACTION_WILDCARD", Error, "error-scp-syntax-error-action-wildcard", "SCP actions can include wildcards (*) only at the end of a string. Update %s."},
	{"SCP_SYNTAX_ERROR_PRINCIPAL", Error, "error-scp-syntax-error-principal", "SCPs do not support specifying principals. Remove the Principal or NotPrincipal element."},
	{"UNIQUE_SIDS_REQUIRED", Error, "error-unique-sids-required", "Duplicate statement IDs are not supported for this policy type. Update the Sid value."},
	{"UNSUPPORTED_ACTION_IN_POLICY", Error, "error-unsupported-action-in-policy", "The action %s is not supported for the resource-based policy attached to the resource type %s."},
	{"UNSUPPORTED_ELEMENT_COMBINATION", Error, "error-unsupported-element-combination", "The policy elements %s and %s can not be used in the same statement. Remove one of these elements."},
	{"UNSUPPORTED_GLOBAL_CONDITION_KEY", Error, "error-unsupported-global-condition-key", "The condition key aws:ARN is not supported. Use aws:PrincipalArn or aws:SourceArn instead."},
	{"UNSUPPORTED_PRINCIPAL", Error, "error-unsupported-principal", "The policy type %s does not support the Principal element. Remove the Principal element."},
	{"UNSUPPORTED_RESOURCE_ARN_IN_POLICY", Error, "error-unsupported-resource-arn-in-policy", "The resource ARN is not supported for the resource-based policy attached to the resource type %s."},
	{"UNSUPPORTED_SID", Error, "error-unsupported-sid", "Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]"},
	{"UNSUPPORTED_WILDCARD_IN_PRINCIPAL", Error, "error-unsupported-wildcard-in-principal", "Wildcards (*, ?) are not supported with the principal key %s. Replace the wildcard with a valid principal value."},
	{"MISSING_BRACE_IN_VARIABLE", Error, "error-missing-brace-in-variable", "The policy variable is missing a closing curly brace. Add } after the variable text."},
	{"MISSING_QUOTE_IN_VARIABLE", Error, "error-missing-quote-in-variable", "The policy variable default value must begin and end with a single quote. Add the missing quote."},
	{"UNSUPPORTED_SPACE_IN_VARIABLE", Error, "error-unsupported-space-in-variable", "A space is not supported within the policy variable text. Remove the space."},
	{"EMPTY_VARIABLE", Error, "error-empty-variable", "Empty policy variable. Remove the ${ } variable structure or provide a variable within the structure."},
	{"VARIABLE_UNSUPPORTED_IN_ELEMENT", Error, "error-variable-unsupported-in-element", "Policy variables are supported in the Resource and Condition elements. Remove the policy variable %s from this element."},
	{"VARIABLE_UNSUPPORTED_IN_VERSION", Error, "error-variable-unsupported-in-version", "To include variables in your policy, use the policy version 2012-10-17 or later."},
	{"PRIVATE_IP_ADDRESS", Error, "error-private-ip-address", "aws:SourceIp works only for public IP address ranges. The values for condition key aws:SourceIp include only private IP addresses and will not have the desired effect. Update the value to include only public IP addresses."},
	{"PRIVATE_NOT_IP_ADDRESS", Error, "error-private-not-ip-address", "The values for condition key aws:SourceIp include only private IP addresses and has no effect. aws:SourceIp works only for public IP address ranges. Update the value to include only public IP addresses."},
	{"POLICY_SIZE_EXCEEDS_SCP_QUOTA", Error, "error-policy-size-exceeds-scp-quota", "The %d characters in the service control policy (SCP) exceed the %d character maximum for SCPs. We recommend that you use multiple granular policies."},
	{"INVALID_SERVICE_PRINCIPAL_FORMAT", Error, "error-invalid-service-principal-format", "The service principal does not match the expected format. Use the format %s."},
	{"MISSING_TAG_KEY_IN_CONDITION", Error, "error-missing-tag-key-in-condition", "The condition key %s must include a tag key to control access based on tags. Use the format %stag-key and specify a key name for tag-key."},
	{"INVALID_VPC_FORMAT", Error, "error-invalid-vpc-format", "The VPC identifier in the condition key value is not valid. Use the prefix 'vpc-' followed by 8 or 17 alphanumeric characters."},
	{"INVALID_VPCE_FORMAT", Error, "error-invalid-vpce-format", "The VPCE identifier in the condition key value is not valid.  Use the prefix 'vpce-' followed by 8 or 17 alphanumeric characters."},
	{"FEDERATED_PRINCIPAL_NOT_SUPPORTED", Error, "error-federated-principal-not-supported", "The policy type does not support a federated identity provider in the principal element. Use a supported principal."},
	{"UNSUPPORTED_ACTION_FOR_CONDITION_KEY", Error, "error-unsupported-action-for-condition-key", "The following actions: %s are not supported by the condition key %s. The condition will not be evaluated for these actions. We recommend that you move these actions to a different statement without this condition key."},
	{"UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL", Error, "error-unsupported-condition-key-for-service-principal", "The following condition keys are not supported when used with the service principal: %s."},
	{"ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", Error, "error-role-trust-policy-syntax-error-notprincipal", "Role trust policies do not support NotPrincipal. Update the policy to use a Principal element instead."},
	{"ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", Error, "error-role-trust-policy-unsupported-wildcard-in-principal", `"Principal:" "*" is not supported in the principal element of a role trust policy. Replace the wildcard with a valid principal value.`},
	{"ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", Error, "error-role-trust-policy-syntax-error-resource", "Role trust policies apply to the role that they are attached to. You cannot specify a resource. Remove the Resource or NotResource element."},
	{"TYPE_MISMATCH_IP_RANGE", Error, "error-type-mismatch-ip-range", "The condition operator %s is used with an invalid IP range value. Specify the IP range in standard CIDR format."},
	{"MISSING_ACTION_FOR_CONDITION_KEY", Error, "error-missing-action-for-condition-key", "The %s action must be in the action block to allow setting values for the condition key %s. Add %s to the action block."},
	{"INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY", Error, "error-invalid-federated-principal-syntax-in-role-trust-policy", "The principal value specifies a federated principal that does not match the expected format. Update the federated principal to a domain name or a SAML metadata ARN."},
	{"MISMATCHED_ACTION_FOR_PRINCIPAL", Error, "error-mismatched-action-for-principal", "The %s action is invalid with the following principal(s): %s. Use a SAML provider principal with the sts:AssumeRoleWithSAML action or use an OIDC provider principal with the sts:AssumeRoleWithWebIdentity action. Ensure the provider is Federated if you use either of the two options."},
	{"MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY", Error, "error-missing-action-for-roles-anywhere-trust-policy", "The rolesanywhere.amazonaws.com service principal requires the sts:AssumeRole, sts:SetSourceIdentity, and sts:TagSession permissions to assume a role. Add the missing permissions to the policy."},
	{"POLICY_SIZE_EXCEEDS_RCP_QUOTA", Error, "error-policy-size-exceeds-rcp-quota", "The %d characters in the resource control policy (RCP) exceed the %d character maximum for RCPs. We recommend that you use multiple granular policies."},
	{"RCP_SYNTAX_ERROR_PRINCIPAL", Error, "error-rcp-syntax-error-principal", `The Principal element contents are not valid. RCPs only support specifying all principals ("*") in the Principal element. The NotPrincipal element is not supported for RCPs.`},
	{"RCP_SYNTAX_ERROR_ALLOW", Error, "error-rcp-syntax-error-allow", `RCPs only support specifying all principals ("*") in the Principal element, all resources ("*") in the Resource element, and no Condition element with an effect of Allow.`},
	{"RCP_SYNTAX_ERROR_NOTACTION", Error, "error-rcp-syntax-error-notaction", "RCPs do not support the NotAction element. Update to use the Action element."},
	{"RCP_SYNTAX_ERROR_ACTION", Error, "error-rcp-syntax-error-action", "RCPs only support specifying select service prefixes in the Action element. Learn more here."},
	{"MISSING_ARN_ACCOUNT", Error, "error-missing-arn-account", "The resource %s in the arn is missing an account id. Please provide a 12 digit account id."},
	{"INVALID_KMS_KEY_VALUE", Error, "error-invalid-kms-key-value", "The %s condition key value must be a valid KMS key ARN."},
	{"VARIABLE_USAGE_TOO_PERMISSIVE", Error, "error-variable-usage-too-permissive", "%s"},
	{"WILDCARD_USAGE_TOO_PERMISSIVE", Error, "error-wildcard-usage-too-permissive", "%s"},

	{"CREATE_SLR_WITH_NOT_RESOURCE", Warning, "general-warning-create-slr-with-not-resource", "Using the iam:CreateServiceLinkedRole action with NotResource can allow creation of unintended service-linked roles for multiple resources. We recommend that you specify resource ARNs instead."},
	{"CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", Warning, "general-warning-create-slr-with-star-in-action-and-not-resource", "Using an action with a wildcard(*) and NotResource can allow creation of unintended service-linked roles because it can allow iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead."},
	{"CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE", Warning, "general-warning-create-slr-with-not-action-and-not-resource", "Using NotAction with NotResource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead."},
	{"CREATE_SLR_WITH_STAR_IN_RESOURCE", Warning, "general-warning-create-slr-with-star-in-resource", "Using the iam:CreateServiceLinkedRole action with wildcards (*) in the resource can allow creation of unintended service-linked roles. We recommend that you specify resource ARNs instead."},
	{"CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE", Warning, "general-warning-create-slr-with-star-in-action-and-resource", "Using wildcards (*) in the action and the resource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead."},
	{"CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION", Warning, "general-warning-create-slr-with-star-in-resource-and-not-action", "Using a resource with wildcards (*) and NotAction can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead."},
	{"DEPRECATED_GLOBAL_CONDITION_KEY", Warning, "general-warning-deprecated-global-condition-key", "We recommend that you update aws:ARN to use the newer condition key aws:PrincipalArn."},
	{"INVALID_DATE_VALUE", Warning, "general-warning-invalid-date-value", "The date %s might not resolve as expected. We recommend that you use the YYYY-MM-DD format."},
	{"INVALID_ROLE_REFERENCE", Warning, "general-warning-invalid-role-reference", "The Principal element includes the IAM role ID %s. We recommend that you use a role ARN instead."},
	{"INVALID_USER_REFERENCE", Warning, "general-warning-invalid-user-reference", "The Principal element includes the IAM user ID %s. We recommend that you use a user ARN instead."},
	{"MISSING_VERSION", Warning, "general-warning-missing-version", "We recommend that you specify the Version element to help you with debugging permission issues."},
	{"UNIQUE_SIDS_RECOMMENDED", Warning, "general-warning-unique-sids-recommended", "We recommend that you use statement IDs that are unique to your policy. Update the Sid value."},
	{"WILDCARD_WITHOUT_LIKE_OPERATOR", Warning, "general-warning-wildcard-without-like-operator", "Your condition value includes a * or ? character. If you meant to use a wildcard (*, ?), update the condition operator to include Like."},
	{"POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", Warning, "general-warning-policy-size-exceeds-identity-policy-quota", "The %d characters in the identity policy, excluding whitespace, exceed the %d character maximum for inline and managed policies. We recommend that you use multiple granular policies."},
	{"POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", Warning, "general-warning-policy-size-exceeds-resource-policy-quota", "The %d characters in the resource policy exceed the %d character maximum for resource policies. We recommend that you use multiple granular policies."},
	{"TYPE_MISMATCH", Warning, "general-warning-type-mismatch", "Use the operator type %s instead of operator %s for the condition key %s."},
	{"TYPE_MISMATCH_BOOLEAN", Warning, "general-warning-type-mismatch-boolean", "Add a valid Boolean value (true or false) for the condition operator %s."},
	{"TYPE_MISMATCH_DATE", Warning, "general-warning-type-mismatch-date", "The date condition operator is used with an invalid value. Specify a valid date using YYYY-MM-DD or other ISO 8601 date/time format."},
	{"TYPE_MISMATCH_NUMBER", Warning, "general-warning-type-mismatch-number", "Add a valid numeric value for the condition operator %s."},
	{"TYPE_MISMATCH_STRING", Warning, "general-warning-type-mismatch-string", "Add a valid base64-encoded string value for the condition operator %s."},
	{"SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED", Warning, "general-warning-specific-github-repo-and-branch-recommended", "Using a wildcard (*) in token.actions.githubusercontent.com:sub can allow requests from more sources than you intended. Specify the value of token.actions.githubusercontent.com:sub with the repository and branch name. If the subject claim does not include the branch, specify it in a token.actions.githubusercontent.com:ref condition key."},
	{"POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", Warning, "general-warning-policy-size-exceeds-role-trust-policy-quota", "The characters in the role trust policy, excluding whitespace, exceed the character maximum. We recommend that you request a role trust policy length quota increase using Service Quotas and AWS Support Center. If the quotas have already been increased, then you can ignore this warning."},
	{"RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY", Warning, "general-warning-rcp-missing-related-principal-condition-key", `RCPs impact IAM roles, users, and AWS service principals. To prevent unintended impact to services acting on your behalf using a service principal, an additional statement should be added to the Condition block "BoolIfExists": { "aws:PrincipalIsAWSService": "false"} whenever a principal key %s is used.`},
	{"RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY", Warning, "general-warning-rcp-missing-related-service-principal-condition-key", `RCPs impact IAM roles, users, and AWS service principals. To prevent unintended impact to your principals, an additional statement should be added to the Condition block "BoolIfExists": { "aws:PrincipalIsAWSService": "true"} whenever the key %s is used.`},
	{"RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK", Warning, "general-warning-rcp-missing-service-condition-key-null-check", `The specified service may have a service integration that does not require the use of the %s condition key. To prevent unintended impact to services acting on your behalf using a service principal, an additional statement should be added to the Condition block "Null": { "aws:SourceAccount": "false"} or "Null": { "aws:SourceArn": "false"} whenever the key %s is used.`},
	{"USE_CONDITION_KEY_ONLY_WITH_SUPPORTED_SERVICES", Warning, "general-warning-use-condition-key-only-with-supported-services", "The condition key %s works only with specific AWS services and must be scoped to supported services in your policies."},

	{"UNTRUSTWORTHY_CONDITION_KEY", SecurityWarning, "security-warning-untrustworthy-condition-key", "The %s condition key is not recommended for access control as it can be spoofed/manipulated by the caller."},
	{"ALLOW_WITH_NOT_PRINCIPAL", SecurityWarning, "security-warning-allow-with-not-principal", "Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead."},
	{"FORALLVALUES_WITH_SINGLE_VALUED_KEY", SecurityWarning, "security-warning-forallvalues-with-single-valued-key", "Using ForAllValues qualifier with the single-valued condition key %s can be overly permissive. We recommend that you remove ForAllValues:."},
	{"PASS_ROLE_WITH_NOT_RESOURCE", SecurityWarning, "security-warning-pass-role-with-not-resource", "Using the iam:PassRole action with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead."},
	{"PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", SecurityWarning, "security-warning-pass-role-with-star-in-action-and-not-resource", "Using an action with a wildcard (*) and NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead."},
	{"PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE", SecurityWarning, "security-warning-pass-role-with-not-action-and-not-resource", "Using NotAction with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources.. We recommend that you specify resource ARNs instead."},
	{"PASS_ROLE_WITH_STAR_IN_RESOURCE", SecurityWarning, "security-warning-pass-role-with-star-in-resource", "Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement."},
	{"PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", SecurityWarning, "security-warning-pass-role-with-star-in-action-and-resource", "Using wildcards (*) in the action and the resource can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement."},
	{"PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION", SecurityWarning, "security-warning-pass-role-with-star-in-resource-and-not-action", "Using a resource with wildcards (*) and NotAction can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement."},
	{"MISSING_PAIRED_CONDITION_KEYS", SecurityWarning, "security-warning-missing-paired-condition-keys", "Using the condition key %s can be overly permissive without also using the following condition keys: %s. Condition keys like this one are more secure when paired with a related key. We recommend that you add the related condition keys to the same condition block."},
	{"DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", SecurityWarning, "security-warning-deny-with-unsupported-tag-condition-key-for-service", "Using the effect Deny with the tag condition key %s and actions for services with the following prefixes can be overly permissive: %s. Actions for the listed services are not denied by this statement. We recommend that you move these actions to a different statement without this condition key."},
	{"DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", SecurityWarning, "security-warning-deny-notaction-with-unsupported-tag-condition-key-for-service", "Using the effect Deny with NotAction and the tag condition key %s can be overly permissive because some service actions are not denied by this statement. This is because the condition key doesn't apply to some service actions. We recommend that you use Action instead of NotAction."},
	{"RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL", SecurityWarning, "security-warning-restrict-access-to-service-principal", "Granting access to a service principal without specifying a source is overly permissive. Use aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, or aws:SourceOrgPaths condition key to grant fine-grained access."},
	{"MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL", SecurityWarning, "security-warning-missing-condition-key-for-oidc-principal", "Using an Open ID Connect principal without a condition can be overly permissive. Add condition keys with a prefix that matches your federated OIDC principals to ensure that only the intended identity provider assumes the role."},
	{"MISSING_GITHUB_REPO_CONDITION_KEY", SecurityWarning, "security-warning-missing-github-repo-condition-key", "Granting a federated GitHub principal permissions without a condition key can allow more sources to assume the role than you intended. Add the token.actions.githubusercontent.com:sub condition key and specify the branch and repository name in the value."},
	{"STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS", SecurityWarning, "security-warning-string-like-operator-with-arn-condition-keys", "Use the operator type %s instead of operator %s for the condition key %s."},
	{"DYNAMODB_ATTRIBUTES_WITHOUT_SELECT", SecurityWarning, "security-warning-dynamodb-attributes-without-select", "Restricting dynamodb:Attributes without also setting dynamodb:Select to SPECIFIC_ATTRIBUTES allows all attributes to be returned on read requests that omit a projection expression. We recommend that you also set dynamodb:Select to SPECIFIC_ATTRIBUTES."},
	{"S3_PREFIX_IN_NEGATIVE_CONTEXT", SecurityWarning, "security-warning-s3-prefix-in-negative-context", "Using the s3:prefix condition key in a Deny statement or with a negated string operator does not block listing the objects under the matching prefixes. A request that specifies a shorter prefix does not match the condition and can still list those objects. To restrict listing to specific prefixes, use s3:prefix with StringLike in an Allow statement, or use a Deny statement with StringNotLike."},
	{"FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE", SecurityWarning, "security-warning-foranyvalue-with-audience-claim-type", "Using ForAnyValue qualifier with the single-valued condition key %s can be overly permissive. We recommend that you remove ForAnyValue:."},

	{"EMPTY_ARRAY_ACTION", Suggestion, "suggestion-empty-array-action", "This statement includes no actions and does not affect the policy. Specify actions."},
	{"EMPTY_ARRAY_CONDITION", Suggestion, "suggestion-empty-array-condition", "There are no values for the condition key %s and it does not affect the policy. Specify conditions."},
	{"EMPTY_ARRAY_CONDITION_FORALLVALUES", Suggestion, "suggestion-empty-array-condition-forallvalues", "The ForAllValues prefix with an empty condition key matches only if the key %s is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead."},
	{"EMPTY_ARRAY_CONDITION_FORANYVALUE", Suggestion, "suggestion-empty-array-condition-foranyvalue", "The ForAnyValue prefix with an empty condition key %s never matches the request context and it does not affect the policy. Specify conditions."},
	{"EMPTY_ARRAY_CONDITION_IFEXISTS", Suggestion, "suggestion-empty-array-condition-ifexists", "The IfExists suffix with an empty condition key matches only if the key %s is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead."},
	{"EMPTY_ARRAY_PRINCIPAL", Suggestion, "suggestion-empty-array-principal", "This statement includes no principals and does not affect the policy. Specify principals."},
	{"EMPTY_ARRAY_RESOURCE", Suggestion, "suggestion-empty-array-resource", "This statement includes no resources and does not affect the policy. Specify resources."},
	{"EMPTY_OBJECT_CONDITION", Suggestion, "suggestion-empty-object-condition", "This condition block is empty and it does not affect the policy. Specify conditions."},
	{"EMPTY_OBJECT_PRINCIPAL", Suggestion, "suggestion-empty-object-principal", "This statement includes no principals and does not affect the policy. Specify principals."},
	{"EMPTY_SID_VALUE", Suggestion, "suggestion-empty-sid-value", "Add a value to the empty string in the Sid element."},
	{"EQUIVALENT_TO_NULL_FALSE", Suggestion, "suggestion-equivalent-to-null-false", "We recommend replacing the key %s in the condition block of %s with {%s: false} to ensure better enforcement of the condition."},
	{"EQUIVALENT_TO_NULL_TRUE", Suggestion, "suggestion-equivalent-to-null-true", "We recommend replacing the key %s in the condition block of %s with {%s: true} to ensure better enforcement of the condition."},
	{"IMPROVE_IP_RANGE", Suggestion, "suggestion-improve-ip-range", "The non-zero bits in the IP address after the masked bits are ignored. Replace address with %s."},
	{"NULL_WITH_QUALIFIER", Suggestion, "suggestion-null-with-qualifier", "Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers because they always return a true or false respectively."},
	{"PRIVATE_IP_ADDRESS_SUBSET", Suggestion, "suggestion-private-ip-address-subset", "The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses will not have the desired effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp."},
	{"PRIVATE_NOT_IP_ADDRESS_SUBSET", Suggestion, "suggestion-private-not-ip-address-subset", "The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses have no effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp."},
	{"REDUNDANT_ACTION", Suggestion, "suggestion-redundant-action", "The %d action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: %s."},
	{"REDUNDANT_CONDITION_VALUE_NUM", Suggestion, "suggestion-redundant-condition-value-num", "Multiple values in %s are redundant. Replace with the %s single value for %s."},
	{"REDUNDANT_RESOURCE", Suggestion, "suggestion-redundant-resource", "The %d resource ARN(s) are redundant because they reference the same resource. Review the use of wildcards (*)"},
	{"REDUNDANT_STATEMENT", Suggestion, "suggestion-redundant-statement", "The statements are redundant because they provide identical permissions. Update the policy to remove the redundant statement."},
	{"WILDCARD_IN_SERVICE_NAME", Suggestion, "suggestion-wildcard-in-service-name", "Avoid using wildcards (*, ?) in the service name because it might grant unintended access to other AWS services with similar names."},
	{"ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", Suggestion, "suggestion-allow-with-unsupported-tag-condition-key-for-service", "Using the effect Allow with the tag condition key %s and actions for services with the following prefixes does not affect the policy: %s. Actions for the listed service are not allowed by this statement. We recommend that you move these actions to a different statement without this condition key."},
	{"ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", Suggestion, "suggestion-allow-notaction-with-unsupported-tag-condition-key-for-service", "Using the effect Allow with NotAction and the tag condition key %s allows only service actions that support the condition key. The condition key doesn't apply to some service actions. We recommend that you use Action instead of NotAction."},
	{"RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL", Suggestion, "suggestion-recommended-condition-key-for-service-principal", "To restrict access to the service principal %s operating on your behalf, we recommend aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, or aws:SourceOrgPaths instead of %s."},
	{"IRRELEVANT_CONDITION_KEY_IN_POLICY", Suggestion, "suggestion-irrelevant-condition-key-in-policy", "The condition key %s is not relevant for the %s policy.  Use this key in an identity-based policy to govern access to this resource."},
	{"REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION", Suggestion, "suggestion-redundant-key-due-to-wildcard-in-condition", "The key %s in the condition block of %s is redundant because it is always matched. Remove this key to simplify the condition."},
	{"REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY", Suggestion, "suggestion-redundant-principal-in-role-trust-policy", "The assumed-role principal %s is redundant with its parent role %s. Remove the assumed-role principal."},
	{"REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION", Suggestion, "suggestion-redundant-statement-due-to-wildcard-in-condition", "The key %s in the condition block of %s does not match any values. Remove this key to simplify the condition."},
	{"CONFIRM_AUDIENCE_CLAIM_TYPE", Suggestion, "suggestion-confirm-audience-claim-type", `The "%s" (%s) claim key identifies the recipients that the JSON web token is intended for. Because this claim is single-valued, do not use a qualifier.`},
}

// jsonSyntaxShort is the JSON_SYNTAX_ERROR text when no position can be named.
const jsonSyntaxShort = "Fix the JSON syntax error."

var checkIndex = func() map[string]*Check {
	m := make(map[string]*Check, len(checkTable))
	for i := range checkTable {
		if _, dup := m[checkTable[i].IssueCode]; dup {
			panic("analysis: duplicate check " + checkTable[i].IssueCode)
		}
		m[checkTable[i].IssueCode] = &checkTable[i]
	}
	return m
}()

// Checks returns every check this package implements, sorted by issue code.
func Checks() []Check {
	out := append([]Check(nil), checkTable...)
	sort.Slice(out, func(i, j int) bool { return out[i].IssueCode < out[j].IssueCode })
	return out
}

// LookupCheck returns the check with this issue code.
func LookupCheck(code string) (Check, bool) {
	c, ok := checkIndex[code]
	if !ok {
		return Check{}, false
	}
	return *c, true
}

// newFinding makes a finding of check code with its details formatted from args.
func newFinding(code string, args []any, locs []Location) Finding {
	c, ok := checkIndex[code]
	if !ok {
		panic("analysis: unknown check " + code)
	}
	details := c.Details
	if len(args) > 0 {
		details = fmt.Sprintf(c.Details, args...)
	}
	return Finding{FindingDetails: details, FindingType: c.Type, IssueCode: c.IssueCode,
		LearnMoreLink: c.LearnMoreLink(), Locations: locs}
}
