package analyzer_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// TestOrganizationAnalyzer: the management account's ORGANIZATION analyzer trusts every
// account of the organization and analyzes the members' roles: a member's role trusting the
// management account is no finding, one trusting an outside account is; the ACCOUNT
// analyzer finds the management role trusting the member. A member account may not make an
// organization analyzer, nor may an account outside any organization.
func TestOrganizationAnalyzer(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	ctx := context.Background()
	orgs := s.Organizations(s.Root())
	if _, err := orgs.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll}); err != nil {
		t.Fatal(err)
	}
	made, err := orgs.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("member"), Email: aws.String("member@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	member, mgmt := aws.ToString(made.CreateAccountStatus.AccountId), s.AccountID()
	roles := []store.Role{
		{AccountID: member, ID: "AROAORGTEST000000001", Name: "from-mgmt", ARN: "arn:aws:iam::" + member + ":role/from-mgmt",
			TrustPolicy: trustDoc(`{"AWS":"arn:aws:iam::` + mgmt + `:root"}`)},
		{AccountID: member, ID: "AROAORGTEST000000002", Name: "from-outside", ARN: "arn:aws:iam::" + member + ":role/from-outside",
			TrustPolicy: trustDoc(`{"AWS":"arn:aws:iam::` + other + `:root"}`)},
		{AccountID: mgmt, ID: "AROAORGTEST000000003", Name: "from-member", ARN: roleARN(s, "from-member"),
			TrustPolicy: trustDoc(`{"AWS":"arn:aws:iam::` + member + `:root"}`)},
	}
	err = s.Store().Update(ctx, func(tx store.Tx) error {
		for _, r := range roles {
			r.Path, r.MaxSessionDuration, r.Created = "/", 3600, s.Clock().Now()
			if err := tx.Roles().Create(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	aa := s.AccessAnalyzer(s.Root())
	resources := func(typ types.Type) []string {
		out, err := aa.CreateAnalyzer(ctx, &accessanalyzer.CreateAnalyzerInput{AnalyzerName: aws.String(string(typ)), Type: typ})
		if err != nil {
			t.Fatal(err)
		}
		list, err := aa.ListFindingsV2(ctx, &accessanalyzer.ListFindingsV2Input{AnalyzerArn: out.Arn})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range list.Findings {
			got = append(got, aws.ToString(f.Resource)+" "+aws.ToString(f.ResourceOwnerAccount))
		}
		return got
	}
	if got := resources(types.TypeOrganization); len(got) != 1 || got[0] != roles[1].ARN+" "+member {
		t.Errorf("organization analyzer findings %v, want only %s", got, roles[1].ARN)
	}
	if got := resources(types.TypeAccount); len(got) != 1 || got[0] != roles[2].ARN+" "+mgmt {
		t.Errorf("account analyzer findings %v, want only %s", got, roles[2].ARN)
	}

	lone := s.NewAccount(t)
	_, err = s.AccessAnalyzer(lone).CreateAnalyzer(ctx, &accessanalyzer.CreateAnalyzerInput{AnalyzerName: aws.String("org"), Type: types.TypeOrganization})
	stacktest.WantError(t, err, "ValidationException", "You must be a member of an organization to create an organization analyzer")
	admin := s.NewUser(t, "admin", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	out, err := s.STS(admin).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + member + ":role/OrganizationAccountAccessRole"),
		RoleSessionName: aws.String("admin")})
	if err != nil {
		t.Fatal(err)
	}
	inMember := stacktest.Credentials{AccessKeyID: aws.ToString(out.Credentials.AccessKeyId), SecretAccessKey: aws.ToString(out.Credentials.SecretAccessKey),
		SessionToken: aws.ToString(out.Credentials.SessionToken)}
	_, err = s.AccessAnalyzer(inMember).CreateAnalyzer(ctx, &accessanalyzer.CreateAnalyzerInput{AnalyzerName: aws.String("org"), Type: types.TypeOrganizationUnusedAccess})
	stacktest.WantError(t, err, "ValidationException", "You must be the management account or a delegated administrator to create an organization analyzer")
}
