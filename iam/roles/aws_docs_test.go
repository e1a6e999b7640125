package roles_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// TestCreateServiceLinkedRoleApplicationAutoScaling: Application Auto Scaling's custom
// resources have their own service-linked role, "AWSServiceRoleForApplicationAutoScaling_CustomResource",
// trusted by "custom-resource.application-autoscaling.amazonaws.com"
// (https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-custom.html),
// with the AWS managed policy AWSApplicationAutoScalingCustomResourcePolicy
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSApplicationAutoScalingCustomResourcePolicy.html).
// IAM writes the trust policy naming the service principal alone.
func TestCreateServiceLinkedRoleApplicationAutoScaling(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t, stacktest.WithClock(stacktest.NewClock(created)))
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
		want := &types.Role{RoleName: aws.String(name), Path: aws.String(path), CreateDate: aws.Time(created),
			Arn: aws.String("arn:aws:iam::" + s.AccountID() + ":role" + path + name),
			AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"` +
				service + `"},"Action":"sts:AssumeRole"}]}`)}
		if diff := cmp.Diff(want, got, roleOpts...); diff != "" {
			t.Errorf("CreateServiceLinkedRole %s (-want +got):\n%s", service, diff)
		}
	}
}
