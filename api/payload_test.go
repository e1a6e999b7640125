package api_test

import (
	"context"
	"testing"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// TestUnsignedPayloadRefused: aws-sdk-go-v2 told to sign UNSIGNED-PAYLOAD as it does for S3 (its
// SwapComputePayloadSHA256ForUnsignedPayloadMiddleware signs that literal, and
// AddContentSHA256HeaderMiddleware sends it as X-Amz-Content-Sha256) is refused by IAM and STS with SignatureDoesNotMatch:
// they hash the body they received, as every AWS service does whose model does not mark the
// operation's payload unsigned (S3 and a few others; see sigv4.TestBodyHashOnly for the sources).
// The same clients signing normally succeed.
func TestUnsignedPayloadRefused(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	root := s.Root()
	ctx := context.Background()
	unsigned := func(stack *middleware.Stack) error {
		if err := v4.SwapComputePayloadSHA256ForUnsignedPayloadMiddleware(stack); err != nil {
			return err
		}
		return v4.AddContentSHA256HeaderMiddleware(stack)
	}

	_, err := s.IAM(root).ListUsers(ctx, &awsiam.ListUsersInput{}, func(o *awsiam.Options) { o.APIOptions = append(o.APIOptions, unsigned) })
	stacktest.WantError(t, err, "SignatureDoesNotMatch", "")
	_, err = s.STS(root).GetCallerIdentity(ctx, nil, func(o *sts.Options) { o.APIOptions = append(o.APIOptions, unsigned) })
	stacktest.WantError(t, err, "SignatureDoesNotMatch", "")

	if _, err := s.IAM(root).ListUsers(ctx, &awsiam.ListUsersInput{}); err != nil {
		t.Errorf("ListUsers signed normally: %v", err)
	}
	if _, err := s.STS(root).GetCallerIdentity(ctx, nil); err != nil {
		t.Errorf("GetCallerIdentity signed normally: %v", err)
	}
}
