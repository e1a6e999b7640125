package roles_test

import (
	"fmt"
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

// roleOpts compares roles without their random IDs and with the trust policy decoded.
var roleOpts = []cmp.Option{
	cmpopts.IgnoreUnexported(types.Role{}, types.Tag{}, types.AttachedPermissionsBoundary{}, types.RoleLastUsed{}),
	cmpopts.IgnoreFields(types.Role{}, "RoleId"),
}

func TestCreateRole(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.RootAt(t, 700*time.Millisecond)
	acct := s.AccountID()
	boundaryARN := "arn:aws:iam::aws:policy/PowerUserAccess"
	tests := []struct {
		name       string
		in         *awsiam.CreateRoleInput
		wantCreate *types.Role // the trust policy as sent
		wantGet    *types.Role
	}{
		{
			name: "defaults",
			in:   &awsiam.CreateRoleInput{RoleName: aws.String("web"), AssumeRolePolicyDocument: aws.String(ec2Trust)},
			// CreateRole leaves out Description, MaxSessionDuration and RoleLastUsed.
			wantCreate: &types.Role{RoleName: aws.String("web"), Path: aws.String("/"), CreateDate: aws.Time(iamtest.Created),
				Arn: aws.String("arn:aws:iam::" + acct + ":role/web"), AssumeRolePolicyDocument: aws.String(ec2Trust)},
			wantGet: &types.Role{RoleName: aws.String("web"), Path: aws.String("/"), CreateDate: aws.Time(iamtest.Created),
				Arn: aws.String("arn:aws:iam::" + acct + ":role/web"), AssumeRolePolicyDocument: aws.String(ec2Trust),
				MaxSessionDuration: aws.Int32(3600), RoleLastUsed: &types.RoleLastUsed{}},
		},
		{
			name: "everything",
			in: &awsiam.CreateRoleInput{RoleName: aws.String("ci-deployer"), Path: aws.String("/ci/"),
				AssumeRolePolicyDocument: aws.String(ec2Trust), Description: aws.String("deploys from CI"),
				MaxSessionDuration: aws.Int32(43200), PermissionsBoundary: aws.String(boundaryARN),
				Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("platform")}, {Key: aws.String("empty"), Value: aws.String("")}}},
			wantCreate: &types.Role{RoleName: aws.String("ci-deployer"), Path: aws.String("/ci/"), CreateDate: aws.Time(iamtest.Created),
				Arn: aws.String("arn:aws:iam::" + acct + ":role/ci/ci-deployer"), AssumeRolePolicyDocument: aws.String(ec2Trust),
				PermissionsBoundary: &types.AttachedPermissionsBoundary{PermissionsBoundaryArn: aws.String(boundaryARN),
					PermissionsBoundaryType: types.PermissionsBoundaryAttachmentTypePolicy},
				Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("platform")}, {Key: aws.String("empty"), Value: aws.String("")}}},
			wantGet: &types.Role{RoleName: aws.String("ci-deployer"), Path: aws.String("/ci/"), CreateDate: aws.Time(iamtest.Created),
				Arn: aws.String("arn:aws:iam::" + acct + ":role/ci/ci-deployer"), AssumeRolePolicyDocument: aws.String(ec2Trust),
				Description: aws.String("deploys from CI"), MaxSessionDuration: aws.Int32(43200),
				PermissionsBoundary: &types.AttachedPermissionsBoundary{PermissionsBoundaryArn: aws.String(boundaryARN),
					PermissionsBoundaryType: types.PermissionsBoundaryAttachmentTypePolicy},
				Tags:         []types.Tag{{Key: aws.String("team"), Value: aws.String("platform")}, {Key: aws.String("empty"), Value: aws.String("")}},
				RoleLastUsed: &types.RoleLastUsed{}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := root.CreateRole(ctx, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			out.Role.AssumeRolePolicyDocument = aws.String(decoded(t, out.Role))
			if diff := cmp.Diff(tc.wantCreate, out.Role, roleOpts...); diff != "" {
				t.Errorf("CreateRole (-want +got):\n%s", diff)
			}
			if p, ok := arn.IsUniqueID(aws.ToString(out.Role.RoleId)); !ok || p != arn.PrefixRole {
				t.Errorf("RoleId %q is not an AROA… unique ID", aws.ToString(out.Role.RoleId))
			}
			got := mustGetRole(t, root, aws.ToString(tc.in.RoleName))
			got.AssumeRolePolicyDocument = aws.String(decoded(t, got))
			if diff := cmp.Diff(tc.wantGet, got, roleOpts...); diff != "" {
				t.Errorf("GetRole (-want +got):\n%s", diff)
			}
			if aws.ToString(got.RoleId) != aws.ToString(out.Role.RoleId) {
				t.Errorf("GetRole RoleId %s, CreateRole said %s", aws.ToString(got.RoleId), aws.ToString(out.Role.RoleId))
			}
		})
	}
}

func TestCreateRoleErrors(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	acct := s.AccountID()
	iamtest.MustCreateRole(t, root, "taken", ec2Trust)
	iamtest.Must(t, root.CreateGroup, &awsiam.CreateGroupInput{GroupName: aws.String("devs")})
	statement := func(body string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + body + `}]}`
	}
	big := `{"Version":"2012-10-17","Statement":[{"Sid":"` + strings.Repeat("a", 2000) +
		`","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	tags := func(n int) []types.Tag {
		var ts []types.Tag
		for i := range n {
			ts = append(ts, types.Tag{Key: aws.String(fmt.Sprintf("k%d", i)), Value: aws.String("v")})
		}
		return ts
	}
	trusting := func(doc string) *awsiam.CreateRoleInput {
		return &awsiam.CreateRoleInput{RoleName: aws.String("x"), AssumeRolePolicyDocument: aws.String(doc)}
	}
	tests := []struct {
		name          string
		in            *awsiam.CreateRoleInput
		code, message string
	}{
		{"exists", &awsiam.CreateRoleInput{RoleName: aws.String("taken")},
			"EntityAlreadyExists", "Role with name taken already exists."},
		{"exists in another case", &awsiam.CreateRoleInput{RoleName: aws.String("TAKEN")},
			"EntityAlreadyExists", "Role with name TAKEN already exists."},
		{"service-linked role path", &awsiam.CreateRoleInput{RoleName: aws.String("x"), Path: aws.String("/aws-service-role/ecs.amazonaws.com/")},
			"InvalidInput", "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles"},
		{"not JSON", trusting("not valid json"), "MalformedPolicyDocument", "This policy contains invalid Json"},
		{"not an AssumeRole action", trusting(statement(`"Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:InvalidAction"`)),
			"MalformedPolicyDocument", "AssumeRole policy may only specify STS AssumeRole actions."},
		{"Resource", trusting(statement(`"Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"`)),
			"MalformedPolicyDocument", "Has prohibited field Resource"},
		{"no Principal", trusting(statement(`"Action":"sts:AssumeRole"`)), "MalformedPolicyDocument", "Missing required field Principal"},
		{"over the trust policy quota", trusting(big), "LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048"},
		{"user that does not exist", trusting(trustOf("arn:aws:iam::" + acct + ":user/ghost")),
			"MalformedPolicyDocument", `Invalid principal in policy: "AWS":"arn:aws:iam::` + acct + `:user/ghost"`},
		{"role at another path", trusting(trustOf("arn:aws:iam::" + acct + ":role/other/taken")),
			"MalformedPolicyDocument", `Invalid principal in policy: "AWS":"arn:aws:iam::` + acct + `:role/other/taken"`},
		{"wildcard in an ARN", trusting(trustOf("arn:aws:iam::" + acct + ":role/*")),
			"MalformedPolicyDocument", `Invalid principal in policy: "AWS":"arn:aws:iam::` + acct + `:role/*"`},
		{"a group", trusting(trustOf("arn:aws:iam::" + acct + ":group/devs")),
			"MalformedPolicyDocument", `Invalid principal in policy: "AWS":"arn:aws:iam::` + acct + `:group/devs"`},
		{"unique ID of nobody", trusting(trustOf("AIDAJQABLZS4A3QDU576Q")), "MalformedPolicyDocument", `Invalid principal in policy: "AWS":"AIDAJQABLZS4A3QDU576Q"`},
		{"service principal without its domain", trusting(statement(`"Principal":{"Service":"amazonaws.com"},"Action":"sts:AssumeRole"`)),
			"MalformedPolicyDocument", `Invalid principal in policy: "SERVICE":"amazonaws.com"`},
		{"federated principal that is neither a domain nor a provider", trusting(statement(`"Principal":{"Federated":"arn:aws:iam::` + acct + `:role/taken"},"Action":"sts:AssumeRoleWithWebIdentity"`)),
			"MalformedPolicyDocument", "Federated principals must be valid domain names or SAML metadata ARNs"},
		{"session too short", &awsiam.CreateRoleInput{RoleName: aws.String("x"), MaxSessionDuration: aws.Int32(3599)},
			"ValidationError", ""},
		{"session too long", &awsiam.CreateRoleInput{RoleName: aws.String("x"), MaxSessionDuration: aws.Int32(43201)},
			"ValidationError", ""},
		{"boundary that does not exist", &awsiam.CreateRoleInput{RoleName: aws.String("x"),
			PermissionsBoundary: aws.String("arn:aws:iam::" + acct + ":policy/nonexistent-policy")},
			"NoSuchEntity", "Scope ARN: arn:aws:iam::" + acct + ":policy/nonexistent-policy does not exist or is not attachable."},
		{"boundary that is not a policy", &awsiam.CreateRoleInput{RoleName: aws.String("x"),
			PermissionsBoundary: aws.String("arn:aws:iam::" + acct + ":not_a_policy/invalid")},
			"InvalidInput", "ARN arn:aws:iam::" + acct + ":not_a_policy/invalid is not valid."},
		{"duplicate tag keys", &awsiam.CreateRoleInput{RoleName: aws.String("x"), Tags: []types.Tag{
			{Key: aws.String("Team"), Value: aws.String("a")}, {Key: aws.String("team"), Value: aws.String("b")}}},
			"InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive."},
		{"51 tags", &awsiam.CreateRoleInput{RoleName: aws.String("x"), Tags: tags(51)}, "ValidationError", ""},
		{"bad name", &awsiam.CreateRoleInput{RoleName: aws.String("not ok!")}, "ValidationError", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.in.AssumeRolePolicyDocument == nil {
				tc.in.AssumeRolePolicyDocument = aws.String(ec2Trust)
			}
			_, err := root.CreateRole(ctx, tc.in)
			stacktest.WantError(t, err, tc.code, tc.message)
		})
	}
	// No failed request left anything behind.
	out := iamtest.Must(t, root.ListRoles, &awsiam.ListRolesInput{})
	if len(out.Roles) != 1 || aws.ToString(out.Roles[0].RoleName) != "taken" {
		t.Errorf("roles after failed creates: %d, want only taken", len(out.Roles))
	}
}

func TestRolesPerAccountQuota(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	seedRoles(t, s, "r", 1000)
	iamtest.Refused(t, root.CreateRole, &awsiam.CreateRoleInput{RoleName: aws.String("one-too-many"), AssumeRolePolicyDocument: aws.String(ec2Trust)},
		"LimitExceeded", "Cannot exceed quota for RolesPerAccount: 1000")
	iamtest.Refused(t, root.CreateServiceLinkedRole, &awsiam.CreateServiceLinkedRoleInput{AWSServiceName: aws.String("ecs.amazonaws.com")},
		"LimitExceeded", "Cannot exceed quota for RolesPerAccount: 1000")
}

func TestGetRoleLastUsed(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	iamtest.MustCreateRole(t, root, "used", ec2Trust)
	r := roleRecord(t, s, "used")
	used := time.Date(2026, 4, 2, 8, 9, 10, 500, time.UTC)
	if err := s.Store().Update(ctx, func(tx store.Tx) error {
		return tx.Roles().RecordUse(ctx, r.ID, store.RoleUse{When: used, Region: "eu-west-1"})
	}); err != nil {
		t.Fatal(err)
	}
	got := mustGetRole(t, root, "used")
	want := &types.RoleLastUsed{LastUsedDate: aws.Time(used.Truncate(time.Second)), Region: aws.String("eu-west-1")}
	if diff := cmp.Diff(want, got.RoleLastUsed, roleOpts...); diff != "" {
		t.Errorf("RoleLastUsed (-want +got):\n%s", diff)
	}
	iamtest.Refused(t, root.GetRole, &awsiam.GetRoleInput{RoleName: aws.String("test-nonexistent-role")},
		"NoSuchEntity", "The role with name test-nonexistent-role cannot be found.")
}

func TestUpdateRole(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, root := iamtest.Root(t)
	iamtest.Must(t, root.CreateRole, &awsiam.CreateRoleInput{RoleName: aws.String("app"), AssumeRolePolicyDocument: aws.String(ec2Trust),
		Description: aws.String("initial description")})
	check := func(desc string, msd int32) {
		t.Helper()
		got := mustGetRole(t, root, "app")
		if aws.ToString(got.Description) != desc || aws.ToInt32(got.MaxSessionDuration) != msd {
			t.Errorf("role has Description %q, MaxSessionDuration %d; want %q, %d",
				aws.ToString(got.Description), aws.ToInt32(got.MaxSessionDuration), desc, msd)
		}
	}
	iamtest.Must(t, root.UpdateRole, &awsiam.UpdateRoleInput{RoleName: aws.String("app"), Description: aws.String("updated description"),
		MaxSessionDuration: aws.Int32(7200)})
	check("updated description", 7200)

	out, err := root.UpdateRoleDescription(ctx, &awsiam.UpdateRoleDescriptionInput{RoleName: aws.String("app"),
		Description: aws.String("via update_role_description")})
	if err != nil {
		t.Fatal(err)
	}
	// The answer is the role's basic shape with its new description.
	if aws.ToString(out.Role.Description) != "via update_role_description" || out.Role.MaxSessionDuration != nil ||
		out.Role.RoleLastUsed != nil || aws.ToString(out.Role.RoleName) != "app" || decoded(t, out.Role) != ec2Trust {
		t.Errorf("UpdateRoleDescription answered %+v", out.Role)
	}
	check("via update_role_description", 7200)

	// Parameters left out keep their values.
	iamtest.Must(t, root.UpdateRole, &awsiam.UpdateRoleInput{RoleName: aws.String("app")})
	check("via update_role_description", 7200)
	iamtest.Must(t, root.UpdateRole, &awsiam.UpdateRoleInput{RoleName: aws.String("app"), Description: aws.String("")})
	check("", 7200)

	iamtest.Refused(t, root.UpdateRole, &awsiam.UpdateRoleInput{RoleName: aws.String("test-nonexistent-role"), Description: aws.String("test")},
		"NoSuchEntity", "The role with name test-nonexistent-role cannot be found.")
	iamtest.Refused(t, root.UpdateRoleDescription, &awsiam.UpdateRoleDescriptionInput{RoleName: aws.String("ghost"), Description: aws.String("x")},
		"NoSuchEntity", "The role with name ghost cannot be found.")
	iamtest.Refused(t, root.UpdateRole, &awsiam.UpdateRoleInput{RoleName: aws.String("app"), MaxSessionDuration: aws.Int32(100)},
		"ValidationError", "")
	check("", 7200)
}

func TestUpdateAssumeRolePolicy(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, root := iamtest.Root(t)
	iamtest.MustCreateRole(t, root, "app", ec2Trust)
	lambdaTrust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com"]},"Action":["sts:AssumeRole"]}]}`
	iamtest.Must(t, root.UpdateAssumeRolePolicy, &awsiam.UpdateAssumeRolePolicyInput{RoleName: aws.String("app"),
		PolicyDocument: aws.String(lambdaTrust)})
	if got := decoded(t, mustGetRole(t, root, "app")); got != lambdaTrust {
		t.Errorf("trust policy after update = %s, want %s", got, lambdaTrust)
	}
	tests := []struct {
		name, role, doc string
		code, message   string
	}{
		{"not JSON", "app", "not valid json", "MalformedPolicyDocument", "This policy contains invalid Json"},
		{"invalid action", "app", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:InvalidAction"}]}`,
			"MalformedPolicyDocument", "AssumeRole policy may only specify STS AssumeRole actions."},
		{"Resource", "app", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"arn:aws:s3:::example_bucket"}]}`,
			"MalformedPolicyDocument", "Has prohibited field Resource"},
		{"no such role", "ghost", ec2Trust, "NoSuchEntity", "The role with name ghost cannot be found."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := root.UpdateAssumeRolePolicy(ctx, &awsiam.UpdateAssumeRolePolicyInput{RoleName: aws.String(tc.role),
				PolicyDocument: aws.String(tc.doc)})
			stacktest.WantError(t, err, tc.code, tc.message)
		})
	}
	if got := decoded(t, mustGetRole(t, root, "app")); got != lambdaTrust {
		t.Errorf("a failed update changed the trust policy to %s", got)
	}
}

func TestDeleteRole(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	iamtest.MustCreateRole(t, root, "app", ec2Trust)
	r := roleRecord(t, s, "app")
	p := store.Principal{Kind: store.PrincipalRole, ID: r.ID}
	seed := func(fn func(tx store.Tx) error) {
		t.Helper()
		if err := s.Store().Update(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	del := iamtest.Do(root.DeleteRole, &awsiam.DeleteRoleInput{RoleName: aws.String("app")})
	seed(func(tx store.Tx) error {
		return tx.Attachments().Attach(ctx, p, store.AttachedPolicy{ARN: "arn:aws:iam::aws:policy/ReadOnlyAccess", Name: "ReadOnlyAccess", Path: "/"})
	})
	seed(func(tx store.Tx) error {
		return tx.InlinePolicies().Put(ctx, p, store.InlinePolicy{Name: "inline", Document: iamtest.AllowAll})
	})
	iamtest.Must(t, root.CreateInstanceProfile, &awsiam.CreateInstanceProfileInput{InstanceProfileName: aws.String("web")})
	iamtest.Must(t, root.AddRoleToInstanceProfile, &awsiam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String("web"),
		RoleName: aws.String("app")})
	stacktest.WantError(t, del(), "DeleteConflict", "Cannot delete entity, must detach all policies first.")
	seed(func(tx store.Tx) error {
		return tx.Attachments().Detach(ctx, p, "arn:aws:iam::aws:policy/ReadOnlyAccess")
	})
	stacktest.WantError(t, del(), "DeleteConflict", "Cannot delete entity, must delete policies first.")
	seed(func(tx store.Tx) error { return tx.InlinePolicies().Delete(ctx, p, "inline") })
	stacktest.WantError(t, del(), "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.")
	iamtest.Must(t, root.RemoveRoleFromInstanceProfile, &awsiam.RemoveRoleFromInstanceProfileInput{InstanceProfileName: aws.String("web"),
		RoleName: aws.String("app")})
	if err := del(); err != nil {
		t.Fatalf("DeleteRole with nothing left: %v", err)
	}
	iamtest.Refused(t, root.GetRole, &awsiam.GetRoleInput{RoleName: aws.String("app")},
		"NoSuchEntity", "The role with name app cannot be found.")
	stacktest.WantError(t, del(), "NoSuchEntity", "The role with name app cannot be found.")
}

func TestListRoles(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, root := iamtest.Root(t)
	boundaryARN := "arn:aws:iam::aws:policy/ReadOnlyAccess"
	for i, name := range []string{"delta", "Alpha", "charlie", "bravo", "echo"} {
		path := "/"
		if i%2 == 0 {
			path = "/team/"
		}
		in := &awsiam.CreateRoleInput{RoleName: aws.String(name), Path: aws.String(path), AssumeRolePolicyDocument: aws.String(ec2Trust),
			PermissionsBoundary: aws.String(boundaryARN), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}}
		if name == "Alpha" {
			in.Description = aws.String("first")
		}
		if _, err := root.CreateRole(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	names := func(rs []types.Role) []string {
		var out []string
		for _, r := range rs {
			out = append(out, aws.ToString(r.RoleName))
		}
		return out
	}
	tests := []iamtest.Paging{
		{"all in one page", nil, 100, [][]string{{"Alpha", "bravo", "charlie", "delta", "echo"}}},
		{"pages of two", nil, 2, [][]string{{"Alpha", "bravo"}, {"charlie", "delta"}, {"echo"}}},
		{"path prefix", aws.String("/team/"), 1, [][]string{{"charlie"}, {"delta"}, {"echo"}}},
		{"path prefix of nothing", aws.String("/nonexistent-path/"), 10, [][]string{nil}},
	}
	iamtest.Pages(t, tests, func(prefix *string, maxItems int32, marker *string) (iamtest.Page, error) {
		out, err := root.ListRoles(ctx, &awsiam.ListRolesInput{PathPrefix: prefix, MaxItems: aws.Int32(maxItems), Marker: marker})
		if err != nil {
			return iamtest.Page{}, err
		}
		return iamtest.Page{Names: names(out.Roles), Truncated: out.IsTruncated, Marker: out.Marker}, nil
	})
	// ListRoles leaves out the boundary, tags and RoleLastUsed, keeps the rest.
	out, err := root.ListRoles(ctx, &awsiam.ListRolesInput{MaxItems: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	r := out.Roles[0]
	if r.PermissionsBoundary != nil || r.Tags != nil || r.RoleLastUsed != nil || aws.ToString(r.Description) != "first" ||
		aws.ToInt32(r.MaxSessionDuration) != 3600 || decoded(t, &r) != ec2Trust {
		t.Errorf("listed role %+v", r)
	}
	iamtest.Refused(t, root.ListRoles, &awsiam.ListRolesInput{Marker: aws.String("!!not a marker!!")}, "ValidationError", "Invalid Marker.")
}
