package groups_test

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

var groupOpts = []cmp.Option{cmpopts.IgnoreUnexported(types.Group{}, types.User{}), cmpopts.IgnoreFields(types.Group{}, "GroupId"),
	cmpopts.IgnoreFields(types.User{}, "UserId")}

func TestCreateAndGetGroup(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.RootAt(t, 400*time.Millisecond)
	acct := s.AccountID()
	tests := []struct {
		name string
		in   *awsiam.CreateGroupInput
		want *types.Group
	}{
		{"defaults", &awsiam.CreateGroupInput{GroupName: aws.String("devs")},
			&types.Group{GroupName: aws.String("devs"), Path: aws.String("/"), CreateDate: aws.Time(iamtest.Created),
				Arn: aws.String("arn:aws:iam::" + acct + ":group/devs")}},
		{"path", &awsiam.CreateGroupInput{GroupName: aws.String("ops"), Path: aws.String("/some/location/")},
			&types.Group{GroupName: aws.String("ops"), Path: aws.String("/some/location/"), CreateDate: aws.Time(iamtest.Created),
				Arn: aws.String("arn:aws:iam::" + acct + ":group/some/location/ops")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := root.CreateGroup(ctx, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, out.Group, groupOpts...); diff != "" {
				t.Errorf("CreateGroup (-want +got):\n%s", diff)
			}
			if p, ok := arn.IsUniqueID(aws.ToString(out.Group.GroupId)); !ok || p != arn.PrefixGroup {
				t.Errorf("GroupId %q is not an AGPA… unique ID", aws.ToString(out.Group.GroupId))
			}
			got, err := root.GetGroup(ctx, &awsiam.GetGroupInput{GroupName: tc.in.GroupName})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(out.Group, got.Group, groupOpts[0]); diff != "" {
				t.Errorf("GetGroup (-create +get):\n%s", diff)
			}
			if got.IsTruncated || got.Marker != nil || got.Users == nil || len(got.Users) != 0 {
				t.Errorf("GetGroup of an empty group: Users %v, IsTruncated %v, Marker %v", got.Users, got.IsTruncated, got.Marker)
			}
		})
	}

	errs := []iamtest.Answer{
		{"exists", iamtest.Do(root.CreateGroup, &awsiam.CreateGroupInput{GroupName: aws.String("devs")}),
			"EntityAlreadyExists", "Group with name devs already exists."},
		{"exists in another case", iamtest.Do(root.CreateGroup, &awsiam.CreateGroupInput{GroupName: aws.String("DEVS")}),
			"EntityAlreadyExists", "Group with name DEVS already exists."},
		{"bad name", iamtest.Do(root.CreateGroup, &awsiam.CreateGroupInput{GroupName: aws.String("no spaces")}), "ValidationError", ""},
		{"name too long", iamtest.Do(root.CreateGroup, &awsiam.CreateGroupInput{GroupName: aws.String(strings.Repeat("g", 129))}),
			"ValidationError", ""},
		{"bad path", iamtest.Do(root.CreateGroup, &awsiam.CreateGroupInput{GroupName: aws.String("x"), Path: aws.String("nope")}),
			"ValidationError", ""},
		{"get missing", iamtest.Do(root.GetGroup, &awsiam.GetGroupInput{GroupName: aws.String("non-existent-group")}),
			"NoSuchEntity", "The group with name non-existent-group cannot be found."},
	}
	iamtest.Answers(t, errs)
}

func TestGroupsPerAccountQuota(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	seedGroups(t, s, "g", 300)
	iamtest.Refused(t, root.CreateGroup, &awsiam.CreateGroupInput{GroupName: aws.String("one-too-many")},
		"LimitExceeded", "Cannot exceed quota for GroupsPerAccount: 300")
}

func TestUpdateGroup(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	acct := s.AccountID()
	iamtest.MustCreateGroup(t, root, "devs", "/path/")
	iamtest.MustCreateGroup(t, root, "ops", "")
	iamtest.MustCreateUser(t, root, "alice")
	if err := add(root, "devs", "alice"); err != nil {
		t.Fatal(err)
	}
	id := groupRecord(t, s, "devs").ID
	iamtest.Must(t, root.UpdateGroup, &awsiam.UpdateGroupInput{GroupName: aws.String("devs"), NewGroupName: aws.String("engineers"),
		NewPath: aws.String("/new-path/")})
	iamtest.Refused(t, root.GetGroup, &awsiam.GetGroupInput{GroupName: aws.String("devs")},
		"NoSuchEntity", "The group with name devs cannot be found.")
	got, err := root.GetGroup(ctx, &awsiam.GetGroupInput{GroupName: aws.String("engineers")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(got.Group.GroupId) != id || aws.ToString(got.Group.Path) != "/new-path/" ||
		aws.ToString(got.Group.Arn) != "arn:aws:iam::"+acct+":group/new-path/engineers" || len(got.Users) != 1 {
		t.Errorf("renamed group %+v with %d users", got.Group, len(got.Users))
	}
	// Only the path; only the case of the name.
	iamtest.Must(t, root.UpdateGroup, &awsiam.UpdateGroupInput{GroupName: aws.String("engineers"), NewPath: aws.String("/")})
	iamtest.Must(t, root.UpdateGroup, &awsiam.UpdateGroupInput{GroupName: aws.String("engineers"), NewGroupName: aws.String("Engineers")})
	if g := groupRecord(t, s, "engineers"); g.Name != "Engineers" || g.ARN != "arn:aws:iam::"+acct+":group/Engineers" {
		t.Errorf("group after updates: %+v", g)
	}

	iamtest.Refused(t, root.UpdateGroup, &awsiam.UpdateGroupInput{GroupName: aws.String("Engineers"), NewGroupName: aws.String("OPS")},
		"EntityAlreadyExists", "Group with name OPS already exists.")
	iamtest.Refused(t, root.UpdateGroup, &awsiam.UpdateGroupInput{GroupName: aws.String("nonexisting"), NewGroupName: aws.String("new-name")},
		"NoSuchEntity", "The group with name nonexisting cannot be found.")
}

func TestDeleteGroup(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	iamtest.MustCreateGroup(t, root, "devs", "")
	iamtest.MustCreateUser(t, root, "alice")
	if err := add(root, "devs", "alice"); err != nil {
		t.Fatal(err)
	}
	p := store.Principal{Kind: store.PrincipalGroup, ID: groupRecord(t, s, "devs").ID}
	seed := func(fn func(tx store.Tx) error) {
		t.Helper()
		if err := s.Store().Update(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	seed(func(tx store.Tx) error {
		return tx.InlinePolicies().Put(ctx, p, store.InlinePolicy{Name: "inline", Document: stacktest.Policy("Allow", []string{"s3:*"})})
	})
	seed(func(tx store.Tx) error {
		return tx.Attachments().Attach(ctx, p, store.AttachedPolicy{ARN: "arn:aws:iam::aws:policy/ReadOnlyAccess", Name: "ReadOnlyAccess", Path: "/"})
	})
	del := iamtest.Do(root.DeleteGroup, &awsiam.DeleteGroupInput{GroupName: aws.String("devs")})
	stacktest.WantError(t, del(), "DeleteConflict", "Cannot delete entity, must remove users from group first.")
	if err := remove(root, "devs", "alice"); err != nil {
		t.Fatal(err)
	}
	stacktest.WantError(t, del(), "DeleteConflict", "Cannot delete entity, must delete policies first.")
	seed(func(tx store.Tx) error { return tx.InlinePolicies().Delete(ctx, p, "inline") })
	stacktest.WantError(t, del(), "DeleteConflict", "Cannot delete entity, must detach all policies first.")
	seed(func(tx store.Tx) error {
		return tx.Attachments().Detach(ctx, p, "arn:aws:iam::aws:policy/ReadOnlyAccess")
	})
	if err := del(); err != nil {
		t.Fatalf("DeleteGroup with nothing left: %v", err)
	}
	stacktest.WantError(t, del(), "NoSuchEntity", "The group with name devs cannot be found.")
	iamtest.Refused(t, root.DeleteGroup, &awsiam.DeleteGroupInput{GroupName: aws.String("unknown-group")},
		"NoSuchEntity", "The group with name unknown-group cannot be found.")
}

func TestListGroups(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, root := iamtest.Root(t)
	for _, g := range []struct{ name, path string }{{"delta", "/eng/"}, {"Alpha", "/"}, {"charlie", "/eng/backend/"}, {"bravo", "/"}} {
		iamtest.MustCreateGroup(t, root, g.name, g.path)
	}
	names := func(gs []types.Group) []string {
		var out []string
		for _, g := range gs {
			out = append(out, aws.ToString(g.GroupName))
		}
		return out
	}
	tests := []iamtest.Paging{
		{"all", nil, 100, [][]string{{"Alpha", "bravo", "charlie", "delta"}}},
		{"pages of three", nil, 3, [][]string{{"Alpha", "bravo", "charlie"}, {"delta"}}},
		{"path prefix", aws.String("/eng/"), 1, [][]string{{"charlie"}, {"delta"}}},
		{"path prefix of nothing", aws.String("/ops/"), 10, [][]string{nil}},
	}
	iamtest.Pages(t, tests, func(prefix *string, maxItems int32, marker *string) (iamtest.Page, error) {
		out, err := root.ListGroups(ctx, &awsiam.ListGroupsInput{PathPrefix: prefix, MaxItems: aws.Int32(maxItems), Marker: marker})
		if err != nil {
			return iamtest.Page{}, err
		}
		return iamtest.Page{Names: names(out.Groups), Truncated: out.IsTruncated, Marker: out.Marker}, nil
	})
	iamtest.Refused(t, root.ListGroups, &awsiam.ListGroupsInput{Marker: aws.String("%%%")}, "ValidationError", "Invalid Marker.")
}

func TestMembership(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.RootAt(t, 0)
	acct := s.AccountID()
	iamtest.MustCreateGroup(t, root, "devs", "")
	iamtest.MustCreateGroup(t, root, "ops", "")
	iamtest.MustCreateGroup(t, root, "unused", "")
	for _, u := range []string{"carol", "Alice", "bob"} {
		iamtest.MustCreateUser(t, root, u)
		if err := add(root, "devs", u); err != nil {
			t.Fatal(err)
		}
	}
	// Adding again changes nothing.
	if err := add(root, "devs", "bob"); err != nil {
		t.Fatalf("adding a member again: %v", err)
	}
	if err := add(root, "ops", "bob"); err != nil {
		t.Fatal(err)
	}

	// GetGroup pages through the members by name.
	var members []string
	for _, u := range iamtest.All[types.User](t, root.GetGroup, &awsiam.GetGroupInput{GroupName: aws.String("devs"), MaxItems: aws.Int32(2)}) {
		members = append(members, aws.ToString(u.UserName))
		want := types.User{UserName: u.UserName, Path: aws.String("/"), CreateDate: aws.Time(iamtest.Created),
			Arn: aws.String("arn:aws:iam::" + acct + ":user/" + aws.ToString(u.UserName))}
		if diff := cmp.Diff(want, u, groupOpts...); diff != "" {
			t.Errorf("member (-want +got):\n%s", diff)
		}
	}
	if diff := cmp.Diff([]string{"Alice", "bob", "carol"}, members); diff != "" {
		t.Errorf("members of devs (-want +got):\n%s", diff)
	}

	groupsOf := func(user string) []string {
		t.Helper()
		out, err := root.ListGroupsForUser(ctx, &awsiam.ListGroupsForUserInput{UserName: aws.String(user)})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, g := range out.Groups {
			names = append(names, aws.ToString(g.GroupName))
		}
		return names
	}
	if diff := cmp.Diff([]string{"devs", "ops"}, groupsOf("bob")); diff != "" {
		t.Errorf("groups of bob (-want +got):\n%s", diff)
	}
	out, err := root.ListGroupsForUser(ctx, &awsiam.ListGroupsForUserInput{UserName: aws.String("bob"), MaxItems: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Groups) != 1 || !out.IsTruncated || out.Marker == nil {
		t.Errorf("first page of one: %d groups, IsTruncated %v", len(out.Groups), out.IsTruncated)
	}

	if err := remove(root, "devs", "bob"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"ops"}, groupsOf("bob")); diff != "" {
		t.Errorf("groups of bob after removal (-want +got):\n%s", diff)
	}

	errs := []struct {
		name          string
		err           error
		code, message string
	}{
		{"add unknown user", add(root, "devs", "non-existent-user"), "NoSuchEntity", "The user with name non-existent-user cannot be found."},
		{"add to unknown group", add(root, "non-existent-group", "bob"), "NoSuchEntity", "The group with name non-existent-group cannot be found."},
		{"remove unknown user from unknown group", remove(root, "non-existent-group", "any-user"), "NoSuchEntity",
			"The user with name any-user cannot be found."},
		{"remove from unknown group", remove(root, "non-existent-group", "bob"), "NoSuchEntity",
			"The group with name non-existent-group cannot be found."},
		{"remove a non-member", remove(root, "unused", "bob"), "NoSuchEntity", ""},
		{"groups of unknown user", iamtest.Do(root.ListGroupsForUser, &awsiam.ListGroupsForUserInput{UserName: aws.String("ghost")})(), "NoSuchEntity", "The user with name ghost cannot be found."},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			stacktest.WantError(t, tc.err, tc.code, tc.message)
		})
	}

	// A user in a group cannot be deleted; removed from it, it can.
	iamtest.Refused(t, root.DeleteUser, &awsiam.DeleteUserInput{UserName: aws.String("bob")},
		"DeleteConflict", "Cannot delete entity, must remove users from group first.")
}

func TestGroupsPerUserQuota(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	iamtest.MustCreateUser(t, root, "joiner")
	gs := seedGroups(t, s, "g", 11)
	for _, g := range gs[:10] {
		if err := add(root, g.Name, "joiner"); err != nil {
			t.Fatalf("AddUserToGroup %s: %v", g.Name, err)
		}
	}
	// Re-adding to a group the user is in is not a new membership.
	if err := add(root, gs[0].Name, "joiner"); err != nil {
		t.Errorf("re-adding at the quota: %v", err)
	}
	stacktest.WantError(t, add(root, gs[10].Name, "joiner"), "LimitExceeded", "Cannot exceed quota for GroupsPerUser: 10")
	iamtest.Listed(t, "after a refused add", root.ListGroupsForUser, &awsiam.ListGroupsForUserInput{UserName: aws.String("joiner")}, 10)
}

func TestMembershipGrantsGroupPolicies(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	iamtest.MustCreateGroup(t, root, "readers", "")
	g := groupRecord(t, s, "readers")
	if err := s.Store().Update(ctx, func(tx store.Tx) error {
		return tx.InlinePolicies().Put(ctx, store.Principal{Kind: store.PrincipalGroup, ID: g.ID},
			store.InlinePolicy{Name: "list", Document: stacktest.Policy("Allow", []string{"iam:ListGroups"})})
	}); err != nil {
		t.Fatal(err)
	}
	user := s.NewUser(t, "dana")
	dana := s.IAM(user)
	list := iamtest.Do(dana.ListGroups, &awsiam.ListGroupsInput{})
	stacktest.WantError(t, list(), "AccessDenied", iamtest.Denied(user.ARN, "iam:ListGroups", "arn:aws:iam::"+s.AccountID()+":group/"))
	if err := add(root, "readers", "dana"); err != nil {
		t.Fatal(err)
	}
	if err := list(); err != nil {
		t.Errorf("a member of readers: %v", err)
	}
	if err := remove(root, "readers", "dana"); err != nil {
		t.Fatal(err)
	}
	stacktest.WantError(t, list(), "AccessDenied", "")
}

func TestGroupCallsAuthorization(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	acct := s.AccountID()
	iamtest.MustCreateGroup(t, root, "devs", "/eng/")
	iamtest.MustCreateUser(t, root, "erin")
	iamtest.Must(t, root.TagUser, &awsiam.TagUserInput{UserName: aws.String("erin"),
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("blue")}}})
	policy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["iam:GetGroup","iam:AddUserToGroup","iam:UpdateGroup"],"Resource":"arn:aws:iam::%[1]s:group/eng/*"},
		{"Effect":"Allow","Action":"iam:ListGroupsForUser","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"blue"}}}
	]}`, acct)
	user := s.NewUser(t, "lead", policy)
	lead := s.IAM(user)
	iamtest.MustCreateUser(t, root, "frank")

	tests := []iamtest.Call{
		{"GetGroup under /eng/", iamtest.Do(lead.GetGroup, &awsiam.GetGroupInput{GroupName: aws.String("devs")}), "", ""},
		{"GetGroup of a missing group", iamtest.Do(lead.GetGroup, &awsiam.GetGroupInput{GroupName: aws.String("ghost")}),
			"iam:GetGroup", "group/ghost"},
		{"CreateGroup", iamtest.Do(lead.CreateGroup, &awsiam.CreateGroupInput{GroupName: aws.String("new"), Path: aws.String("/eng/")}),
			"iam:CreateGroup", "group/eng/new"},
		{"AddUserToGroup", func() error { return add(lead, "devs", "erin") }, "", ""},
		{"RemoveUserFromGroup", func() error { return remove(lead, "devs", "erin") }, "iam:RemoveUserFromGroup", "group/eng/devs"},
		{"UpdateGroup out of /eng/", iamtest.Do(lead.UpdateGroup, &awsiam.UpdateGroupInput{GroupName: aws.String("devs"), NewPath: aws.String("/ops/")}),
			"iam:UpdateGroup", "group/ops/devs"},
		{"UpdateGroup within /eng/", iamtest.Do(lead.UpdateGroup, &awsiam.UpdateGroupInput{GroupName: aws.String("devs"), NewGroupName: aws.String("developers")}),
			"", ""},
		{"ListGroupsForUser of a blue user", iamtest.Do(lead.ListGroupsForUser, &awsiam.ListGroupsForUserInput{UserName: aws.String("erin")}),
			"", ""},
		{"ListGroupsForUser of an untagged user", iamtest.Do(lead.ListGroupsForUser, &awsiam.ListGroupsForUserInput{UserName: aws.String("frank")}),
			"iam:ListGroupsForUser", "user/frank"},
		{"DeleteGroup", iamtest.Do(lead.DeleteGroup, &awsiam.DeleteGroupInput{GroupName: aws.String("developers")}),
			"iam:DeleteGroup", "group/eng/developers"},
	}
	iamtest.Enforce(t, user.ARN, acct, tests)
}
