package policy

import (
	"testing"
)

// recordedAnswer is a document sent to IAM's CreatePolicy and what IAM answered: the
// MalformedPolicyDocument message, or "" when it created the policy.
type recordedAnswer struct {
	n       int // the case's index in the source
	doc     string
	message string
}

// The documents and answers below are AWS's, recorded against the real CreatePolicy API:
// LocalStack's AWS-validated snapshot tests/aws/services/iam/test_iam_policies.snapshot.json
// (TestPolicyDocumentValidity, recorded 10 and 18 February 2026; n is the index of
// invalid-n / valid-n there), which replays the cases of moto's tests/test_iam/test_iam_policies.py.
// Nothing here was derived from Gatehouse.

var awsRefusedCreatePolicy = []recordedAnswer{
	{0, `This is not a json document`, "Syntax errors in policy."},
	{1, `{"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, "Policy document must be version 2012-10-17 or greater."},
	{2, `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, "Policy document must be version 2012-10-17 or greater."},
	{3, `{"Version":"2013-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, "Syntax errors in policy."},
	{4, `{"Version":"2012-10-17"}`, "Syntax errors in policy."},
	{5, `{"Version":"2012-10-17","Statement":["afd"]}`, "Syntax errors in policy."},
	{6, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"},"Extra field":"value"}`, "Syntax errors in policy."},
	{7, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Extra field":"value"}}`, "Syntax errors in policy."},
	{8, `{"Version":"2012-10-17","Id":["cd3a324d2343d942772346-34234234423404-4c2242343242349d1642ee"],"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, "Syntax errors in policy."},
	{9, `{"Version":"2012-10-17","Id":{},"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, "Syntax errors in policy."},
	{10, `{"Version":"2012-10-17","Statement":{"Effect":"invalid","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, "Syntax errors in policy."},
	{11, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"invalid","Resource":"arn:aws:s3:::example_bucket"}}`, "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
	{12, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"","Resource":"arn:aws:s3:::example_bucket"}}`, "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
	{13, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a a:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, "Vendor a a is not valid"},
	{14, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:List:Bucket","Resource":"arn:aws:s3:::example_bucket"}}`, "Actions/Condition can contain only one colon."},
	{15, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3s:ListBucket","Resource":"arn:aws:s3:::example_bucket"},{"Effect":"Allow","Action":"s:3s:ListBucket","Resource":"arn:aws:s3:::example_bucket"}]}`, "Actions/Condition can contain only one colon."},
	{16, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"invalid resource"}}`, "Resource invalid resource must be in ARN format or \"*\"."},
	{17, `{"Version":"2012-10-17","Statement":[{"Sid":"EnableDisableHongKong","Effect":"Allow","Action":["account:EnableRegion","account:DisableRegion"],"Resource":"","Condition":{"StringEquals":{"account:TargetRegion":"ap-east-1"}}},{"Sid":"ViewConsole","Effect":"Allow","Action":["aws-portal:ViewAccount","account:ListRegions"],"Resource":""}]}`, "Resource  must be in ARN format or \"*\"."},
	{18, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s:3:ListBucket","Resource":"sdfsadf"}}`, "Resource sdfsadf must be in ARN format or \"*\"."},
	{19, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":["adf"]}}`, "Resource adf must be in ARN format or \"*\"."},
	{20, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":""}}`, "Resource  must be in ARN format or \"*\"."},
	{21, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3s:ListBucket","Resource":"a:bsdfdsafsad"}}`, "Partition \"bsdfdsafsad\" is not valid for resource \"arn:bsdfdsafsad:*:*:*:*\"."},
	{22, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3s:ListBucket","Resource":"a:b:cadfsdf"}}`, "Partition \"b\" is not valid for resource \"arn:b:cadfsdf:*:*:*\"."},
	{23, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3s:ListBucket","Resource":"a:b:c:d:e:f:g:h"}}`, "Partition \"b\" is not valid for resource \"arn:b:c:d:e:f:g:h\"."},
	{24, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"aws:s3:::example_bucket"}}`, "Partition \"s3\" is not valid for resource \"arn:s3:::example_bucket:*\"."},
	{25, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:error:s3:::example_bucket","arn:error:s3::example_bucket"]}}`, "Partition \"error\" is not valid for resource \"arn:error:s3:::example_bucket\"."},
	{26, `{"Version":"2012-10-17","Statement":[]}`, "Syntax errors in policy."},
	{27, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket"}}`, "Policy statement must contain resources."},
	{28, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":[]}}`, "Policy statement must contain resources."},
	{29, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"invalid"}}`, "Policy statement must contain resources."},
	{30, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"arn:aws:s3:::example_bucket"}}`, "Policy statement must contain actions."},
	{31, `{"Version":"2012-10-17","Statement":{"Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, "Syntax errors in policy."},
	{32, `{"Version":"2012-10-17","Statement":{"Effect":"Allow"}}`, "Policy statement must contain actions."},
	{33, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":[],"Resource":"arn:aws:s3:::example_bucket"}}`, "Policy statement must contain actions."},
	{34, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny"},{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}]}`, "Policy statement must contain actions."},
	{35, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:iam:::example_bucket"}}`, "IAM resource path must either be \"*\", root, or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/."},
	{36, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3::example_bucket"}}`, "The policy failed legacy parsing"},
	{37, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"arn:aws:s3::example_bucket"}}`, "The policy failed legacy parsing"},
	{38, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws"}}`, "Resource vendor must be fully qualified and cannot contain regexes."},
	{39, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":{"a":"arn:aws:s3:::example_bucket"}}}`, "Syntax errors in policy."},
	{40, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:ListBucket","Resource":["adfdf",{}]}}`, "Syntax errors in policy."},
	{41, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","NotResource":[]}}`, "Syntax errors in policy."},
	{42, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":[[]],"Resource":"arn:aws:s3:::example_bucket"}}`, "Syntax errors in policy."},
	{43, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3s:ListBucket","Action":[],"Resource":"arn:aws:s3:::example_bucket"}}`, "Syntax errors in policy."},
	{44, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":{},"Resource":"arn:aws:s3:::example_bucket"}}`, "Syntax errors in policy."},
	{45, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":[]}}`, "Syntax errors in policy."},
	{46, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":"a"}}`, "Syntax errors in policy."},
	{47, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"a":"b"}}}`, "Syntax errors in policy."},
	{48, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":"b"}}}`, "Syntax errors in policy."},
	{49, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":[]}}}`, "Syntax errors in policy."},
	{50, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":{"a":{}}}}}`, "Syntax errors in policy."},
	{51, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":{"a":{}}}}}`, "Syntax errors in policy."},
	{52, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"x":{"a":"1"}}}}`, "Syntax errors in policy."},
	{53, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"ForAnyValue::StringEqualsIfExists":{"a":"asf"}}}}`, "Syntax errors in policy."},
	{54, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":[{"ForAllValues:StringEquals":{"aws:TagKeys":"Department"}}]}}`, "Syntax errors in policy."},
	{55, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:iam:us-east-1::example_bucket"}}`, "IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information."},
	{56, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:us-east-1::example_bucket"}}`, "Resource arn:aws:s3:us-east-1::example_bucket can not contain region information."},
	{57, `{"Version":"2012-10-17","Statement":{"Sid":{},"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, "Syntax errors in policy."},
	{58, `{"Version":"2012-10-17","Statement":{"Sid":[],"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, "Syntax errors in policy."},
	{59, `{"Version":"2012-10-17","Statement":[{"Sid":"sdf","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"},{"Sid":"sdf","Effect":"Allow"}]}`, "Statement IDs (SID) in a single policy must be unique."},
	{60, `{"Statement":[{"Sid":"sdf","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"},{"Sid":"sdf","Effect":"Allow"}]}`, "Policy document must be version 2012-10-17 or greater."},
	{61, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3:ListBucket","Action":"iam:dsf","Resource":"arn:aws:s3:::example_bucket"}}`, "Syntax errors in policy."},
	{62, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","NotResource":"*"}}`, "Syntax errors in policy."},
	{63, `{"Version":"2012-10-17","Statement":{"Effect":"denY","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, "The policy failed legacy parsing"},
	{64, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":{"a":"sdfdsf"}}}}`, "The policy failed legacy parsing"},
	{65, `{"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":{"a":"sdfdsf"}}}}`, "Policy document must be version 2012-10-17 or greater."},
	{66, `{"Statement":{"Effect":"denY","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, "Policy document must be version 2012-10-17 or greater."},
	{67, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Condition":{"DateGreaterThan":{"a":"sdfdsf"}}}}`, "The policy failed legacy parsing"},
	{68, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3:ListBucket","Resource":"arn:aws::::example_bucket"}}`, "The policy failed legacy parsing"},
	{69, `{"Version":"2012-10-17","Statement":{"Effect":"allow","Resource":"arn:aws:s3:us-east-1::example_bucket"}}`, "The policy failed legacy parsing"},
	{70, `{"Version":"2012-10-17","Statement":[{"Sid":"sdf","Effect":"aLLow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"},{"Sid":"sdf","Effect":"Allow"}]}`, "The policy failed legacy parsing"},
	{71, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","NotResource":"arn:aws:s3::example_bucket"}}`, "The policy failed legacy parsing"},
	{72, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateLessThanEquals":{"a":"234-13"}}}}`, "The policy failed legacy parsing"},
	{73, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateLessThanEquals":{"a":"2016-12-13t2:00:00.593194+1"}}}}`, "The policy failed legacy parsing"},
	{74, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateLessThanEquals":{"a":"2016-12-13t2:00:00.1999999999+10:59"}}}}`, "The policy failed legacy parsing"},
	{75, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateLessThan":{"a":"9223372036854775808"}}}}`, "The policy failed legacy parsing"},
	{76, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:error:s3:::example_bucket","Condition":{"DateGreaterThan":{"a":"sdfdsf"}}}}`, "The policy failed legacy parsing"},
	{77, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws::fdsasf"}}`, "The policy failed legacy parsing"},
}

var awsAcceptedCreatePolicy = []recordedAnswer{
	{0, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:aws:s3:::example_bucket"]}}`, ""},
	{1, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam: asdf safdsf af ","Resource":"arn:aws:s3:::example_bucket"}}`, ""},
	{2, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:aws:s3:::example_bucket","*"]}}`, ""},
	{3, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::example_bucket"}}`, ""},
	{4, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}]}`, ""},
	{5, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"service-prefix:action-name","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2017-07-01T00:00:00Z"},"DateLessThan":{"aws:CurrentTime":"2017-12-31T23:59:59Z"}}}}`, ""},
	{6, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"fsx:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, ""},
	{7, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:iam:::user/example_bucket"}}`, ""},
	{8, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s33:::example_bucket"}}`, ""},
	{9, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:fdsasf"}}`, ""},
	{10, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{}}}`, ""},
	{11, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":"Department"}}}}`, ""},
	{12, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:cloudwatch:us-east-1::example_bucket"}}`, ""},
	{13, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:ec2:us-east-1::example_bucket"}}`, ""},
	{14, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:invalid-service:::example_bucket"}}`, ""},
	{15, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:invalid-service:us-east-1::example_bucket"}}`, ""},
	{17, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":{}}}}`, ""},
	{18, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":{"a":[]}}}}`, ""},
	{19, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"a":{}}}}`, ""},
	{20, `{"Version":"2012-10-17","Statement":{"Sid":"dsfsdfsdfsdfsdfsadfsd","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, ""},
	{21, `{"Version":"2012-10-17","Statement":[{"Sid":"ConsoleDisplay","Effect":"Allow","Action":["iam:GetRole","iam:GetUser","iam:ListRoles","iam:ListRoleTags","iam:ListUsers","iam:ListUserTags"],"Resource":"*"},{"Sid":"AddTag","Effect":"Allow","Action":["iam:TagUser","iam:TagRole"],"Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/CostCenter":["A-123","B-456"]},"ForAllValues:StringEquals":{"aws:TagKeys":"CostCenter"}}}]}`, ""},
	{22, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, ""},
	{23, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::HRBucket/Payroll","arn:aws:s3:::HRBucket/Payroll/*"]}}`, ""},
	{24, `{"Version":"2012-10-17","Id":"sdfsdfsdf","Statement":{"Effect":"Allow","NotAction":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, ""},
	{25, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"aaaaaadsfdsafsadfsadfaaaaa:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, ""},
	{26, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3-s:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, ""},
	{27, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3.s:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, ""},
	{28, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3:ListBucket","NotResource":"*"}}`, ""},
	{29, `{"Version":"2012-10-17","Statement":[{"Sid":"sdf","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"},{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}]}`, ""},
	{30, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":{"a":"01T"}}}}`, ""},
	{31, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"x":{},"y":{}}}}`, ""},
	{32, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"StringEqualsIfExists":{"a":"asf"}}}}`, ""},
	{33, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"ForAnyValue:StringEqualsIfExists":{"a":"asf"}}}}`, ""},
	{34, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateLessThanEquals":{"a":"2019-07-01T13:20:15Z"}}}}`, ""},
	{35, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateLessThanEquals":{"a":"2016-12-13T21:20:37.593194+00:00"}}}}`, ""},
	{36, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateLessThanEquals":{"a":"2016-12-13t2:00:00.593194+23"}}}}`, ""},
	{37, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateLessThan":{"a":"-292275054"}}}}`, ""},
	{39, `{"Version":"2012-10-17","Statement":[{"Sid":"ListAndDescribe","Effect":"Allow","Action":["dynamodb:List*","dynamodb:DescribeReservedCapacity*","dynamodb:DescribeLimits","dynamodb:DescribeTimeToLive"],"Resource":"*"},{"Sid":"SpecificTable","Effect":"Allow","Action":["dynamodb:BatchGet*","dynamodb:DescribeStream","dynamodb:DescribeTable","dynamodb:Get*","dynamodb:Query","dynamodb:Scan","dynamodb:BatchWrite*","dynamodb:CreateTable","dynamodb:Delete*","dynamodb:Update*","dynamodb:PutItem"],"Resource":"arn:aws:dynamodb:*:*:table/MyTable"}]}`, ""},
	{40, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:AttachVolume","ec2:DetachVolume"],"Resource":["arn:aws:ec2:*:*:volume/*","arn:aws:ec2:*:*:instance/*"],"Condition":{"ArnEquals":{"ec2:SourceInstanceARN":"arn:aws:ec2:*:*:instance/instance-id"}}}]}`, ""},
	{41, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:AttachVolume","ec2:DetachVolume"],"Resource":"arn:aws:ec2:*:*:instance/*","Condition":{"StringEquals":{"ec2:ResourceTag/Department":"Development"}}},{"Effect":"Allow","Action":["ec2:AttachVolume","ec2:DetachVolume"],"Resource":"arn:aws:ec2:*:*:volume/*","Condition":{"StringEquals":{"ec2:ResourceTag/VolumeUser":"${aws:username}"}}}]}`, ""},
	{42, `{"Version":"2012-10-17","Statement":[{"Sid":"StartStopIfTags","Effect":"Allow","Action":["ec2:StartInstances","ec2:StopInstances","ec2:DescribeTags"],"Resource":"arn:aws:ec2:region:account-id:instance/*","Condition":{"StringEquals":{"ec2:ResourceTag/Project":"DataAnalytics","aws:PrincipalTag/Department":"Data"}}}]}`, ""},
	{43, `{"Version":"2012-10-17","Statement":[{"Sid":"ListYourObjects","Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:aws:s3:::bucket-name"],"Condition":{"StringLike":{"s3:prefix":["cognito/application-name/${cognito-identity.amazonaws.com:sub}"]}}},{"Sid":"ReadWriteDeleteYourObjects","Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject"],"Resource":["arn:aws:s3:::bucket-name/cognito/application-name/${cognito-identity.amazonaws.com:sub}","arn:aws:s3:::bucket-name/cognito/application-name/${cognito-identity.amazonaws.com:sub}/*"]}]}`, ""},
	{44, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListAllMyBuckets","s3:GetBucketLocation"],"Resource":"*"},{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::bucket-name","Condition":{"StringLike":{"s3:prefix":["","home/","home/${aws:userid}/*"]}}},{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::bucket-name/home/${aws:userid}","arn:aws:s3:::bucket-name/home/${aws:userid}/*"]}]}`, ""},
	{47, `{"Version":"2012-10-17","Statement":[{"Action":"ec2:*","Resource":"*","Effect":"Allow","Condition":{"StringEquals":{"ec2:Region":"region"}}}]}`, ""},
	{48, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"rds:*","Resource":["arn:aws:rds:region:*:*"]},{"Effect":"Allow","Action":["rds:Describe*"],"Resource":["*"]}]}`, ""},
	{49, `{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Action":"rds:*","Resource":["arn:aws:rds:region:*:*"]},{"Sid":"","Effect":"Allow","Action":["rds:Describe*"],"Resource":["*"]}]}`, ""},
	{50, `{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point","arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point/object/*"]}]}`, ""},
}

// TestCheckIAMRecordedAnswers replays IAM's recorded answers through CheckIAM as a managed
// policy (CreatePolicy) and checks that the engine's own validator never rejects what IAM
// accepted, nor accepts without a word what IAM refused.
func TestCheckIAMRecordedAnswers(t *testing.T) {
	t.Parallel()
	for _, c := range append(awsRefusedCreatePolicy, awsAcceptedCreatePolicy...) {
		name := "valid-"
		if c.message != "" {
			name = "invalid-"
		}
		t.Run(name+itoa(c.n), func(t *testing.T) {
			t.Parallel()
			got := CheckIAM([]byte(c.doc), IAMManaged)
			switch {
			case c.message == "" && got != nil:
				t.Fatalf("CheckIAM(managed) = %v, want the document accepted\n%s", got, c.doc)
			case c.message != "" && got == nil:
				t.Fatalf("CheckIAM(managed) accepted the document, want %q\n%s", c.message, c.doc)
			case c.message != "" && got.Message != c.message:
				t.Fatalf("CheckIAM(managed) = %q (%s), want %q\n%s", got.Message, got, c.message, c.doc)
			}
			checkEngineAgrees(t, c.doc, got)
		})
	}
}

// checkEngineAgrees checks Parse against IAM's answer for a managed policy (a permissions
// boundary): an Error only where IAM refuses the document; where IAM refuses it, an Error or a
// warning carrying IAM's message.
func checkEngineAgrees(t *testing.T, doc string, iam *Problem) {
	t.Helper()
	problems := Validate([]byte(doc), Boundary)
	var errs, warns []Problem
	for _, p := range problems {
		if p.Severity == Error {
			errs = append(errs, p)
		} else {
			warns = append(warns, p)
		}
	}
	if iam == nil {
		if len(errs) > 0 {
			t.Errorf("IAM accepts the document, but Parse reports errors: %v", errs)
		}
		return
	}
	if len(errs) > 0 {
		return
	}
	for _, w := range warns {
		if w.Message == iam.Message {
			return
		}
	}
	t.Errorf("IAM refuses the document (%s), but Parse reports neither an error nor that warning: %v", iam, problems)
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

// TestCheckIAMUses checks the rules that differ with where the document goes: only managed
// policies need Version 2012-10-17 (IAM User Guide, "IAM JSON policy elements: Version";
// recorded: CreatePolicy refuses 2008-10-17 and a missing Version, while inline, trust and
// session policies take both).
func TestCheckIAMUses(t *testing.T) {
	t.Parallel()
	identity := `"Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"}`
	trust := `"Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}`
	tests := []struct {
		name string
		use  IAMUse
		doc  string
		want string // "" when accepted
	}{
		{"managed without Version", IAMManaged, `{` + identity + `}`, msgVersionManaged},
		{"managed 2008-10-17", IAMManaged, `{"Version": "2008-10-17", ` + identity + `}`, msgVersionManaged},
		{"managed 2012-10-17", IAMManaged, `{"Version": "2012-10-17", ` + identity + `}`, ""},
		{"inline without Version", IAMInline, `{` + identity + `}`, ""},
		{"inline 2008-10-17", IAMInline, `{"Version": "2008-10-17", ` + identity + `}`, ""},
		{"trust without Version", IAMTrust, `{` + trust + `}`, ""},
		{"trust 2008-10-17", IAMTrust, `{"Version": "2008-10-17", ` + trust + `}`, ""},
		{"session 2008-10-17", IAMSession, `{"Version": "2008-10-17", ` + identity + `}`, ""},
		{"managed 2008 with a syntax error", IAMManaged, `{"Version": "2008-10-17", "Statement": []}`, msgSyntax},
		{"trust with a resource", IAMTrust, `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}}`, "Has prohibited field Resource"},
		{"trust with another action", IAMTrust, `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "s3:GetObject"}}`, msgTrustActions},
		{"session with a principal", IAMSession, `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}}`, msgNoPrincipal},
		{"unknown use", IAMUse(0), `{}`, msgSyntax},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := CheckIAM([]byte(tc.doc), tc.use)
			switch {
			case tc.want == "" && got != nil:
				t.Errorf("CheckIAM(%s) = %v, want accepted", tc.use, got)
			case tc.want != "" && (got == nil || got.Message != tc.want):
				t.Errorf("CheckIAM(%s) = %v, want %q", tc.use, got, tc.want)
			}
		})
	}
}

// TestCheckIAMAccepts lists documents IAM accepts although they look wrong, each with the
// evidence; CheckIAM must accept them in every IAM use, and the engine with warnings at most.
func TestCheckIAMAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, statement string }{
		// LocalStack's AWS-validated snapshot (valid-32, -18, -31, -30, -36, -37, -9, -50).
		{"condition key without a service prefix", `{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringEqualsIfExists": {"a": "asf"}}}`},
		{"condition key with an empty list of values", `{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"DateGreaterThan": {"a": []}}}`},
		{"unknown operators without keys", `{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"x": {}, "y": {}}}`},
		{"date 01T", `{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"DateGreaterThan": {"a": "01T"}}}`},
		{"date with a one-digit hour and an hours-only zone", `{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"DateLessThanEquals": {"a": "2016-12-13t2:00:00.593194+23"}}}`},
		{"date -292275054", `{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"DateLessThan": {"a": "-292275054"}}}`},
		{"three-field resource", `{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:fdsasf"}`},
		{"S3 access point with a region", `{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point/object/*"}`},
		// moto pull request #8157: AWS returned this resource, percent-encoded characters and
		// all, from GetUserPolicy after accepting it in PutUserPolicy.
		{"percent-encoded characters in an ARN", `{"Effect": "Allow", "Action": ["apigateway:PUT"], "Resource": ["arn:aws:apigateway:eu-central-1::/tags/arn%3Aaws%3Aapigateway%3Aeu-central-1%3A%3A%2Frestapis%2Faaeeieije"]}`},
		// IAM User Guide, "Policy variables": variables are not substituted in Numeric and Date
		// values, and the comparison fails (evaluation-semantics.md §5: IAM accepts the policy).
		{"variable in a Numeric value", `{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": "${aws:PrincipalTag/max}"}}}`},
		{"variable in a Date value", `{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "${aws:PrincipalTag/until}"}}}`},
		// A CIDR with host bits set: IAM accepts it, and the engine reads the masked range.
		{"CIDR with host bits set", `{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.7/24"}}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc := `{"Version": "2012-10-17", "Statement": [` + tc.statement + `]}`
			for _, use := range []IAMUse{IAMManaged, IAMInline, IAMSession} {
				if got := CheckIAM([]byte(doc), use); got != nil {
					t.Errorf("CheckIAM(%s) = %v, want accepted", use, got)
				}
			}
			if _, err := Parse([]byte(doc), Identity); err != nil {
				t.Errorf("Parse(identity): %v", err)
			}
		})
	}
}

// TestCheckIAMRefuses covers refusals the recorded CreatePolicy answers do not: where the
// problem is, and messages recorded elsewhere.
func TestCheckIAMRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, statement, message, path, at string
	}{
		{"partition of another account", `{"Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::ok", "arn:aws-us-gov:s3:::b"]}`,
			`Partition "aws-us-gov" is not valid for resource "arn:aws-us-gov:s3:::b".`, "Statement[0].Resource[1]", `"arn:aws-us-gov`},
		// Reported from AWS (terraform-provider configurations quoting the responses).
		{"Route 53 resource with a region", `{"Effect": "Allow", "Action": "route53:*", "Resource": "arn:aws:route53:eu-west-1:123456789012:hostedzone/*"}`,
			"Resource arn:aws:route53:eu-west-1:123456789012:hostedzone/* can not contain region information.", "Statement[0].Resource", `"arn:aws:route53`},
		{"Route 53 resource with an account", `{"Effect": "Allow", "Action": "route53:*", "Resource": "arn:aws:route53::123456789012:hostedzone/*"}`,
			"Resource arn:aws:route53::123456789012:hostedzone/* cannot contain an account id.", "Statement[0].Resource", `"arn:aws:route53`},
		{"IAM resource of no known type", `{"Effect": "Allow", "Action": "iam:*", "Resource": "arn:aws:iam::123456789012:*/cdk-*"}`,
			msgIAMPath, "Statement[0].Resource", `"arn:aws:iam`},
		{"wildcard resource vendor", `{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3*:::b"}`,
			msgResourceVendor, "Statement[0].Resource", `"arn:aws:s3*`},
		{"wrong-case Deny", `{"Effect": "DENY", "Action": "s3:*", "Resource": "*"}`, msgLegacyParsing, "Statement[0].Effect", `"DENY"`},
		{"missing Effect", `{"Action": "s3:*", "Resource": "*"}`, msgSyntax, "Statement[0]", `{"Action"`},
		{"Action entries before NotAction entries", `{"Effect": "Allow", "NotAction": "x y:a", "Resource": "*"}, {"Effect": "Allow", "Action": "s3:a:b", "Resource": "*"}`,
			msgOneColon, "Statement[1].Action", `"s3:a:b"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc := `{"Version": "2012-10-17", "Statement": [` + tc.statement + `]}`
			got := CheckIAM([]byte(doc), IAMInline)
			if got == nil {
				t.Fatalf("CheckIAM(inline) accepted the document, want %q", tc.message)
			}
			if want := posOf(t, doc, tc.at); got.Message != tc.message || got.Path != tc.path || got.Pos != want {
				t.Errorf("CheckIAM(inline) = %s\nwant %s: %s: %s", got, want, tc.path, tc.message)
			}
		})
	}
}
