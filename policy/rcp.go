package policy

// rcpServices are the service prefixes whose actions resource control policies apply to,
// from the AWS Organizations User Guide, "Resource control policies (RCPs)", section
// "List of AWS services that support RCPs" (orgs_manage_policies_rcps.html
// #rcp-supported-services). Keep this list in step with that page.
var rcpServices = map[string]bool{
	"appstream": true, "dsql": true, "clouddirectory": true, "cloudfront": true,
	"cloudsearch": true, "logs": true, "networkmonitor": true, "cognito-identity": true,
	"cognito-idp": true, "comprehend": true, "comprehendmedical": true, "firehose": true,
	"dynamodb": true, "dax": true, "autoscaling": true, "ecr": true, "ecr-public": true,
	"gamelift": true, "inspector-scan": true, "kendra": true, "kinesisvideo": true,
	"memorydb": true, "aoss": true, "personalize": true, "polly": true, "s3": true,
	"swf": true, "sqs": true, "textract": true, "timestream-influxdb": true,
	"transcribe": true, "translate": true, "workspaces": true, "appconfig": true,
	"autoscaling-plans": true, "budgets": true, "servicediscovery": true,
	"cloudtrail-data": true, "codeartifact": true, "codebuild": true, "codecommit": true,
	"codepipeline": true, "compute-optimizer": true, "cost-optimization-hub": true,
	"events": true, "fms": true, "fis": true, "health": true, "rolesanywhere": true,
	"kms": true, "opensearch": true, "pricing": true, "pca-connector-ad": true,
	"resource-groups": true, "secretsmanager": true, "sts": true, "signin": true,
	"support": true, "transfer": true, "notifications": true, "wafv2": true, "xray": true,
}

// rcpExemptActions are actions of supported services that RCPs nonetheless do not restrict
// (same page, "Resources and entities not restricted by RCPs"), lower-cased.
var rcpExemptActions = map[string]bool{
	"kms:retiregrant": true,
}

// RCPApplies reports whether resource control policies restrict the given action
// (service:Name, any case), as far as the action's service is concerned.
func RCPApplies(action string) bool {
	var buf [maxActionLen]byte
	lower, ok := lowerASCII(action, buf[:])
	if !ok {
		return false
	}
	return rcpAppliesLower(lower)
}

func rcpAppliesLower(lower []byte) bool {
	for i, c := range lower {
		if c == ':' {
			return rcpServices[string(lower[:i])] && !rcpExemptActions[string(lower)]
		}
	}
	return false
}
