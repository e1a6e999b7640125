package analyzer_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// status is the HTTP status of an SDK error (0 when it has none).
func status(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// wantErr fails unless err is code with HTTP status st.
func wantErr(t *testing.T, err error, code string, st int) {
	t.Helper()
	stacktest.WantError(t, err, code, "")
	if got := status(err); got != st {
		t.Errorf("%s: HTTP status %d, want %d", code, got, st)
	}
}

const readS3 = `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}`

const readWriteS3 = `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"},
{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::bucket/*"}]}`

func TestCustomChecks(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	aa := s.AccessAnalyzer(s.Root())
	ctx := context.Background()

	same, err := aa.CheckNoNewAccess(ctx, &accessanalyzer.CheckNoNewAccessInput{NewPolicyDocument: aws.String(readS3),
		ExistingPolicyDocument: aws.String(readWriteS3), PolicyType: types.AccessCheckPolicyTypeIdentityPolicy})
	if err != nil {
		t.Fatal(err)
	}
	if same.Result != types.CheckNoNewAccessResultPass || len(same.Reasons) != 0 ||
		aws.ToString(same.Message) != "The modified permissions do not grant new access compared to your existing policy." {
		t.Errorf("narrowing: %s %q %+v", same.Result, aws.ToString(same.Message), same.Reasons)
	}
	wider, err := aa.CheckNoNewAccess(ctx, &accessanalyzer.CheckNoNewAccessInput{NewPolicyDocument: aws.String(readWriteS3),
		ExistingPolicyDocument: aws.String(readS3), PolicyType: types.AccessCheckPolicyTypeIdentityPolicy})
	if err != nil {
		t.Fatal(err)
	}
	if wider.Result != types.CheckNoNewAccessResultFail || len(wider.Reasons) != 1 ||
		aws.ToInt32(wider.Reasons[0].StatementIndex) != 1 || wider.Reasons[0].StatementId != nil ||
		aws.ToString(wider.Reasons[0].Description) != "New access in the statement with index: 1." {
		t.Errorf("widening: %s %+v", wider.Result, wider.Reasons)
	}

	granted, err := aa.CheckAccessNotGranted(ctx, &accessanalyzer.CheckAccessNotGrantedInput{PolicyDocument: aws.String(readWriteS3),
		Access: []types.Access{{Actions: []string{"s3:GetObject"}}}, PolicyType: types.AccessCheckPolicyTypeIdentityPolicy})
	if err != nil {
		t.Fatal(err)
	}
	if granted.Result != types.CheckAccessNotGrantedResultFail || len(granted.Reasons) != 1 ||
		aws.ToString(granted.Reasons[0].StatementId) != "Read" {
		t.Errorf("granted: %s %+v", granted.Result, granted.Reasons)
	}
	notGranted, err := aa.CheckAccessNotGranted(ctx, &accessanalyzer.CheckAccessNotGrantedInput{PolicyDocument: aws.String(readS3),
		Access:     []types.Access{{Actions: []string{"s3:PutObject"}, Resources: []string{"arn:aws:s3:::bucket/x"}}},
		PolicyType: types.AccessCheckPolicyTypeIdentityPolicy})
	if err != nil {
		t.Fatal(err)
	}
	if notGranted.Result != types.CheckAccessNotGrantedResultPass ||
		aws.ToString(notGranted.Message) != "The policy document does not grant access to perform one or more of the listed actions or resources." {
		t.Errorf("not granted: %s %q", notGranted.Result, aws.ToString(notGranted.Message))
	}

	public := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}`
	pub, err := aa.CheckNoPublicAccess(ctx, &accessanalyzer.CheckNoPublicAccessInput{PolicyDocument: aws.String(public),
		ResourceType: types.AccessCheckResourceTypeS3Bucket})
	if err != nil {
		t.Fatal(err)
	}
	if pub.Result != types.CheckNoPublicAccessResultFail || len(pub.Reasons) != 1 {
		t.Errorf("public: %s %+v", pub.Result, pub.Reasons)
	}
	private := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}`
	priv, err := aa.CheckNoPublicAccess(ctx, &accessanalyzer.CheckNoPublicAccessInput{PolicyDocument: aws.String(private),
		ResourceType: types.AccessCheckResourceTypeS3Bucket})
	if err != nil {
		t.Fatal(err)
	}
	if priv.Result != types.CheckNoPublicAccessResultPass {
		t.Errorf("private: %s %+v", priv.Result, priv.Reasons)
	}
}

func TestCustomCheckErrors(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	ctx := context.Background()
	aa := s.AccessAnalyzer(s.Root())
	_, err := aa.CheckNoNewAccess(ctx, &accessanalyzer.CheckNoNewAccessInput{NewPolicyDocument: aws.String("{not json"),
		ExistingPolicyDocument: aws.String(readS3), PolicyType: types.AccessCheckPolicyTypeIdentityPolicy})
	wantErr(t, err, "InvalidParameterException", http.StatusBadRequest)
	_, err = aa.CheckNoNewAccess(ctx, &accessanalyzer.CheckNoNewAccessInput{NewPolicyDocument: aws.String(readS3),
		ExistingPolicyDocument: aws.String(readS3), PolicyType: "SOMETHING"})
	wantErr(t, err, "ValidationException", http.StatusBadRequest)
	_, err = aa.CheckAccessNotGranted(ctx, &accessanalyzer.CheckAccessNotGrantedInput{PolicyDocument: aws.String(readS3),
		Access: []types.Access{{}}, PolicyType: types.AccessCheckPolicyTypeIdentityPolicy})
	wantErr(t, err, "ValidationException", http.StatusBadRequest)
	_, err = aa.CheckAccessNotGranted(ctx, &accessanalyzer.CheckAccessNotGrantedInput{PolicyDocument: aws.String(readS3),
		Access:     []types.Access{{Actions: []string{"s3:GetObject"}}, {Actions: []string{"s3:PutObject"}}},
		PolicyType: types.AccessCheckPolicyTypeIdentityPolicy})
	wantErr(t, err, "ValidationException", http.StatusBadRequest)
	_, err = aa.CheckNoPublicAccess(ctx, &accessanalyzer.CheckNoPublicAccessInput{PolicyDocument: aws.String("[]"),
		ResourceType: types.AccessCheckResourceTypeS3Bucket})
	wantErr(t, err, "InvalidParameterException", http.StatusBadRequest)

	// A user without permission is refused, and one allowed exactly this action is answered.
	none := s.NewUser(t, "nobody")
	_, err = s.AccessAnalyzer(none).CheckNoNewAccess(ctx, &accessanalyzer.CheckNoNewAccessInput{NewPolicyDocument: aws.String(readS3),
		ExistingPolicyDocument: aws.String(readS3), PolicyType: types.AccessCheckPolicyTypeIdentityPolicy})
	wantErr(t, err, "AccessDeniedException", http.StatusForbidden)
	some := s.NewUser(t, "checker", stacktest.Policy("Allow", []string{"access-analyzer:CheckNoNewAccess"}))
	if _, err := s.AccessAnalyzer(some).CheckNoNewAccess(ctx, &accessanalyzer.CheckNoNewAccessInput{NewPolicyDocument: aws.String(readS3),
		ExistingPolicyDocument: aws.String(readS3), PolicyType: types.AccessCheckPolicyTypeIdentityPolicy}); err != nil {
		t.Errorf("allowed caller: %v", err)
	}
	_, err = s.AccessAnalyzer(some).ValidatePolicy(ctx, &accessanalyzer.ValidatePolicyInput{PolicyDocument: aws.String(readS3),
		PolicyType: types.PolicyTypeIdentityPolicy})
	wantErr(t, err, "AccessDeniedException", http.StatusForbidden)
}
