package roles

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
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

// maxRoleNameLength is the model's limit on role names, which a CustomSuffix must leave
// room for.
const maxRoleNameLength = 64

// linkedRole is the service-linked role a CreateServiceLinkedRole request would make: its
// service's entry (known false for a service Gatehouse does not know), name and path.
type linkedRole struct {
	linkedService
	known      bool
	name, path string
}

// CreateServiceLinkedRole makes the role an AWS service uses on the account's behalf: named as
// the service documents (AWSServiceRoleFor…, with "_" and CustomSuffix for services that take
// one), at /aws-service-role/SERVICE/, trusting the service principal, with the service's
// managed policy attached. The caller needs iam:CreateServiceLinkedRole on that role with
// iam:AWSServiceName naming the service; the role is then protected (UnmodifiableEntity) from
// everything but its description, its tags and DeleteServiceLinkedRole.
var createServiceLinkedRole = &op.Op[*Roles, iamwire.CreateServiceLinkedRoleInput, iamwire.CreateServiceLinkedRoleOutput, linkedRole]{
	Name: "CreateServiceLinkedRole", Action: "iam:CreateServiceLinkedRole",
	Resolve: op.Resolver[*Roles, iamwire.CreateServiceLinkedRoleInput, linkedRole]{
		Find: func(_ *Roles, _ context.Context, call *callctx.Call, in *iamwire.CreateServiceLinkedRoleInput) (op.Target[linkedRole], error) {
			service := in.AWSServiceName
			l, known := linkedServices[service]
			lr := linkedRole{linkedService: l, known: known, name: l.roleName, path: serviceRoleARNPath(service)}
			if !known {
				lr.name = "AWSServiceRoleFor" + guessServiceName(service)
			}
			if in.CustomSuffix != nil {
				lr.name += "_" + *in.CustomSuffix
			}
			return op.Target[linkedRole]{ARN: arn.Role(call.Caller.AccountID, lr.path, lr.name), Entity: lr}, nil
		}},
	Keys: []op.KeySource[iamwire.CreateServiceLinkedRoleInput]{{Keys: []string{"iam:AWSServiceName"},
		Of: func(in *iamwire.CreateServiceLinkedRoleInput) []authz.Key {
			return []authz.Key{authz.StringKey("iam:AWSServiceName", in.AWSServiceName)}
		}}},
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.CreateServiceLinkedRoleInput, linkedRole]) (*iamwire.CreateServiceLinkedRoleOutput, error) {
		in, l := r.In, r.Entity()
		switch {
		case !l.known:
			return nil, iamerr.UnknownService.Err(in.AWSServiceName)
		case in.CustomSuffix != nil && !l.suffix:
			return nil, iamerr.SuffixNotAllowed.Err(in.AWSServiceName)
		case len(l.name) > maxRoleNameLength:
			return nil, awserr.ValidationError("1 validation error detected: Value '%s' at 'roleName' failed to "+
				"satisfy constraint: Member must have length less than or equal to %d", l.name, maxRoleNameLength)
		}
		id, err := arn.NewUniqueID(s.Rand, arn.PrefixRole)
		if err != nil {
			return nil, err
		}
		role := store.Role{AccountID: r.Account(), ID: id, Name: l.name, Path: l.path, ARN: r.Target.ARN,
			TrustPolicy: serviceTrustPolicy(in.AWSServiceName), Description: core.Optional(in.Description),
			MaxSessionDuration: DefaultMaxSessionDuration, Created: s.Timestamp(), ServiceLinked: true, LinkedService: in.AWSServiceName}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			return core.CreateUnique(iamerr.ServiceRoleNameTaken.Err(l.name),
				func() error { _, err := tx.Roles().Get(ctx, role.AccountID, role.Name); return err },
				func() error {
					if err := tx.Roles().Create(ctx, role); err != nil {
						return err
					}
					return tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalRole, ID: role.ID},
						store.AttachedPolicy{ARN: l.policyARN(), Name: l.policy, Path: managed.ServiceLinkedRolePath})
				},
				roleQuota(ctx, tx, role.AccountID))
		})
		if err != nil {
			return nil, err
		}
		out := basicRole(&role, role.TrustPolicy)
		return &iamwire.CreateServiceLinkedRoleOutput{Role: &out}, nil
	}}

// guessServiceName names the role of a service Gatehouse does not know, for the resource of
// the authorization that precedes the refusal: the service principal's first label,
// capitalized.
func guessServiceName(service string) string {
	first, _, _ := strings.Cut(service, ".")
	if first == "" {
		return service
	}
	return strings.ToUpper(first[:1]) + first[1:]
}

// DeleteServiceLinkedRole submits the deletion of a service-linked role and returns the
// deletion task's ID, which GetServiceLinkedRoleDeletionStatus reports on. On AWS the task
// first has the service check that it no longer uses the role; no AWS service uses Gatehouse's
// roles, so the check always passes and the role, with its policies, goes in this request. The
// task reports IN_PROGRESS for ServiceLinkedRoleDeletionTime and then SUCCEEDED, the sequence
// clients polling AWS expect.
var deleteServiceLinkedRole = &op.Op[*Roles, iamwire.DeleteServiceLinkedRoleInput, iamwire.DeleteServiceLinkedRoleOutput, *role]{
	Name: "DeleteServiceLinkedRole", Action: "iam:DeleteServiceLinkedRole",
	Resolve: core.ByName[*Roles](rolesNoBoundary, func(in *iamwire.DeleteServiceLinkedRoleInput) string { return in.RoleName }),
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.DeleteServiceLinkedRoleInput, *role]) (*iamwire.DeleteServiceLinkedRoleOutput, error) {
		role := r.Entity()
		if !role.ServiceLinked {
			return nil, iamerr.NotServiceLinked.Err(role.Name)
		}
		uuid, err := newUUID(s.Rand)
		if err != nil {
			return nil, err
		}
		task := store.SLRDeletion{ID: deletionTaskID(role.Path, role.Name, uuid), AccountID: r.Account(), RoleName: role.Name,
			RoleARN: role.ARN, Status: store.DeletionInProgress, Created: s.Now().UTC()}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			cur, err := roleInTx(ctx, tx, role)
			if err != nil {
				return err
			}
			if err := tx.ServiceLinkedRoleDeletions().Create(ctx, task); err != nil {
				return err
			}
			return tx.Roles().Delete(ctx, cur.ID)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteServiceLinkedRoleOutput{DeletionTaskId: task.ID}, nil
	}}

// newUUID returns a random (version 4) UUID, the last part of a deletion task ID.
func newUUID(rand io.Reader) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(rand, b[:]); err != nil {
		return "", fmt.Errorf("iam: generating a deletion task ID: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}

// GetServiceLinkedRoleDeletionStatus reports a deletion task's status, and why it failed when
// it did. The caller needs iam:GetServiceLinkedRoleDeletionStatus on the role the task
// deletes, which its ID names. A task still IN_PROGRESS after ServiceLinkedRoleDeletionTime is
// recorded as SUCCEEDED (see DeleteServiceLinkedRole).
var getServiceLinkedRoleDeletionStatus = &op.Op[*Roles, iamwire.GetServiceLinkedRoleDeletionStatusInput, iamwire.GetServiceLinkedRoleDeletionStatusOutput, op.None]{
	Name: "GetServiceLinkedRoleDeletionStatus", Action: "iam:GetServiceLinkedRoleDeletionStatus",
	Resolve: op.Resolver[*Roles, iamwire.GetServiceLinkedRoleDeletionStatusInput, op.None]{
		Find: func(_ *Roles, _ context.Context, call *callctx.Call, in *iamwire.GetServiceLinkedRoleDeletionStatusInput) (op.Target[op.None], error) {
			service, name, ok := parseDeletionTaskID(in.DeletionTaskId)
			if !ok {
				return op.Target[op.None]{}, iamerr.InvalidTaskID.Err(in.DeletionTaskId)
			}
			return op.Target[op.None]{ARN: arn.Role(call.Caller.AccountID, serviceRoleARNPath(service), name)}, nil
		}},
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.GetServiceLinkedRoleDeletionStatusInput, op.None]) (*iamwire.GetServiceLinkedRoleDeletionStatusOutput, error) {
		var task store.SLRDeletion
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			var err error
			task, err = tx.ServiceLinkedRoleDeletions().Get(ctx, r.Account(), r.In.DeletionTaskId)
			if errors.Is(err, store.ErrNotFound) {
				return iamerr.NoSuchTask.Err(r.In.DeletionTaskId)
			}
			if err != nil {
				return err
			}
			if task.Status == store.DeletionInProgress && !s.Now().Before(task.Created.Add(ServiceLinkedRoleDeletionTime)) {
				task.Status = store.DeletionSucceeded
				return tx.ServiceLinkedRoleDeletions().Update(ctx, task)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		out := &iamwire.GetServiceLinkedRoleDeletionStatusOutput{Status: iamwire.DeletionTaskStatusType(task.Status)}
		if task.Status == store.DeletionFailed {
			reason := &iamwire.DeletionTaskFailureReasonType{}
			if task.Reason != "" {
				r := task.Reason
				reason.Reason = &r
			}
			for _, u := range task.RoleUsage {
				region := u.Region
				reason.RoleUsageList = append(reason.RoleUsageList, iamwire.RoleUsageType{Region: &region, Resources: u.Resources})
			}
			out.Reason = reason
		}
		return out, nil
	}}
