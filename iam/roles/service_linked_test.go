package roles_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

func createSLR(c *awsiam.Client, service string, suffix, description *string) (*types.Role, error) {
	out, err := c.CreateServiceLinkedRole(context.Background(), &awsiam.CreateServiceLinkedRoleInput{AWSServiceName: aws.String(service),
		CustomSuffix: suffix, Description: description})
	if err != nil {
		return nil, err
	}
	return out.Role, nil
}

func TestCreateServiceLinkedRole(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.RootAt(t, 0)
	acct := s.AccountID()
	tests := []struct {
		name, service string
		suffix, desc  *string
		wantName      string
		wantPolicy    string
	}{
		{"auto scaling", "autoscaling.amazonaws.com", nil, nil, "AWSServiceRoleForAutoScaling",
			"arn:aws:iam::aws:policy/aws-service-role/AutoScalingServiceRolePolicy"},
		{"auto scaling with a suffix", "autoscaling.amazonaws.com", aws.String("blue"), aws.String("for the blue fleet"),
			"AWSServiceRoleForAutoScaling_blue", "arn:aws:iam::aws:policy/aws-service-role/AutoScalingServiceRolePolicy"},
		{"elastic beanstalk", "elasticbeanstalk.amazonaws.com", nil, nil, "AWSServiceRoleForElasticBeanstalk",
			"arn:aws:iam::aws:policy/aws-service-role/AWSElasticBeanstalkServiceRolePolicy"},
		{"organizations", "organizations.amazonaws.com", nil, nil, "AWSServiceRoleForOrganizations",
			"arn:aws:iam::aws:policy/aws-service-role/AWSOrganizationsServiceTrustPolicy"},
		{"support", "support.amazonaws.com", nil, nil, "AWSServiceRoleForSupport",
			"arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := "/aws-service-role/" + tc.service + "/"
			trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"` + tc.service +
				`"},"Action":"sts:AssumeRole"}]}`
			got, err := createSLR(root, tc.service, tc.suffix, tc.desc)
			if err != nil {
				t.Fatal(err)
			}
			got.AssumeRolePolicyDocument = aws.String(decoded(t, got))
			want := &types.Role{RoleName: aws.String(tc.wantName), Path: aws.String(path), CreateDate: aws.Time(iamtest.Created),
				Arn: aws.String("arn:aws:iam::" + acct + ":role" + path + tc.wantName), AssumeRolePolicyDocument: aws.String(trust)}
			if diff := cmp.Diff(want, got, roleOpts...); diff != "" {
				t.Errorf("CreateServiceLinkedRole (-want +got):\n%s", diff)
			}
			role := mustGetRole(t, root, tc.wantName)
			if aws.ToString(role.Description) != aws.ToString(tc.desc) || aws.ToInt32(role.MaxSessionDuration) != 3600 {
				t.Errorf("GetRole: Description %q, MaxSessionDuration %d", aws.ToString(role.Description), aws.ToInt32(role.MaxSessionDuration))
			}
			r := roleRecord(t, s, tc.wantName)
			var ps []store.AttachedPolicy
			if err := s.Store().View(ctx, func(tx store.Tx) (err error) {
				ps, _, err = tx.Attachments().List(ctx, store.Principal{Kind: store.PrincipalRole, ID: r.ID}, store.ListOptions{})
				return err
			}); err != nil {
				t.Fatal(err)
			}
			if len(ps) != 1 || ps[0].ARN != tc.wantPolicy {
				t.Errorf("attached policies %+v, want %s", ps, tc.wantPolicy)
			}
		})
	}

	errs := []struct {
		name, service string
		suffix        *string
		code, message string
	}{
		{"taken", "autoscaling.amazonaws.com", nil, "InvalidInput",
			"Service role name AWSServiceRoleForAutoScaling has been taken in this account, please try a different suffix."},
		{"suffix taken", "autoscaling.amazonaws.com", aws.String("blue"), "InvalidInput",
			"Service role name AWSServiceRoleForAutoScaling_blue has been taken in this account, please try a different suffix."},
		{"suffix not allowed", "es.amazonaws.com", aws.String("debug"), "InvalidInput", "Custom suffix is not allowed for es.amazonaws.com"},
		{"unknown service", "nonexistent.amazonaws.com", nil, "InvalidInput", ""},
		{"suffix too long for the name", "autoscaling.amazonaws.com", aws.String("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"),
			"ValidationError", ""},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			_, err := createSLR(root, tc.service, tc.suffix, nil)
			stacktest.WantError(t, err, tc.code, tc.message)
		})
	}
}

// TestServiceLinkedRoleIsProtected: only the description and tags of a service-linked role
// may change; everything else belongs to its service.
func TestServiceLinkedRoleIsProtected(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	if _, err := createSLR(root, "ecs.amazonaws.com", nil, nil); err != nil {
		t.Fatal(err)
	}
	const name = "AWSServiceRoleForECS"
	protected := "Cannot perform the operation on the protected role '" + name + "' - this role is only modifiable by AWS"
	mustCreateProfile(t, root, "web")
	tests := []iamtest.Answer{
		{"DeleteRole", iamtest.Do(root.DeleteRole, &awsiam.DeleteRoleInput{RoleName: aws.String(name)}), "UnmodifiableEntity", protected},
		{"UpdateAssumeRolePolicy", iamtest.Do(root.UpdateAssumeRolePolicy, &awsiam.UpdateAssumeRolePolicyInput{RoleName: aws.String(name), PolicyDocument: aws.String(ec2Trust)}),
			"UnmodifiableEntity", protected},
		{"UpdateRole MaxSessionDuration", iamtest.Do(root.UpdateRole, &awsiam.UpdateRoleInput{RoleName: aws.String(name), MaxSessionDuration: aws.Int32(7200)}),
			"UnmodifiableEntity", name + " is an AWS service linked role, max session duration cannot be changed."},
		{"AddRoleToInstanceProfile", func() error { return addRole(root, "web", name) }, "UnmodifiableEntity", protected},
		{"UpdateRole Description", iamtest.Do(root.UpdateRole, &awsiam.UpdateRoleInput{RoleName: aws.String(name), Description: aws.String("mine")}),
			"", ""},
		{"UpdateRoleDescription", iamtest.Do(root.UpdateRoleDescription, &awsiam.UpdateRoleDescriptionInput{RoleName: aws.String(name), Description: aws.String("ours")}),
			"", ""},
		{"TagRole", iamtest.Do(root.TagRole, &awsiam.TagRoleInput{RoleName: aws.String(name), Tags: []types.Tag{iamtest.Tag("owner", "ops")}}),
			"", ""},
	}
	iamtest.Answers(t, tests)
	r := mustGetRole(t, root, name)
	if aws.ToString(r.Description) != "ours" || aws.ToInt32(r.MaxSessionDuration) != 3600 || len(r.Tags) != 1 {
		t.Errorf("service-linked role after the changes: %+v", r)
	}
}

// TestDeleteServiceLinkedRole: a deletion task deletes the role and reports IN_PROGRESS, then
// SUCCEEDED, as AWS's tasks do.
func TestDeleteServiceLinkedRole(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.RootAt(t, 0)
	if _, err := createSLR(root, "elasticbeanstalk.amazonaws.com", nil, nil); err != nil {
		t.Fatal(err)
	}
	iamtest.MustCreateRole(t, root, "customer", ec2Trust)
	out := iamtest.Must(t, root.DeleteServiceLinkedRole, &awsiam.DeleteServiceLinkedRoleInput{RoleName: aws.String("AWSServiceRoleForElasticBeanstalk")})
	id := aws.ToString(out.DeletionTaskId)
	format := regexp.MustCompile(`^task/aws-service-role/elasticbeanstalk\.amazonaws\.com/AWSServiceRoleForElasticBeanstalk/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	if !format.MatchString(id) {
		t.Errorf("DeletionTaskId %q is not task/ROLE-PATH/ROLE-NAME/UUID", id)
	}
	status := func() types.DeletionTaskStatusType {
		t.Helper()
		out, err := root.GetServiceLinkedRoleDeletionStatus(ctx, &awsiam.GetServiceLinkedRoleDeletionStatusInput{DeletionTaskId: aws.String(id)})
		if err != nil {
			t.Fatal(err)
		}
		if out.Reason != nil {
			t.Errorf("a successful task has a Reason: %+v", out.Reason)
		}
		return out.Status
	}
	if got := status(); got != types.DeletionTaskStatusTypeInProgress {
		t.Errorf("status right after DeleteServiceLinkedRole = %s, want IN_PROGRESS", got)
	}
	s.Clock().Advance(3 * time.Second)
	if got := status(); got != types.DeletionTaskStatusTypeSucceeded {
		t.Errorf("status once the task is done = %s, want SUCCEEDED", got)
	}
	if got := status(); got != types.DeletionTaskStatusTypeSucceeded {
		t.Errorf("status read again = %s, want SUCCEEDED", got)
	}
	iamtest.Refused(t, root.GetRole, &awsiam.GetRoleInput{RoleName: aws.String("AWSServiceRoleForElasticBeanstalk")},
		"NoSuchEntity", "The role with name AWSServiceRoleForElasticBeanstalk cannot be found.")
	// The service's role can be made again.
	if _, err := createSLR(root, "elasticbeanstalk.amazonaws.com", nil, nil); err != nil {
		t.Errorf("CreateServiceLinkedRole after the deletion: %v", err)
	}

	tests := []iamtest.Answer{
		{"a customer role", iamtest.Do(root.DeleteServiceLinkedRole, &awsiam.DeleteServiceLinkedRoleInput{RoleName: aws.String("customer")}),
			"InvalidInput", ""},
		{"a missing role", iamtest.Do(root.DeleteServiceLinkedRole, &awsiam.DeleteServiceLinkedRoleInput{RoleName: aws.String("ghost")}),
			"NoSuchEntity", "The role with name ghost cannot be found."},
		{"a malformed task ID", iamtest.Do(root.GetServiceLinkedRoleDeletionStatus, &awsiam.GetServiceLinkedRoleDeletionStatusInput{DeletionTaskId: aws.String("nope")}),
			"InvalidInput", ""},
		{"an unknown task", func() error {
			_, err := root.GetServiceLinkedRoleDeletionStatus(ctx, &awsiam.GetServiceLinkedRoleDeletionStatusInput{
				DeletionTaskId: aws.String("task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/3f1f2bd5-4a5c-4c48-8d58-0d3c6a8f9e11")})
			return err
		}, "NoSuchEntity", ""},
	}
	iamtest.Answers(t, tests)
	if r := mustGetRole(t, root, "customer"); aws.ToString(r.RoleName) != "customer" {
		t.Errorf("the customer role is gone")
	}
}

// TestCreateServiceLinkedRoleApplicationAutoScaling: Application Auto Scaling's custom
// resources have their own service-linked role, "AWSServiceRoleForApplicationAutoScaling_CustomResource",
// trusted by "custom-resource.application-autoscaling.amazonaws.com"
// (https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-custom.html),
// with the AWS managed policy AWSApplicationAutoScalingCustomResourcePolicy
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSApplicationAutoScalingCustomResourcePolicy.html).
// IAM writes the trust policy naming the service principal alone.
func TestCreateServiceLinkedRoleApplicationAutoScaling(t *testing.T) {
	t.Parallel()
	s, root := iamtest.RootAt(t, 0)
	for service, name := range map[string]string{
		"custom-resource.application-autoscaling.amazonaws.com": "AWSServiceRoleForApplicationAutoScaling_CustomResource",
		"lambda.application-autoscaling.amazonaws.com":          "AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency",
	} {
		got, err := createSLR(root, service, nil, nil)
		if err != nil {
			t.Fatalf("CreateServiceLinkedRole %s: %v", service, err)
		}
		got.AssumeRolePolicyDocument = aws.String(decoded(t, got))
		path := "/aws-service-role/" + service + "/"
		want := &types.Role{RoleName: aws.String(name), Path: aws.String(path), CreateDate: aws.Time(iamtest.Created),
			Arn: aws.String("arn:aws:iam::" + s.AccountID() + ":role" + path + name),
			AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"` +
				service + `"},"Action":"sts:AssumeRole"}]}`)}
		if diff := cmp.Diff(want, got, roleOpts...); diff != "" {
			t.Errorf("CreateServiceLinkedRole %s (-want +got):\n%s", service, diff)
		}
	}
}
