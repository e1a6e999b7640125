package roles

import (
	"strings"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
)

// serviceRolePath begins the path of every service-linked role, which IAM reserves for them
// (/aws-service-role/SERVICE/).
const serviceRolePath = "/aws-service-role/"

// linkedService is what IAM makes for one service's service-linked role: its documented role
// name, the AWS managed policy (under /aws-service-role/) it attaches, and whether the service
// takes a CustomSuffix.
type linkedService struct {
	roleName string
	policy   string // name of an AWS managed policy under /aws-service-role/
	suffix   bool
}

// linkedServices are the services Gatehouse makes service-linked roles for, by service
// principal. The managed-policy catalog carries the policies but not which service uses
// which, so this is the mapping each service documents in its "Using service-linked roles"
// page (cross-checked against role names and policies recorded from AWS). A test checks that
// every policy is in the catalog and is a service-linked-role policy.
var linkedServices = map[string]linkedService{
	"access-analyzer.amazonaws.com": {"AWSServiceRoleForAccessAnalyzer", "AccessAnalyzerServiceRolePolicy", false},
	// Application Auto Scaling's roles, one per scalable service, as "Service-linked roles for
	// Application Auto Scaling" (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-service-linked-roles.html)
	// and each service's integration page name the role and service principal; the policies are
	// the AWS managed ones the test below finds in the catalog.
	"appstream.application-autoscaling.amazonaws.com":       {"AWSServiceRoleForApplicationAutoScaling_AppStreamFleet", "AWSApplicationAutoscalingAppStreamFleetPolicy", false},
	"cassandra.application-autoscaling.amazonaws.com":       {"AWSServiceRoleForApplicationAutoScaling_CassandraTable", "AWSApplicationAutoscalingCassandraTablePolicy", false},
	"comprehend.application-autoscaling.amazonaws.com":      {"AWSServiceRoleForApplicationAutoScaling_ComprehendEndpoint", "AWSApplicationAutoscalingComprehendEndpointPolicy", false},
	"custom-resource.application-autoscaling.amazonaws.com": {"AWSServiceRoleForApplicationAutoScaling_CustomResource", "AWSApplicationAutoScalingCustomResourcePolicy", false},
	"elasticache.application-autoscaling.amazonaws.com":     {"AWSServiceRoleForApplicationAutoScaling_ElastiCacheRG", "AWSApplicationAutoscalingElastiCacheRGPolicy", false},
	"kafka.application-autoscaling.amazonaws.com":           {"AWSServiceRoleForApplicationAutoScaling_KafkaCluster", "AWSApplicationAutoscalingKafkaClusterPolicy", false},
	"lambda.application-autoscaling.amazonaws.com":          {"AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency", "AWSApplicationAutoscalingLambdaConcurrencyPolicy", false},
	"neptune.application-autoscaling.amazonaws.com":         {"AWSServiceRoleForApplicationAutoScaling_NeptuneCluster", "AWSApplicationAutoscalingNeptuneClusterPolicy", false},
	"rds.application-autoscaling.amazonaws.com":             {"AWSServiceRoleForApplicationAutoScaling_RDSCluster", "AWSApplicationAutoscalingRDSClusterPolicy", false},
	"sagemaker.application-autoscaling.amazonaws.com":       {"AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint", "AWSApplicationAutoscalingSageMakerEndpointPolicy", false},
	"workspaces.application-autoscaling.amazonaws.com":      {"AWSServiceRoleForApplicationAutoScaling_WorkSpacesPool", "AWSApplicationAutoscalingWorkSpacesPoolPolicy", false},
	"autoscaling.amazonaws.com":                             {"AWSServiceRoleForAutoScaling", "AutoScalingServiceRolePolicy", true},
	"backup.amazonaws.com":                                  {"AWSServiceRoleForBackup", "AWSBackupServiceLinkedRolePolicyForBackup", false},
	"batch.amazonaws.com":                                   {"AWSServiceRoleForBatch", "BatchServiceRolePolicy", false},
	"cloudtrail.amazonaws.com":                              {"AWSServiceRoleForCloudTrail", "CloudTrailServiceRolePolicy", false},
	"config.amazonaws.com":                                  {"AWSServiceRoleForConfig", "AWSConfigServiceRolePolicy", false},
	"connect.amazonaws.com":                                 {"AWSServiceRoleForAmazonConnect", "AmazonConnectServiceLinkedRolePolicy", true},
	"dynamodb.application-autoscaling.amazonaws.com":        {"AWSServiceRoleForApplicationAutoScaling_DynamoDBTable", "AWSApplicationAutoscalingDynamoDBTablePolicy", false},
	"ec2.application-autoscaling.amazonaws.com":             {"AWSServiceRoleForApplicationAutoScaling_EC2SpotFleetRequest", "AWSApplicationAutoscalingEC2SpotFleetRequestPolicy", false},
	"ecs.amazonaws.com":                                     {"AWSServiceRoleForECS", "AmazonECSServiceRolePolicy", false},
	"ecs.application-autoscaling.amazonaws.com":             {"AWSServiceRoleForApplicationAutoScaling_ECSService", "AWSApplicationAutoscalingECSServicePolicy", false},
	"eks.amazonaws.com":                                     {"AWSServiceRoleForAmazonEKS", "AmazonEKSServiceRolePolicy", false},
	"eks-fargate.amazonaws.com":                             {"AWSServiceRoleForAmazonEKSForFargate", "AmazonEKSForFargateServiceRolePolicy", false},
	"eks-nodegroup.amazonaws.com":                           {"AWSServiceRoleForAmazonEKSNodegroup", "AWSServiceRoleForAmazonEKSNodegroup", false},
	"elasticache.amazonaws.com":                             {"AWSServiceRoleForElastiCache", "ElastiCacheServiceRolePolicy", false},
	"elasticbeanstalk.amazonaws.com":                        {"AWSServiceRoleForElasticBeanstalk", "AWSElasticBeanstalkServiceRolePolicy", false},
	"elasticloadbalancing.amazonaws.com":                    {"AWSServiceRoleForElasticLoadBalancing", "AWSElasticLoadBalancingServiceRolePolicy", false},
	"elasticmapreduce.amazonaws.com":                        {"AWSServiceRoleForEMRCleanup", "AmazonEMRCleanupPolicy", false},
	"es.amazonaws.com":                                      {"AWSServiceRoleForAmazonElasticsearchService", "AmazonElasticsearchServiceRolePolicy", false},
	"guardduty.amazonaws.com":                               {"AWSServiceRoleForAmazonGuardDuty", "AmazonGuardDutyServiceRolePolicy", false},
	"inspector2.amazonaws.com":                              {"AWSServiceRoleForAmazonInspector2", "AmazonInspector2ServiceRolePolicy", false},
	"kafka.amazonaws.com":                                   {"AWSServiceRoleForKafka", "KafkaServiceRolePolicy", false},
	"lexv2.amazonaws.com":                                   {"AWSServiceRoleForLexV2Bots", "AmazonLexV2BotPolicy", true},
	"member.org.stacksets.cloudformation.amazonaws.com":     {"AWSServiceRoleForCloudFormationStackSetsOrgMember", "CloudFormationStackSetsOrgMemberServiceRolePolicy", false},
	"organizations.amazonaws.com":                           {"AWSServiceRoleForOrganizations", "AWSOrganizationsServiceTrustPolicy", false},
	"rds.amazonaws.com":                                     {"AWSServiceRoleForRDS", "AmazonRDSServiceRolePolicy", false},
	"redshift.amazonaws.com":                                {"AWSServiceRoleForRedshift", "AmazonRedshiftServiceLinkedRolePolicy", false},
	"replicator.lambda.amazonaws.com":                       {"AWSServiceRoleForLambdaReplicator", "AWSLambdaReplicator", false},
	"securityhub.amazonaws.com":                             {"AWSServiceRoleForSecurityHub", "AWSSecurityHubServiceRolePolicy", false},
	"spot.amazonaws.com":                                    {"AWSServiceRoleForEC2Spot", "AWSEC2SpotServiceRolePolicy", false},
	"spotfleet.amazonaws.com":                               {"AWSServiceRoleForEC2SpotFleet", "AWSEC2SpotFleetServiceRolePolicy", false},
	"ssm.amazonaws.com":                                     {"AWSServiceRoleForAmazonSSM", "AmazonSSMServiceRolePolicy", false},
	"sso.amazonaws.com":                                     {"AWSServiceRoleForSSO", "AWSSSOServiceRolePolicy", false},
	"support.amazonaws.com":                                 {"AWSServiceRoleForSupport", "AWSSupportServiceRolePolicy", false},
	"trustedadvisor.amazonaws.com":                          {"AWSServiceRoleForTrustedAdvisor", "AWSTrustedAdvisorServiceRolePolicy", false},
}

// policyARN is the ARN of the service's managed policy.
func (l linkedService) policyARN() string {
	return managed.ARNPrefix + managed.ServiceLinkedRolePath + l.policy
}

// serviceRoleARNPath is the path of a service's linked roles.
func serviceRoleARNPath(service string) string {
	return serviceRolePath + service + "/"
}

// serviceTrustPolicy is the trust policy IAM writes into a service-linked role: the service
// principal may assume it.
func serviceTrustPolicy(service string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"` + service +
		`"},"Action":"sts:AssumeRole"}]}`
}

// deletionTaskID is the DeletionTaskId AWS returns: task/ROLE-PATH/ROLE-NAME/UUID, where the
// path is the role's /aws-service-role/SERVICE/.
func deletionTaskID(path, name, uuid string) string {
	return "task" + path + name + "/" + uuid
}

// parseDeletionTaskID returns the service and role name a deletion task ID names.
func parseDeletionTaskID(id string) (service, name string, ok bool) {
	rest, ok := strings.CutPrefix(id, "task"+serviceRolePath)
	if !ok {
		return "", "", false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return "", "", false
	}
	return parts[0], parts[1], true
}
