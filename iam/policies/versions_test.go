package policies_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// versionIDs lists versions as "v2*" (default) or "v1".
func versionIDs(vs []types.PolicyVersion) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = aws.ToString(v.VersionId)
		if v.IsDefaultVersion {
			out[i] += "*"
		}
	}
	return out
}

func listVersions(t *testing.T, c *awsiam.Client, policyARN string, pageSize int32) []string {
	t.Helper()
	return versionIDs(iamtest.All[types.PolicyVersion](t, c.ListPolicyVersions,
		&awsiam.ListPolicyVersionsInput{PolicyArn: aws.String(policyARN), MaxItems: aws.Int32(pageSize)}))
}

func docSid(sid string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"` + sid + `","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
}

func TestPolicyVersions(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, root := iamtest.Root(t)
	policyARN := createPolicy(t, root, "Versioned", docSid("v1"))
	create := func(sid string, setDefault bool) (*types.PolicyVersion, error) {
		out, err := root.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(policyARN),
			PolicyDocument: aws.String(docSid(sid)), SetAsDefault: setDefault})
		if err != nil {
			return nil, err
		}
		return out.PolicyVersion, nil
	}
	v2, err := create("v2", true)
	fatalIf(t, err)
	if aws.ToString(v2.VersionId) != "v2" || !v2.IsDefaultVersion || v2.Document != nil {
		t.Errorf("CreatePolicyVersion = %s default %v document %v", aws.ToString(v2.VersionId), v2.IsDefaultVersion, v2.Document)
	}
	for _, sid := range []string{"v3", "v4", "v5"} {
		if _, err := create(sid, false); err != nil {
			t.Fatal(err)
		}
	}
	_, err = create("v6", false)
	stacktest.WantError(t, err, "LimitExceeded", "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.")
	if diff := cmp.Diff([]string{"v5", "v4", "v3", "v2*", "v1"}, listVersions(t, root, policyARN, 2)); diff != "" {
		t.Errorf("ListPolicyVersions, newest first, in pages of 2 (-want +got):\n%s", diff)
	}

	iamtest.Refused(t, root.DeletePolicyVersion, &awsiam.DeletePolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: aws.String("v2")},
		"DeleteConflict", "Cannot delete the default version of a policy.")
	iamtest.Refused(t, root.DeletePolicyVersion, &awsiam.DeletePolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: aws.String("v9")},
		"NoSuchEntity", "Policy "+policyARN+" version v9 does not exist or is not attachable.")
	ok(t)(root.DeletePolicyVersion(ctx, &awsiam.DeletePolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: aws.String("v3")}))
	v6, err := create("v6", false)
	fatalIf(t, err)
	if got := aws.ToString(v6.VersionId); got != "v6" {
		t.Errorf("version after a delete = %s, want v6 (numbers are never reused)", got)
	}

	ok(t)(root.SetDefaultPolicyVersion(ctx, &awsiam.SetDefaultPolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: aws.String("v1")}))
	iamtest.Refused(t, root.SetDefaultPolicyVersion, &awsiam.SetDefaultPolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: aws.String("v3")},
		"NoSuchEntity", "Policy "+policyARN+" version v3 does not exist or is not attachable.")
	got, err := root.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(policyARN)})
	fatalIf(t, err)
	if id := aws.ToString(got.Policy.DefaultVersionId); id != "v1" {
		t.Errorf("DefaultVersionId after SetDefaultPolicyVersion = %s", id)
	}
	gv, err := root.GetPolicyVersion(ctx, &awsiam.GetPolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: aws.String("v4")})
	fatalIf(t, err)
	if doc, _ := url.QueryUnescape(aws.ToString(gv.PolicyVersion.Document)); doc != docSid("v4") || gv.PolicyVersion.IsDefaultVersion {
		t.Errorf("GetPolicyVersion v4 = %q default %v", doc, gv.PolicyVersion.IsDefaultVersion)
	}
	iamtest.Refused(t, root.GetPolicyVersion, &awsiam.GetPolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: aws.String("v3")},
		"NoSuchEntity", "Policy "+policyARN+" version v3 does not exist or is not attachable.")

	// A version's document is validated as the first one is.
	_, err = root.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(policyARN),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}`)})
	stacktest.WantError(t, err, "MalformedPolicyDocument", "Policy statement must contain resources.")

	missing := "arn:aws:iam::" + accountOf(policyARN) + ":policy/Missing"
	iamtest.Refused(t, root.GetPolicyVersion, &awsiam.GetPolicyVersionInput{PolicyArn: aws.String(missing), VersionId: aws.String("v1")},
		"NoSuchEntity", "Policy "+missing+" version v1 does not exist or is not attachable.")
	iamtest.Refused(t, root.CreatePolicyVersion, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(missing), PolicyDocument: aws.String(readDoc)},
		"NoSuchEntity", "Policy "+missing+" does not exist or is not attachable.")
	iamtest.Refused(t, root.ListPolicyVersions, &awsiam.ListPolicyVersionsInput{PolicyArn: aws.String(missing)},
		"NoSuchEntity", "Policy "+missing+" does not exist or is not attachable.")
	iamtest.Refused(t, root.ListPolicyVersions, &awsiam.ListPolicyVersionsInput{PolicyArn: aws.String(policyARN), Marker: aws.String("bogus!")},
		"ValidationError", "")
}

// accountOf is the account of an ARN.
func accountOf(a string) string { return a[len("arn:aws:iam::") : len("arn:aws:iam::")+12] }

func TestAWSManagedPolicies(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, root := iamtest.Root(t)
	const lambdaARN = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
	cat, ok1 := managed.Lookup(lambdaARN)
	if !ok1 {
		t.Fatal("catalog has no AWSLambdaBasicExecutionRole")
	}
	got, err := root.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(lambdaARN)})
	fatalIf(t, err)
	p := got.Policy
	if aws.ToString(p.PolicyName) != cat.Name || aws.ToString(p.Path) != "/service-role/" || aws.ToString(p.PolicyId) != cat.ID ||
		aws.ToString(p.DefaultVersionId) != cat.DefaultVersionID || aws.ToInt32(p.AttachmentCount) != 0 || !p.IsAttachable ||
		aws.ToString(p.Description) != cat.Description || p.Tags == nil {
		t.Errorf("GetPolicy of an AWS managed policy = %+v", p)
	}

	vs := listVersions(t, root, lambdaARN, 100)
	want, err := cat.Versions()
	fatalIf(t, err)
	if len(vs) != len(want) || vs[0] != want[0].ID+"*" {
		t.Errorf("ListPolicyVersions = %v, want the catalog's %d versions, default first", vs, len(want))
	}
	oldest := want[len(want)-1].ID
	gv, err := root.GetPolicyVersion(ctx, &awsiam.GetPolicyVersionInput{PolicyArn: aws.String(lambdaARN), VersionId: aws.String(oldest)})
	fatalIf(t, err)
	wantDoc, _, _ := cat.VersionDocument(oldest)
	if doc, _ := url.QueryUnescape(aws.ToString(gv.PolicyVersion.Document)); doc != wantDoc {
		t.Errorf("GetPolicyVersion %s = %q, want %q", oldest, doc, wantDoc)
	}
	iamtest.Refused(t, root.GetPolicyVersion, &awsiam.GetPolicyVersionInput{PolicyArn: aws.String(lambdaARN), VersionId: aws.String("v999")},
		"NoSuchEntity", "Policy "+lambdaARN+" version v999 does not exist or is not attachable.")
	iamtest.Refused(t, root.GetPolicy, &awsiam.GetPolicyInput{PolicyArn: aws.String("arn:aws:iam::aws:policy/NoSuchThing")},
		"NoSuchEntity", "Policy arn:aws:iam::aws:policy/NoSuchThing does not exist or is not attachable.")

	// AWS managed policies are AWS's: not even root can change them.
	changes := map[string]func() error{
		"CreatePolicyVersion":     iamtest.Do(root.CreatePolicyVersion, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(lambdaARN), PolicyDocument: aws.String(readDoc)}),
		"DeletePolicy":            iamtest.Do(root.DeletePolicy, &awsiam.DeletePolicyInput{PolicyArn: aws.String(lambdaARN)}),
		"SetDefaultPolicyVersion": iamtest.Do(root.SetDefaultPolicyVersion, &awsiam.SetDefaultPolicyVersionInput{PolicyArn: aws.String(lambdaARN), VersionId: aws.String(oldest)}),
		"DeletePolicyVersion":     iamtest.Do(root.DeletePolicyVersion, &awsiam.DeletePolicyVersionInput{PolicyArn: aws.String(lambdaARN), VersionId: aws.String(oldest)}),
		"TagPolicy":               iamtest.Do(root.TagPolicy, &awsiam.TagPolicyInput{PolicyArn: aws.String(lambdaARN), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}}),
		"UntagPolicy":             iamtest.Do(root.UntagPolicy, &awsiam.UntagPolicyInput{PolicyArn: aws.String(lambdaARN), TagKeys: []string{"k"}}),
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			err := change()
			stacktest.WantError(t, err, "AccessDenied", "")
			if msg, want := stacktest.ErrorMessage(err), "on resource: "+lambdaARN+" because no resource-based policy allows the iam:"+name+" action"; !strings.HasSuffix(msg, want) {
				t.Errorf("message %q does not end with %q", msg, want)
			}
		})
	}
	after, err := root.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(lambdaARN)})
	fatalIf(t, err)
	if aws.ToString(after.Policy.DefaultVersionId) != cat.DefaultVersionID {
		t.Errorf("default version changed to %s", aws.ToString(after.Policy.DefaultVersionId))
	}
	tags, err := root.ListPolicyTags(ctx, &awsiam.ListPolicyTagsInput{PolicyArn: aws.String(lambdaARN)})
	fatalIf(t, err)
	if len(tags.Tags) != 0 {
		t.Errorf("ListPolicyTags of an AWS managed policy = %v", tags.Tags)
	}
}
