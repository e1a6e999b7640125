package analyzer_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

func TestAnalyzers(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	aa := s.AccessAnalyzer(s.Root())
	ctx := context.Background()
	created, err := aa.CreateAnalyzer(ctx, &accessanalyzer.CreateAnalyzerInput{AnalyzerName: aws.String("external"),
		Type: types.TypeAccount, Tags: map[string]string{"team": "sec"}})
	if err != nil {
		t.Fatal(err)
	}
	wantARN := "arn:aws:access-analyzer:us-east-1:" + s.AccountID() + ":analyzer/external"
	if aws.ToString(created.Arn) != wantARN {
		t.Errorf("arn %s, want %s", aws.ToString(created.Arn), wantARN)
	}
	unused, err := aa.CreateAnalyzer(ctx, &accessanalyzer.CreateAnalyzerInput{AnalyzerName: aws.String("unused"),
		Type: types.TypeAccountUnusedAccess})
	if err != nil {
		t.Fatal(err)
	}
	got, err := aa.GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String("unused")})
	if err != nil {
		t.Fatal(err)
	}
	cfg, ok := got.Analyzer.Configuration.(*types.AnalyzerConfigurationMemberUnusedAccess)
	if !ok || aws.ToInt32(cfg.Value.UnusedAccessAge) != 90 || got.Analyzer.Status != types.AnalyzerStatusActive ||
		aws.ToString(got.Analyzer.Arn) != aws.ToString(unused.Arn) || got.Analyzer.CreatedAt == nil {
		t.Errorf("unused analyzer: %+v", got.Analyzer)
	}
	upd, err := aa.UpdateAnalyzer(ctx, &accessanalyzer.UpdateAnalyzerInput{AnalyzerName: aws.String("unused"),
		Configuration: &types.AnalyzerConfigurationMemberUnusedAccess{Value: types.UnusedAccessConfiguration{UnusedAccessAge: aws.Int32(30)}}})
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := upd.Configuration.(*types.AnalyzerConfigurationMemberUnusedAccess); !ok || aws.ToInt32(c.Value.UnusedAccessAge) != 30 {
		t.Errorf("updated configuration %#v", upd.Configuration)
	}
	list, err := aa.ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{Type: types.TypeAccount})
	if err != nil || len(list.Analyzers) != 1 || aws.ToString(list.Analyzers[0].Name) != "external" ||
		list.Analyzers[0].Tags["team"] != "sec" {
		t.Errorf("ListAnalyzers ACCOUNT: %+v %v", list, err)
	}
	all, err := aa.ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{MaxResults: aws.Int32(1)})
	if err != nil || len(all.Analyzers) != 1 || all.NextToken == nil {
		t.Fatalf("first page: %+v %v", all, err)
	}
	rest, err := aa.ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{MaxResults: aws.Int32(1), NextToken: all.NextToken})
	if err != nil || len(rest.Analyzers) != 1 || rest.NextToken != nil || aws.ToString(rest.Analyzers[0].Name) != "unused" {
		t.Errorf("second page: %+v %v", rest, err)
	}

	// Tags.
	if _, err := aa.TagResource(ctx, &accessanalyzer.TagResourceInput{ResourceArn: created.Arn, Tags: map[string]string{"env": "prod"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := aa.UntagResource(ctx, &accessanalyzer.UntagResourceInput{ResourceArn: created.Arn, TagKeys: []string{"team"}}); err != nil {
		t.Fatal(err)
	}
	tags, err := aa.ListTagsForResource(ctx, &accessanalyzer.ListTagsForResourceInput{ResourceArn: created.Arn})
	if err != nil || len(tags.Tags) != 1 || tags.Tags["env"] != "prod" {
		t.Errorf("tags %+v %v", tags, err)
	}

	if _, err := aa.DeleteAnalyzer(ctx, &accessanalyzer.DeleteAnalyzerInput{AnalyzerName: aws.String("unused")}); err != nil {
		t.Fatal(err)
	}
	_, err = aa.GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String("unused")})
	wantErr(t, err, "ResourceNotFoundException", http.StatusNotFound)
}

func TestAnalyzerErrors(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	aa := s.AccessAnalyzer(s.Root())
	ctx := context.Background()
	create := func(name string, typ types.Type) error {
		_, err := aa.CreateAnalyzer(ctx, &accessanalyzer.CreateAnalyzerInput{AnalyzerName: aws.String(name), Type: typ})
		return err
	}
	if err := create("one", types.TypeAccount); err != nil {
		t.Fatal(err)
	}
	wantErr(t, create("one", types.TypeAccountUnusedAccess), "ConflictException", http.StatusConflict)
	wantErr(t, create("two", types.TypeAccount), "ServiceQuotaExceededException", http.StatusPaymentRequired)
	wantErr(t, create("org", types.TypeOrganization), "ValidationException", http.StatusBadRequest)
	wantErr(t, create("9bad", types.TypeAccount), "ValidationException", http.StatusBadRequest)
	_, err := aa.CreateAnalyzer(ctx, &accessanalyzer.CreateAnalyzerInput{AnalyzerName: aws.String("aged"), Type: types.TypeAccountUnusedAccess,
		Configuration: &types.AnalyzerConfigurationMemberUnusedAccess{Value: types.UnusedAccessConfiguration{UnusedAccessAge: aws.Int32(400)}}})
	wantErr(t, err, "ValidationException", http.StatusBadRequest)
	_, err = aa.UpdateAnalyzer(ctx, &accessanalyzer.UpdateAnalyzerInput{AnalyzerName: aws.String("one"),
		Configuration: &types.AnalyzerConfigurationMemberUnusedAccess{Value: types.UnusedAccessConfiguration{UnusedAccessAge: aws.Int32(30)}}})
	wantErr(t, err, "ValidationException", http.StatusBadRequest)
	_, err = aa.DeleteAnalyzer(ctx, &accessanalyzer.DeleteAnalyzerInput{AnalyzerName: aws.String("none")})
	wantErr(t, err, "ResourceNotFoundException", http.StatusNotFound)
	_, err = aa.ListTagsForResource(ctx, &accessanalyzer.ListTagsForResourceInput{
		ResourceArn: aws.String("arn:aws:access-analyzer:us-east-1:" + s.AccountID() + ":analyzer/none")})
	wantErr(t, err, "ResourceNotFoundException", http.StatusNotFound)
	_, err = aa.ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{NextToken: aws.String("garbage")})
	wantErr(t, err, "ValidationException", http.StatusBadRequest)

	// Authorization by tag: a user allowed GetAnalyzer only on analyzers tagged team=sec.
	_, err = aa.TagResource(ctx, &accessanalyzer.TagResourceInput{
		ResourceArn: aws.String("arn:aws:access-analyzer:us-east-1:" + s.AccountID() + ":analyzer/one"), Tags: map[string]string{"team": "ops"}})
	if err != nil {
		t.Fatal(err)
	}
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"access-analyzer:GetAnalyzer","Resource":"*",
		"Condition":{"StringEquals":{"aws:ResourceTag/team":"sec"}}}]}`
	user := s.AccessAnalyzer(s.NewUser(t, "reader", doc))
	_, err = user.GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String("one")})
	wantErr(t, err, "AccessDeniedException", http.StatusForbidden)
	_, err = aa.TagResource(ctx, &accessanalyzer.TagResourceInput{
		ResourceArn: aws.String("arn:aws:access-analyzer:us-east-1:" + s.AccountID() + ":analyzer/one"), Tags: map[string]string{"team": "sec"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := user.GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String("one")}); err != nil {
		t.Errorf("tagged analyzer: %v", err)
	}
}
