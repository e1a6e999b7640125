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

// A policy with an unknown action, a misspelled Version and a PassRole on "*": three
// findings of three types, at known places.
const flawed = `{"Version":"2012-10-18","Statement":[{"Effect":"Allow","Action":["s3:GetObjekt","iam:PassRole"],"Resource":"*"}]}`

func TestValidatePolicy(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	aa := s.AccessAnalyzer(s.Root())
	ctx := context.Background()
	out, err := aa.ValidatePolicy(ctx, &accessanalyzer.ValidatePolicyInput{PolicyDocument: aws.String(flawed),
		PolicyType: types.PolicyTypeIdentityPolicy, Locale: types.LocaleEn})
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]types.ValidatePolicyFindingType{}
	for _, f := range out.Findings {
		codes[aws.ToString(f.IssueCode)] = f.FindingType
		if aws.ToString(f.FindingDetails) == "" || aws.ToString(f.LearnMoreLink) == "" || len(f.Locations) == 0 {
			t.Errorf("%s: incomplete finding %+v", aws.ToString(f.IssueCode), f)
		}
	}
	for code, typ := range map[string]types.ValidatePolicyFindingType{"INVALID_VERSION": types.ValidatePolicyFindingTypeError,
		"INVALID_ACTION": types.ValidatePolicyFindingTypeError, "PASS_ROLE_WITH_STAR_IN_RESOURCE": types.ValidatePolicyFindingTypeSecurityWarning} {
		if codes[code] != typ {
			t.Errorf("finding %s: type %q, want %q (all: %v)", code, codes[code], typ, codes)
		}
	}
	// The version finding points at the Version value: line 1, columns 11 to 23.
	v := out.Findings[0]
	if aws.ToString(v.IssueCode) != "INVALID_VERSION" {
		t.Fatalf("first finding %s, want INVALID_VERSION", aws.ToString(v.IssueCode))
	}
	loc := v.Locations[0]
	if p, ok := loc.Path[0].(*types.PathElementMemberValue); !ok || p.Value != "Version" {
		t.Errorf("path %#v", loc.Path)
	}
	if st, en := loc.Span.Start, loc.Span.End; aws.ToInt32(st.Line) != 1 || aws.ToInt32(st.Column) != 11 ||
		aws.ToInt32(en.Column) != 23 || aws.ToInt32(en.Offset) != 23 {
		t.Errorf("span %+v–%+v", *st, *en)
	}

	// Paging: one finding per page, the same findings in the same order.
	var paged []string
	p := accessanalyzer.NewValidatePolicyPaginator(aa, &accessanalyzer.ValidatePolicyInput{PolicyDocument: aws.String(flawed),
		PolicyType: types.PolicyTypeIdentityPolicy, MaxResults: aws.Int32(1)})
	for p.HasMorePages() {
		pg, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(pg.Findings) != 1 {
			t.Fatalf("page of %d findings", len(pg.Findings))
		}
		paged = append(paged, aws.ToString(pg.Findings[0].IssueCode))
	}
	if len(paged) != len(out.Findings) {
		t.Errorf("paged %v, want %d findings", paged, len(out.Findings))
	}
	for i, code := range paged {
		if code != aws.ToString(out.Findings[i].IssueCode) {
			t.Errorf("page %d: %s, want %s", i, code, aws.ToString(out.Findings[i].IssueCode))
		}
	}

	clean, err := aa.ValidatePolicy(ctx, &accessanalyzer.ValidatePolicyInput{PolicyDocument: aws.String(readS3),
		PolicyType: types.PolicyTypeIdentityPolicy})
	if err != nil || len(clean.Findings) != 0 || clean.NextToken != nil {
		t.Errorf("clean policy: %+v, %v", clean, err)
	}
	syntax, err := aa.ValidatePolicy(ctx, &accessanalyzer.ValidatePolicyInput{PolicyDocument: aws.String("{"),
		PolicyType: types.PolicyTypeIdentityPolicy})
	if err != nil || len(syntax.Findings) != 1 || aws.ToString(syntax.Findings[0].IssueCode) != "JSON_SYNTAX_ERROR" {
		t.Errorf("syntax error: %+v, %v", syntax, err)
	}
}

func TestValidatePolicyErrors(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	aa := s.AccessAnalyzer(s.Root())
	ctx := context.Background()
	_, err := aa.ValidatePolicy(ctx, &accessanalyzer.ValidatePolicyInput{PolicyDocument: aws.String(readS3),
		PolicyType: types.PolicyTypeIdentityPolicy, ValidatePolicyResourceType: types.ValidatePolicyResourceTypeS3Bucket})
	wantErr(t, err, "ValidationException", http.StatusBadRequest)
	stacktest.WantError(t, err, "ValidationException", "InvalidInput")
	_, err = aa.ValidatePolicy(ctx, &accessanalyzer.ValidatePolicyInput{PolicyDocument: aws.String(readS3),
		PolicyType: "BOGUS"})
	wantErr(t, err, "ValidationException", http.StatusBadRequest)
	_, err = aa.ValidatePolicy(ctx, &accessanalyzer.ValidatePolicyInput{PolicyDocument: aws.String(flawed),
		PolicyType: types.PolicyTypeIdentityPolicy, NextToken: aws.String("not-a-token")})
	wantErr(t, err, "ValidationException", http.StatusBadRequest)
	// A token is bound to its request: another document's token is refused.
	first, err := aa.ValidatePolicy(ctx, &accessanalyzer.ValidatePolicyInput{PolicyDocument: aws.String(flawed),
		PolicyType: types.PolicyTypeIdentityPolicy, MaxResults: aws.Int32(1)})
	if err != nil || first.NextToken == nil {
		t.Fatalf("first page: %+v %v", first, err)
	}
	_, err = aa.ValidatePolicy(ctx, &accessanalyzer.ValidatePolicyInput{PolicyDocument: aws.String(readS3),
		PolicyType: types.PolicyTypeIdentityPolicy, NextToken: first.NextToken})
	wantErr(t, err, "ValidationException", http.StatusBadRequest)
}
