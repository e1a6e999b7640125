package policies_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

const readDoc = `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`

func TestPolicyLifecycle(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(time.Date(2025, 3, 4, 5, 6, 7, 890, time.UTC))
	s, root := iamtest.Root(t, stacktest.WithClock(clock))
	cout, err := root.CreatePolicy(ctx, &awsiam.CreatePolicyInput{PolicyName: aws.String("ReadBuckets"),
		Path: aws.String("/data/"), PolicyDocument: aws.String(readDoc), Description: aws.String("read the buckets"),
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("blue")}}})
	fatalIf(t, err)
	created := cout.Policy
	policyARN := "arn:aws:iam::" + s.AccountID() + ":policy/data/ReadBuckets"
	at := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	want := &types.Policy{PolicyName: aws.String("ReadBuckets"), PolicyId: created.PolicyId, Arn: aws.String(policyARN),
		Path: aws.String("/data/"), DefaultVersionId: aws.String("v1"), AttachmentCount: aws.Int32(0),
		PermissionsBoundaryUsageCount: aws.Int32(0), IsAttachable: true, CreateDate: &at, UpdateDate: &at,
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("blue")}}}
	opts := cmpopts.IgnoreUnexported(types.Policy{}, types.Tag{})
	if diff := cmp.Diff(want, created, opts); diff != "" {
		t.Errorf("CreatePolicy (-want +got):\n%s", diff)
	}
	if _, ok := arn.IsUniqueID(aws.ToString(created.PolicyId)); !ok || !strings.HasPrefix(aws.ToString(created.PolicyId), arn.PrefixManagedPolicy) {
		t.Errorf("PolicyId %q is not an ANPA unique ID", aws.ToString(created.PolicyId))
	}

	gout, err := root.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(policyARN)})
	fatalIf(t, err)
	got := gout.Policy
	want.Description = aws.String("read the buckets")
	if diff := cmp.Diff(want, got, opts); diff != "" {
		t.Errorf("GetPolicy (-want +got):\n%s", diff)
	}
	vout, err := root.GetPolicyVersion(ctx, &awsiam.GetPolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: aws.String("v1")})
	fatalIf(t, err)
	v := vout.PolicyVersion
	if doc, err := url.QueryUnescape(aws.ToString(v.Document)); err != nil || doc != readDoc {
		t.Errorf("GetPolicyVersion document = %q (%v), want the document URL-encoded", aws.ToString(v.Document), err)
	}
	if !v.IsDefaultVersion || !v.CreateDate.Equal(at) {
		t.Errorf("GetPolicyVersion = default %v, created %v", v.IsDefaultVersion, v.CreateDate)
	}

	_, err = root.CreatePolicy(ctx, &awsiam.CreatePolicyInput{PolicyName: aws.String("readbuckets"), PolicyDocument: aws.String(readDoc)})
	stacktest.WantError(t, err, "EntityAlreadyExists", "A policy called readbuckets already exists. Duplicate names are not allowed.")

	ok(t)(root.DeletePolicy(ctx, &awsiam.DeletePolicyInput{PolicyArn: aws.String(policyARN)}))
	_, err = root.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(policyARN)})
	stacktest.WantError(t, err, "NoSuchEntity", "Policy "+policyARN+" does not exist or is not attachable.")
	_, err = root.DeletePolicy(ctx, &awsiam.DeletePolicyInput{PolicyArn: aws.String(policyARN)})
	stacktest.WantError(t, err, "NoSuchEntity", "Policy "+policyARN+" was not found.")
	var tags int
	err = s.Store().View(ctx, func(tx store.Tx) error {
		tags, err = tx.Tags().Count(ctx, store.Resource{Kind: store.KindPolicy, Key: policyARN})
		return err
	})
	if err == nil && tags != 0 {
		t.Errorf("a deleted policy keeps %d tags", tags)
	}
	// The name is free again.
	createPolicy(t, root, "ReadBuckets", readDoc)
}

func TestCreatePolicyValidation(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	big := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` +
		strings.Repeat("b", 6100) + `"}]}`
	spaced := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` +
		strings.Repeat("b", 6000) + `"}]}` + strings.Repeat(" ", 500)
	tag := func(k string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String("v")} }
	tests := []struct {
		name     string
		in       awsiam.CreatePolicyInput
		code     string
		message  string
		accepted bool
	}{
		{"malformed JSON", awsiam.CreatePolicyInput{PolicyDocument: aws.String(`{"Version":`)}, "MalformedPolicyDocument", "", false},
		{"no resource", awsiam.CreatePolicyInput{PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}`)},
			"MalformedPolicyDocument", "Policy statement must contain resources.", false},
		{"a principal", awsiam.CreatePolicyInput{PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`)},
			"MalformedPolicyDocument", "", false},
		{"too large", awsiam.CreatePolicyInput{PolicyDocument: aws.String(big)}, "LimitExceeded", "Cannot exceed quota for PolicySize: 6144", false},
		{"whitespace not counted", awsiam.CreatePolicyInput{PolicyDocument: aws.String(spaced)}, "", "", true},
		{"duplicate tag keys", awsiam.CreatePolicyInput{PolicyDocument: aws.String(readDoc), Tags: []types.Tag{tag("a"), tag("a")}},
			"InvalidInput", "Duplicate tag keys found.", false},
		{"reserved tag key", awsiam.CreatePolicyInput{PolicyDocument: aws.String(readDoc), Tags: []types.Tag{tag("aws:x")}},
			"InvalidInput", "", false},
		{"bad path", awsiam.CreatePolicyInput{PolicyDocument: aws.String(readDoc), Path: aws.String("no-slashes")}, "ValidationError", "", false},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.PolicyName = aws.String("p" + string(rune('a'+i)))
			_, err := root.CreatePolicy(ctx, &in)
			if tc.accepted {
				if err != nil {
					t.Fatalf("CreatePolicy: %v", err)
				}
				return
			}
			stacktest.WantError(t, err, tc.code, tc.message)
			// Nothing was written.
			_, err = root.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String("arn:aws:iam::" + s.AccountID() + ":policy/" + *in.PolicyName)})
			stacktest.WantError(t, err, "NoSuchEntity", "")
		})
	}
}

func TestPolicyQuotaPerAccount(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		for i := range 1500 {
			name := fmt.Sprintf("seeded-%04d", i)
			if err := tx.Policies().Create(ctx, store.ManagedPolicy{AccountID: s.AccountID(), ID: fmt.Sprintf("ANPASEEDED%011d", i),
				Name: name, Path: "/", ARN: "arn:aws:iam::" + s.AccountID() + ":policy/" + name, IsAttachable: true,
				Created: time.Now(), Updated: time.Now()}, readDoc); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = root.CreatePolicy(ctx, &awsiam.CreatePolicyInput{PolicyName: aws.String("one-too-many"), PolicyDocument: aws.String(readDoc)})
	stacktest.WantError(t, err, "LimitExceeded", "Cannot exceed quota for PoliciesPerAccount: 1500")
}

func TestPolicyARNValidation(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	for _, bad := range []string{
		"arn:aws:iam::" + s.AccountID() + ":user/alice",
		"arn:aws:s3:::bucket/policy/x-and-more",
		"arn:aws:iam::notanaccount:policy/x",
		"not an ARN at all, but long",
	} {
		_, err := root.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(bad)})
		stacktest.WantError(t, err, "InvalidInput", "ARN "+bad+" is not valid.")
	}
	// Another account's policy is not the caller's to see.
	_, err := root.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String("arn:aws:iam::111122223333:policy/theirs")})
	stacktest.WantError(t, err, "AccessDenied", "")
}

func TestDeletePolicyConflicts(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	createUser(t, root, "alice")
	policyARN := createPolicy(t, root, "P", readDoc)

	ok(t)(root.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("alice"), PolicyArn: aws.String(policyARN)}))
	_, err := root.DeletePolicy(ctx, &awsiam.DeletePolicyInput{PolicyArn: aws.String(policyARN)})
	stacktest.WantError(t, err, "DeleteConflict", "Cannot delete a policy attached to entities.")
	ok(t)(root.DetachUserPolicy(ctx, &awsiam.DetachUserPolicyInput{UserName: aws.String("alice"), PolicyArn: aws.String(policyARN)}))

	ok(t)(root.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("alice"), PermissionsBoundary: aws.String(policyARN)}))
	_, err = root.DeletePolicy(ctx, &awsiam.DeletePolicyInput{PolicyArn: aws.String(policyARN)})
	stacktest.WantError(t, err, "DeleteConflict", "Cannot delete a policy attached to entities.")
	ok(t)(root.DeleteUserPermissionsBoundary(ctx, &awsiam.DeleteUserPermissionsBoundaryInput{UserName: aws.String("alice")}))

	ok(t)(root.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(policyARN), PolicyDocument: aws.String(readDoc)}))
	_, err = root.DeletePolicy(ctx, &awsiam.DeletePolicyInput{PolicyArn: aws.String(policyARN)})
	stacktest.WantError(t, err, "DeleteConflict", "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
	ok(t)(root.DeletePolicyVersion(ctx, &awsiam.DeletePolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: aws.String("v2")}))
	ok(t)(root.DeletePolicy(ctx, &awsiam.DeletePolicyInput{PolicyArn: aws.String(policyARN)}))
}
