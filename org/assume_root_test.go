package org_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

const auditRoot = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"

// TestAssumeRoot: once root sessions are enabled, the management account's administrator gets
// a 900-second root session of a member account that may do the audit task and nothing else;
// before, and for a longer session or another policy, STS refuses.
func TestAssumeRoot(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, _ := newOrg(t, s)
	acct := createAccount(t, c, "dev", "dev@example.com")
	admin := s.NewUser(t, "admin", allowAll)
	st := s.STS(admin)
	in := &sts.AssumeRootInput{TargetPrincipal: aws.String(acct), TaskPolicyArn: &ststypes.PolicyDescriptorType{Arn: aws.String(auditRoot)}}
	_, err := st.AssumeRoot(ctx, in)
	stacktest.WantError(t, err, "AccessDenied", "")
	if _, err := c.EnableAWSServiceAccess(ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String("iam.amazonaws.com")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IAM(s.Root()).EnableOrganizationsRootSessions(ctx, &iam.EnableOrganizationsRootSessionsInput{}); err != nil {
		t.Fatal(err)
	}
	_, err = st.AssumeRoot(ctx, &sts.AssumeRootInput{TargetPrincipal: aws.String(acct), DurationSeconds: aws.Int32(3600),
		TaskPolicyArn: &ststypes.PolicyDescriptorType{Arn: aws.String(auditRoot)}})
	stacktest.WantError(t, err, "ValidationError", "")
	_, err = st.AssumeRoot(ctx, &sts.AssumeRootInput{TargetPrincipal: aws.String(acct),
		TaskPolicyArn: &ststypes.PolicyDescriptorType{Arn: aws.String("arn:aws:iam::aws:policy/AdministratorAccess")}})
	stacktest.WantError(t, err, "ValidationError", "")
	_, err = st.AssumeRoot(ctx, &sts.AssumeRootInput{TargetPrincipal: aws.String(s.AccountID()), TaskPolicyArn: in.TaskPolicyArn})
	stacktest.WantError(t, err, "AccessDenied", "")
	out, err := st.AssumeRoot(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	k := out.Credentials
	if got := k.Expiration.Sub(s.Clock().Now()); got > 900e9 || got < 890e9 {
		t.Errorf("session lasts %v, want 900s", got)
	}
	root := stacktest.Credentials{AccessKeyID: aws.ToString(k.AccessKeyId), SecretAccessKey: aws.ToString(k.SecretAccessKey), SessionToken: aws.ToString(k.SessionToken)}
	who, err := s.STS(root).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != "arn:aws:iam::"+acct+":root" {
		t.Fatalf("GetCallerIdentity of the root session: %+v %v", who, err)
	}
	if _, err := s.IAM(root).ListMFADevices(ctx, &iam.ListMFADevicesInput{}); err != nil {
		t.Errorf("the audit task's ListMFADevices: %v", err)
	}
	_, err = s.IAM(root).CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("not-the-task")})
	stacktest.WantError(t, err, "AccessDenied", "")
}
