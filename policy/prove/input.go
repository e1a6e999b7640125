package prove

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/policy"
)

// ResourceTypes maps each resourceType CheckNoPublicAccess accepts (the AccessCheckResourceType
// enumeration of the Access Analyzer API) to the service prefixes of its actions.
var ResourceTypes = map[string][]string{
	"AWS::DynamoDB::Table":               {"dynamodb"},
	"AWS::DynamoDB::Stream":              {"dynamodb"},
	"AWS::EFS::FileSystem":               {"elasticfilesystem"},
	"AWS::OpenSearchService::Domain":     {"es"},
	"AWS::Kinesis::Stream":               {"kinesis"},
	"AWS::Kinesis::StreamConsumer":       {"kinesis"},
	"AWS::KMS::Key":                      {"kms"},
	"AWS::Lambda::Function":              {"lambda"},
	"AWS::S3::Bucket":                    {"s3"},
	"AWS::S3::AccessPoint":               {"s3"},
	"AWS::S3Express::DirectoryBucket":    {"s3express"},
	"AWS::S3::Glacier":                   {"glacier"},
	"AWS::S3Outposts::Bucket":            {"s3-outposts"},
	"AWS::S3Outposts::AccessPoint":       {"s3-outposts"},
	"AWS::SecretsManager::Secret":        {"secretsmanager"},
	"AWS::SNS::Topic":                    {"sns"},
	"AWS::SQS::Queue":                    {"sqs"},
	"AWS::IAM::AssumeRolePolicyDocument": {"sts"},
	"AWS::S3Tables::TableBucket":         {"s3tables"},
	"AWS::S3Tables::Table":               {"s3tables"},
	"AWS::ApiGateway::RestApi":           {"execute-api"},
	"AWS::CodeArtifact::Domain":          {"codeartifact"},
	"AWS::Backup::BackupVault":           {"backup"},
	"AWS::CloudTrail::Dashboard":         {"cloudtrail"},
	"AWS::CloudTrail::EventDataStore":    {"cloudtrail"},
	"AWS::S3Express::AccessPoint":        {"s3express"},
}

// parseFor parses a document of the given policyType. A RESOURCE_POLICY without Resource
// elements is read as a role trust policy (Access Analyzer counts trust policies among
// resource policies).
func parseFor(text string, typ PolicyType, param string) (*policy.Document, error) {
	switch typ {
	case IdentityPolicy:
		return parseKind(text, policy.Identity, param)
	case ResourcePolicy:
		d, err := parseKind(text, policy.Resource, param)
		if err == nil {
			return d, nil
		}
		if t, terr := parseKind(text, policy.RoleTrust, param); terr == nil {
			return t, nil
		}
		return nil, err
	}
	return nil, &InputError{Param: "policyType", Err: fmt.Errorf("%q is not IDENTITY_POLICY or RESOURCE_POLICY", typ)}
}

// Problems the checks tolerate. They analyse any document, AWS managed policies (far above
// IAM's size quotas) included; and a resource policy may leave out Resource, meaning the
// resource it is attached to, which the checks read as any resource ("*").
const (
	sizeProblem       = "Cannot exceed quota for PolicySize"
	noResourceProblem = "Policy statement must contain resources."
)

func parseKind(text string, kind policy.Kind, param string) (*policy.Document, error) {
	if len(text) > policy.MaxDocumentBytes {
		return nil, &InputError{Param: param, Err: fmt.Errorf("the document is larger than %d bytes", policy.MaxDocumentBytes)}
	}
	d, err := policy.Parse([]byte(text), kind)
	if err == nil {
		return d, nil
	}
	var ve *policy.ValidationError
	if !errors.As(err, &ve) || d == nil {
		return nil, &InputError{Param: param, Err: err}
	}
	for _, p := range ve.Problems {
		tolerated := strings.HasPrefix(p.Message, sizeProblem) || kind == policy.Resource && p.Message == noResourceProblem
		if p.Severity == policy.Error && !tolerated {
			return nil, &InputError{Param: param, Err: err}
		}
	}
	for i := range d.Statements {
		if s := &d.Statements[i]; kind == policy.Resource && len(s.Resources) == 0 {
			s.Resources = []policy.Value{{Text: "*", Pos: s.Pos}}
		}
	}
	return d, nil
}
