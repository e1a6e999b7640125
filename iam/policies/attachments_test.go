package policies_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// attacher drives the three attach/detach/list families alike: owner is the member that names
// the user, group or role (UserName, …).
type attacher struct {
	kind, owner                string
	attachOp, detachOp, listOp iamtest.AnyOp
	quota                      string
}

var attachers = []attacher{
	{"user", "UserName", iamtest.Untyped((*awsiam.Client).AttachUserPolicy), iamtest.Untyped((*awsiam.Client).DetachUserPolicy),
		iamtest.Untyped((*awsiam.Client).ListAttachedUserPolicies), "PoliciesPerUser"},
	{"group", "GroupName", iamtest.Untyped((*awsiam.Client).AttachGroupPolicy), iamtest.Untyped((*awsiam.Client).DetachGroupPolicy),
		iamtest.Untyped((*awsiam.Client).ListAttachedGroupPolicies), "PoliciesPerGroup"},
	{"role", "RoleName", iamtest.Untyped((*awsiam.Client).AttachRolePolicy), iamtest.Untyped((*awsiam.Client).DetachRolePolicy),
		iamtest.Untyped((*awsiam.Client).ListAttachedRolePolicies), "PoliciesPerRole"},
}

func (a attacher) attach(c *awsiam.Client, name, policyARN string) error {
	_, err := a.attachOp(context.Background(), c, a.owner, name, "PolicyArn", policyARN)
	return err
}

func (a attacher) detach(c *awsiam.Client, name, policyARN string) error {
	_, err := a.detachOp(context.Background(), c, a.owner, name, "PolicyArn", policyARN)
	return err
}

func (a attacher) list(c *awsiam.Client, name string, pathPrefix, marker *string, max int32) ([]types.AttachedPolicy, *string, bool, error) {
	out, err := a.listOp(context.Background(), c, a.owner, name, "PathPrefix", pathPrefix, "Marker", marker, "MaxItems", max)
	if err != nil {
		return nil, nil, false, err
	}
	return out.Get("AttachedPolicies").([]types.AttachedPolicy), out.Get("Marker").(*string), out.Get("IsTruncated").(bool), nil
}

func (a attacher) listAll(t *testing.T, c *awsiam.Client, name string, pathPrefix *string, pageSize int32) []string {
	t.Helper()
	var all []string
	var marker *string
	for {
		ps, next, truncated, err := a.list(c, name, pathPrefix, marker, pageSize)
		fatalIf(t, err)
		all = append(all, attachedNames(ps)...)
		if !truncated {
			return all
		}
		marker = next
	}
}

func TestAttachments(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	for _, a := range attachers {
		t.Run(a.kind, func(t *testing.T) {
			t.Parallel()
			s, root := iamtest.Root(t)
			switch a.kind {
			case "user":
				createUser(t, root, "target")
			case "group":
				seedGroup(t, s, "target")
			case "role":
				seedRole(t, s, "target", "")
			}
			var arns []string
			for i := range 10 {
				out, err := root.CreatePolicy(ctx, &awsiam.CreatePolicyInput{PolicyName: aws.String(fmt.Sprintf("P%d", i)),
					Path: aws.String([]string{"/", "/team/"}[i%2]), PolicyDocument: aws.String(readDoc)})
				fatalIf(t, err)
				arns = append(arns, aws.ToString(out.Policy.Arn))
			}
			// Nine customer policies and one AWS managed one fill the quota.
			for _, p := range slices.Concat(arns[:9], []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}) {
				fatalIf(t, a.attach(root, "target", p))
			}
			fatalIf(t, a.attach(root, "TARGET", arns[0])) // attaching again is no change
			stacktest.WantError(t, a.attach(root, "target", arns[9]), "LimitExceeded", "Cannot exceed quota for "+a.quota+": 10")

			all := a.listAll(t, root, "target", nil, 3)
			// Listed by ARN, as the store keys attachments.
			want := []string{"P0", "P2", "P4", "P6", "P8", "P1", "P3", "P5", "P7", "ReadOnlyAccess"}
			if diff := cmp.Diff(want, all); diff != "" {
				t.Errorf("ListAttached%sPolicies in pages of 3 (-want +got):\n%s", a.kind, diff)
			}
			if diff := cmp.Diff([]string{"P1", "P3", "P5", "P7"}, a.listAll(t, root, "target", aws.String("/team/"), 100)); diff != "" {
				t.Errorf("PathPrefix /team/ (-want +got):\n%s", diff)
			}

			got, err := root.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(arns[0])})
			fatalIf(t, err)
			if n := aws.ToInt32(got.Policy.AttachmentCount); n != 1 {
				t.Errorf("AttachmentCount = %d, want 1", n)
			}
			ro, err := root.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")})
			fatalIf(t, err)
			if n := aws.ToInt32(ro.Policy.AttachmentCount); n != 1 {
				t.Errorf("AWS managed AttachmentCount = %d, want 1 (this account's)", n)
			}

			fatalIf(t, a.detach(root, "target", arns[0]))
			stacktest.WantError(t, a.detach(root, "target", arns[0]), "NoSuchEntity", "Policy "+arns[0]+" was not found.")
			fatalIf(t, a.attach(root, "target", arns[9]))

			missing := "arn:aws:iam::" + s.AccountID() + ":policy/Missing"
			stacktest.WantError(t, a.attach(root, "target", missing), "NoSuchEntity", "Policy "+missing+" does not exist or is not attachable.")
			stacktest.WantError(t, a.attach(root, "target", "arn:aws:iam::aws:policy/NoSuchAWSPolicy"), "NoSuchEntity",
				"Policy arn:aws:iam::aws:policy/NoSuchAWSPolicy does not exist or is not attachable.")
			other := "arn:aws:iam::111122223333:policy/P0"
			stacktest.WantError(t, a.attach(root, "target", other), "NoSuchEntity", "Policy "+other+" does not exist or is not attachable.")
			stacktest.WantError(t, a.attach(root, "target", "arn:aws:iam::"+s.AccountID()+":user/target"), "InvalidInput", "")
			stacktest.WantError(t, a.attach(root, "ghost", arns[0]), "NoSuchEntity", "The "+a.kind+" with name ghost cannot be found.")
			stacktest.WantError(t, a.detach(root, "ghost", arns[0]), "NoSuchEntity", "The "+a.kind+" with name ghost cannot be found.")
			_, _, _, err = a.list(root, "ghost", nil, nil, 10)
			stacktest.WantError(t, err, "NoSuchEntity", "The "+a.kind+" with name ghost cannot be found.")

			// Service-role policies are for service-linked roles only.
			const slrPolicy = "arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy"
			fatalIf(t, a.detach(root, "target", arns[1]))
			stacktest.WantError(t, a.attach(root, "target", slrPolicy), "PolicyNotAttachable", "Cannot attach a Service Role Policy to a Customer Role.")
		})
	}
}

func TestServiceLinkedRoleIsProtected(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	const name = "AWSServiceRoleForSupport"
	seedRole(t, s, name, "support.amazonaws.com")
	policyARN := createPolicy(t, root, "P", readDoc)
	protected := "Cannot perform the operation on the protected role '" + name + "' - this role is only modifiable by AWS"
	calls := map[string]func() error{
		"AttachRolePolicy":              iamtest.Do(root.AttachRolePolicy, &awsiam.AttachRolePolicyInput{RoleName: aws.String(name), PolicyArn: aws.String(policyARN)}),
		"DetachRolePolicy":              iamtest.Do(root.DetachRolePolicy, &awsiam.DetachRolePolicyInput{RoleName: aws.String(name), PolicyArn: aws.String(policyARN)}),
		"PutRolePolicy":                 iamtest.Do(root.PutRolePolicy, &awsiam.PutRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String("x"), PolicyDocument: aws.String(readDoc)}),
		"DeleteRolePolicy":              iamtest.Do(root.DeleteRolePolicy, &awsiam.DeleteRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String("x")}),
		"PutRolePermissionsBoundary":    iamtest.Do(root.PutRolePermissionsBoundary, &awsiam.PutRolePermissionsBoundaryInput{RoleName: aws.String(name), PermissionsBoundary: aws.String(policyARN)}),
		"DeleteRolePermissionsBoundary": iamtest.Do(root.DeleteRolePermissionsBoundary, &awsiam.DeleteRolePermissionsBoundaryInput{RoleName: aws.String(name)}),
	}
	for op, call := range calls {
		t.Run(op, func(t *testing.T) {
			stacktest.WantError(t, call(), "UnmodifiableEntity", protected)
		})
	}
	out, err := root.ListAttachedRolePolicies(ctx, &awsiam.ListAttachedRolePoliciesInput{RoleName: aws.String(name)})
	fatalIf(t, err)
	if len(out.AttachedPolicies) != 0 || out.AttachedPolicies == nil {
		t.Errorf("ListAttachedRolePolicies = %v, want an empty list", out.AttachedPolicies)
	}
}

func TestListEntitiesForPolicy(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	policyARN := createPolicy(t, root, "Shared", readDoc)
	for _, n := range []string{"carol", "alice", "bob"} {
		createUser(t, root, n)
	}
	g := seedGroup(t, s, "devs")
	r := seedRole(t, s, "ci", "")
	for _, n := range []string{"alice", "carol"} {
		ok(t)(root.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String(n), PolicyArn: aws.String(policyARN)}))
	}
	ok(t)(root.AttachGroupPolicy(ctx, &awsiam.AttachGroupPolicyInput{GroupName: aws.String("devs"), PolicyArn: aws.String(policyARN)}))
	ok(t)(root.AttachRolePolicy(ctx, &awsiam.AttachRolePolicyInput{RoleName: aws.String("ci"), PolicyArn: aws.String(policyARN)}))
	ok(t)(root.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("bob"), PermissionsBoundary: aws.String(policyARN)}))

	list := func(in awsiam.ListEntitiesForPolicyInput, pageSize int32) []string {
		t.Helper()
		in.PolicyArn = aws.String(policyARN)
		in.MaxItems = aws.Int32(pageSize)
		var got []string
		for {
			out, err := root.ListEntitiesForPolicy(ctx, &in)
			fatalIf(t, err)
			if out.PolicyGroups == nil || out.PolicyRoles == nil || out.PolicyUsers == nil {
				t.Errorf("a list is missing: %+v", out)
			}
			for _, e := range out.PolicyGroups {
				got = append(got, "group/"+aws.ToString(e.GroupName))
				if aws.ToString(e.GroupId) != g.ID {
					t.Errorf("GroupId = %s", aws.ToString(e.GroupId))
				}
			}
			for _, e := range out.PolicyRoles {
				got = append(got, "role/"+aws.ToString(e.RoleName))
				if aws.ToString(e.RoleId) != r.ID {
					t.Errorf("RoleId = %s", aws.ToString(e.RoleId))
				}
			}
			for _, e := range out.PolicyUsers {
				got = append(got, "user/"+aws.ToString(e.UserName))
			}
			if !out.IsTruncated {
				return got
			}
			in.Marker = out.Marker
		}
	}
	tests := []struct {
		name string
		in   awsiam.ListEntitiesForPolicyInput
		want []string
	}{
		{"all", awsiam.ListEntitiesForPolicyInput{}, []string{"group/devs", "role/ci", "user/alice", "user/bob", "user/carol"}},
		{"users", awsiam.ListEntitiesForPolicyInput{EntityFilter: types.EntityTypeUser}, []string{"user/alice", "user/bob", "user/carol"}},
		{"roles", awsiam.ListEntitiesForPolicyInput{EntityFilter: types.EntityTypeRole}, []string{"role/ci"}},
		{"groups", awsiam.ListEntitiesForPolicyInput{EntityFilter: types.EntityTypeGroup}, []string{"group/devs"}},
		{"local managed policies", awsiam.ListEntitiesForPolicyInput{EntityFilter: types.EntityTypeLocalManagedPolicy}, nil},
		{"as permissions", awsiam.ListEntitiesForPolicyInput{PolicyUsageFilter: types.PolicyUsageTypePermissionsPolicy},
			[]string{"group/devs", "role/ci", "user/alice", "user/carol"}},
		{"as boundary", awsiam.ListEntitiesForPolicyInput{PolicyUsageFilter: types.PolicyUsageTypePermissionsBoundary}, []string{"user/bob"}},
		{"path", awsiam.ListEntitiesForPolicyInput{PathPrefix: aws.String("/nowhere/")}, nil},
	}
	for _, tc := range tests {
		for _, size := range []int32{1, 100} {
			got := list(tc.in, size)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s, pages of %d (-want +got):\n%s", tc.name, size, diff)
			}
		}
	}
	missing := "arn:aws:iam::" + s.AccountID() + ":policy/NonExistentPolicy"
	iamtest.Refused(t, root.ListEntitiesForPolicy, &awsiam.ListEntitiesForPolicyInput{PolicyArn: aws.String(missing)},
		"NoSuchEntity", "Policy "+missing+" does not exist or is not attachable.")

	// AWS managed policies list this account's entities.
	ok(t)(root.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("bob"), PolicyArn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}))
	out, err := root.ListEntitiesForPolicy(ctx, &awsiam.ListEntitiesForPolicyInput{PolicyArn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")})
	fatalIf(t, err)
	if len(out.PolicyUsers) != 1 || aws.ToString(out.PolicyUsers[0].UserName) != "bob" || !slices.Equal([]int{len(out.PolicyGroups), len(out.PolicyRoles)}, []int{0, 0}) {
		t.Errorf("entities of ReadOnlyAccess = %+v", out)
	}
}

func TestPermissionsBoundaries(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	createUser(t, root, "alice")
	r := seedRole(t, s, "ci", "")
	boundary := createPolicy(t, root, "Boundary", readDoc)

	ok(t)(root.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("alice"), PermissionsBoundary: aws.String(boundary)}))
	u, err := root.GetUser(ctx, &awsiam.GetUserInput{UserName: aws.String("alice")})
	fatalIf(t, err)
	if u.User.PermissionsBoundary == nil || aws.ToString(u.User.PermissionsBoundary.PermissionsBoundaryArn) != boundary ||
		u.User.PermissionsBoundary.PermissionsBoundaryType != "PermissionsBoundaryPolicy" {
		t.Errorf("GetUser boundary = %+v", u.User.PermissionsBoundary)
	}
	p, err := root.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(boundary)})
	fatalIf(t, err)
	if n := aws.ToInt32(p.Policy.PermissionsBoundaryUsageCount); n != 1 {
		t.Errorf("PermissionsBoundaryUsageCount = %d, want 1", n)
	}
	ok(t)(root.DeleteUserPermissionsBoundary(ctx, &awsiam.DeleteUserPermissionsBoundaryInput{UserName: aws.String("alice")}))
	ok(t)(root.DeleteUserPermissionsBoundary(ctx, &awsiam.DeleteUserPermissionsBoundaryInput{UserName: aws.String("alice")}))
	u, err = root.GetUser(ctx, &awsiam.GetUserInput{UserName: aws.String("alice")})
	fatalIf(t, err)
	if u.User.PermissionsBoundary != nil {
		t.Errorf("boundary after DeleteUserPermissionsBoundary = %+v", u.User.PermissionsBoundary)
	}

	const awsBoundary = "arn:aws:iam::aws:policy/PowerUserAccess"
	ok(t)(root.PutRolePermissionsBoundary(ctx, &awsiam.PutRolePermissionsBoundaryInput{RoleName: aws.String("CI"), PermissionsBoundary: aws.String(awsBoundary)}))
	if got := roleBoundary(t, s, r.ID); got != awsBoundary {
		t.Errorf("role boundary = %q, want %q", got, awsBoundary)
	}
	ok(t)(root.DeleteRolePermissionsBoundary(ctx, &awsiam.DeleteRolePermissionsBoundaryInput{RoleName: aws.String("ci")}))
	if got := roleBoundary(t, s, r.ID); got != "" {
		t.Errorf("role boundary after delete = %q", got)
	}

	missing := "arn:aws:iam::" + s.AccountID() + ":policy/Missing"
	iamtest.Refused(t, root.PutUserPermissionsBoundary, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("alice"), PermissionsBoundary: aws.String(missing)},
		"NoSuchEntity", "Scope ARN: "+missing+" does not exist or is not attachable.")
	iamtest.Refused(t, root.PutRolePermissionsBoundary, &awsiam.PutRolePermissionsBoundaryInput{RoleName: aws.String("ci"), PermissionsBoundary: aws.String("arn:aws:iam::aws:policy/Nope")},
		"NoSuchEntity", "Scope ARN: arn:aws:iam::aws:policy/Nope does not exist or is not attachable.")
	bad := "arn:aws:s3:::not-a-policy-but-long"
	iamtest.Refused(t, root.PutUserPermissionsBoundary, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("alice"), PermissionsBoundary: aws.String(bad)},
		"InvalidInput", "ARN "+bad+" is not valid.")
	_, err = root.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("alice"),
		PermissionsBoundary: aws.String("arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy")})
	stacktest.WantError(t, err, "PolicyNotAttachable", "")
	iamtest.Refused(t, root.PutUserPermissionsBoundary, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("ghost"), PermissionsBoundary: aws.String(boundary)},
		"NoSuchEntity", "The user with name ghost cannot be found.")
	iamtest.Refused(t, root.DeleteRolePermissionsBoundary, &awsiam.DeleteRolePermissionsBoundaryInput{RoleName: aws.String("ghost")},
		"NoSuchEntity", "The role with name ghost cannot be found.")
	u, err = root.GetUser(ctx, &awsiam.GetUserInput{UserName: aws.String("alice")})
	fatalIf(t, err)
	if u.User.PermissionsBoundary != nil {
		t.Errorf("refused boundaries changed the user: %+v", u.User.PermissionsBoundary)
	}
}

func roleBoundary(t *testing.T, s *stacktest.Stack, id string) string {
	t.Helper()
	ctx := t.Context()
	var b string
	fatalIf(t, s.Store().View(ctx, func(tx store.Tx) error {
		r, err := tx.Roles().GetByID(ctx, id)
		b = r.BoundaryARN
		return err
	}))
	return b
}

// TestDelegatedAdministrator is the IAM User Guide's pattern: an administrator may create
// users and manage their permissions only with a given boundary, may not remove or change the
// boundary, and so cannot grant more than the boundary allows, to others or to itself.
func TestDelegatedAdministrator(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	boundary := createPolicy(t, root, "DeveloperBoundary", allow("iam:ListUsers", "iam:GetUser", "s3:*"))
	other := createPolicy(t, root, "OtherBoundary", iamtest.AllowAll)
	createUser(t, root, "victim")
	adminPolicy := strings.NewReplacer("BOUNDARY", boundary).Replace(`{"Version":"2012-10-17","Statement":[
		{"Sid":"CreateOrChangeOnlyWithBoundary","Effect":"Allow","Action":["iam:CreateUser","iam:PutUserPermissionsBoundary",
			"iam:AttachUserPolicy","iam:DetachUserPolicy"],"Resource":"*",
			"Condition":{"StringEquals":{"iam:PermissionsBoundary":"BOUNDARY"}}},
		{"Sid":"Keys","Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"*"},
		{"Sid":"NoBoundaryRemoval","Effect":"Deny","Action":"iam:DeleteUserPermissionsBoundary","Resource":"*"},
		{"Sid":"NoBoundaryEdit","Effect":"Deny","Action":["iam:CreatePolicyVersion","iam:DeletePolicy","iam:DeletePolicyVersion",
			"iam:SetDefaultPolicyVersion"],"Resource":"BOUNDARY"}]}`)
	adminKey := s.NewUser(t, "admin", adminPolicy)
	admin := s.IAM(adminKey)
	acct := s.AccountID()
	userARN := func(n string) string { return "arn:aws:iam::" + acct + ":user/" + n }
	const adminAccess = "arn:aws:iam::aws:policy/AdministratorAccess"

	iamtest.Refused(t, admin.CreateUser, &awsiam.CreateUserInput{UserName: aws.String("dev")},
		"AccessDenied", iamtest.Denied(adminKey.ARN, "iam:CreateUser", userARN("dev")))
	iamtest.Refused(t, admin.CreateUser, &awsiam.CreateUserInput{UserName: aws.String("dev"), PermissionsBoundary: aws.String(other)},
		"AccessDenied", iamtest.Denied(adminKey.ARN, "iam:CreateUser", userARN("dev")))
	ok(t)(admin.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("dev"), PermissionsBoundary: aws.String(boundary)}))
	ok(t)(admin.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("dev"), PolicyArn: aws.String(adminAccess)}))

	// No escalation: the boundary stays, and nothing without it can be given more.
	_, err := admin.DeleteUserPermissionsBoundary(ctx, &awsiam.DeleteUserPermissionsBoundaryInput{UserName: aws.String("dev")})
	stacktest.WantError(t, err, "AccessDenied", "User: "+adminKey.ARN+" is not authorized to perform: iam:DeleteUserPermissionsBoundary on resource: "+
		userARN("dev")+" with an explicit deny in an identity-based policy")
	iamtest.Refused(t, admin.PutUserPermissionsBoundary, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("dev"), PermissionsBoundary: aws.String(other)},
		"AccessDenied", iamtest.Denied(adminKey.ARN, "iam:PutUserPermissionsBoundary", userARN("dev")))
	iamtest.Refused(t, admin.AttachUserPolicy, &awsiam.AttachUserPolicyInput{UserName: aws.String("victim"), PolicyArn: aws.String(adminAccess)},
		"AccessDenied", iamtest.Denied(adminKey.ARN, "iam:AttachUserPolicy", userARN("victim")))
	iamtest.Refused(t, admin.AttachUserPolicy, &awsiam.AttachUserPolicyInput{UserName: aws.String("admin"), PolicyArn: aws.String(adminAccess)},
		"AccessDenied", iamtest.Denied(adminKey.ARN, "iam:AttachUserPolicy", userARN("admin")))
	iamtest.Refused(t, admin.CreatePolicyVersion, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(boundary), PolicyDocument: aws.String(iamtest.AllowAll), SetAsDefault: true},
		"AccessDenied", "")
	// Giving its own user a boundary would let it manage itself: that only caps it further.
	ok(t)(admin.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("victim"), PermissionsBoundary: aws.String(boundary)}))

	// The user it made is capped by the boundary, AdministratorAccess notwithstanding.
	devOut, err := admin.CreateAccessKey(ctx, &awsiam.CreateAccessKeyInput{UserName: aws.String("dev")})
	fatalIf(t, err)
	dev := s.IAM(stacktest.Credentials{AccessKeyID: aws.ToString(devOut.AccessKey.AccessKeyId),
		SecretAccessKey: aws.ToString(devOut.AccessKey.SecretAccessKey), AccountID: acct, ARN: userARN("dev")})
	ok(t)(dev.ListUsers(ctx, &awsiam.ListUsersInput{}))
	_, err = dev.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("dev2")})
	stacktest.WantError(t, err, "AccessDenied", "User: "+userARN("dev")+" is not authorized to perform: iam:CreateUser on resource: "+userARN("dev2")+
		" because no permissions boundary allows the iam:CreateUser action")
	iamtest.Refused(t, dev.AttachUserPolicy, &awsiam.AttachUserPolicyInput{UserName: aws.String("dev"), PolicyArn: aws.String(adminAccess)},
		"AccessDenied", "")

	ok(t)(admin.DetachUserPolicy(ctx, &awsiam.DetachUserPolicyInput{UserName: aws.String("dev"), PolicyArn: aws.String(adminAccess)}))
	iamtest.Refused(t, dev.ListUsers, &awsiam.ListUsersInput{}, "AccessDenied", "")
}
