package roles_test

import (
	"context"
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
)

var profileOpts = append([]cmp.Option{cmpopts.IgnoreUnexported(types.InstanceProfile{}),
	cmpopts.IgnoreFields(types.InstanceProfile{}, "InstanceProfileId")}, roleOpts...)

func mustCreateProfile(t *testing.T, c *awsiam.Client, name string) {
	t.Helper()
	iamtest.Must(t, c.CreateInstanceProfile, &awsiam.CreateInstanceProfileInput{InstanceProfileName: aws.String(name)})
}

func addRole(c *awsiam.Client, profile, role string) error {
	_, err := c.AddRoleToInstanceProfile(context.Background(), &awsiam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String(profile),
		RoleName: aws.String(role)})
	return err
}

func removeRole(c *awsiam.Client, profile, role string) error {
	_, err := c.RemoveRoleFromInstanceProfile(context.Background(), &awsiam.RemoveRoleFromInstanceProfileInput{InstanceProfileName: aws.String(profile),
		RoleName: aws.String(role)})
	return err
}

// decodeProfiles URL-decodes the trust policies of the profiles' roles.
func decodeProfiles(t *testing.T, ps ...*types.InstanceProfile) {
	t.Helper()
	for _, p := range ps {
		for i := range p.Roles {
			p.Roles[i].AssumeRolePolicyDocument = aws.String(decoded(t, &p.Roles[i]))
		}
	}
}

func TestInstanceProfileLifecycle(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.RootAt(t, 0)
	acct := s.AccountID()
	out := iamtest.Must(t, root.CreateInstanceProfile, &awsiam.CreateInstanceProfileInput{InstanceProfileName: aws.String("web"),
		Path: aws.String("/fleet/")})
	want := &types.InstanceProfile{InstanceProfileName: aws.String("web"), Path: aws.String("/fleet/"), CreateDate: aws.Time(iamtest.Created),
		Arn: aws.String("arn:aws:iam::" + acct + ":instance-profile/fleet/web"), Roles: []types.Role{}}
	if diff := cmp.Diff(want, out.InstanceProfile, profileOpts...); diff != "" {
		t.Errorf("CreateInstanceProfile (-want +got):\n%s", diff)
	}
	if p, ok := arn.IsUniqueID(aws.ToString(out.InstanceProfile.InstanceProfileId)); !ok || p != arn.PrefixInstanceProfile {
		t.Errorf("InstanceProfileId %q is not an AIPA… unique ID", aws.ToString(out.InstanceProfile.InstanceProfileId))
	}

	// GetInstanceProfile always answers Tags, empty when there are none.
	get := func() *types.InstanceProfile {
		t.Helper()
		out, err := root.GetInstanceProfile(ctx, &awsiam.GetInstanceProfileInput{InstanceProfileName: aws.String("web")})
		if err != nil {
			t.Fatal(err)
		}
		decodeProfiles(t, out.InstanceProfile)
		return out.InstanceProfile
	}
	want.Tags = []types.Tag{}
	if diff := cmp.Diff(want, get(), profileOpts...); diff != "" {
		t.Errorf("GetInstanceProfile (-want +got):\n%s", diff)
	}

	// With a role: the role in its basic shape.
	s.Clock().Advance(time.Hour)
	iamtest.MustCreateRole(t, root, "app", ec2Trust)
	if err := addRole(root, "web", "app"); err != nil {
		t.Fatal(err)
	}
	want.Roles = []types.Role{{RoleName: aws.String("app"), Path: aws.String("/"), Arn: aws.String("arn:aws:iam::" + acct + ":role/app"),
		CreateDate: aws.Time(iamtest.Created.Add(time.Hour)), AssumeRolePolicyDocument: aws.String(ec2Trust)}}
	if diff := cmp.Diff(want, get(), profileOpts...); diff != "" {
		t.Errorf("GetInstanceProfile with a role (-want +got):\n%s", diff)
	}

	iamtest.MustCreateRole(t, root, "other", ec2Trust)
	stacktest.WantError(t, addRole(root, "web", "other"), "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1")
	stacktest.WantError(t, addRole(root, "web", "app"), "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1")
	iamtest.Refused(t, root.DeleteInstanceProfile, &awsiam.DeleteInstanceProfileInput{InstanceProfileName: aws.String("web")},
		"DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.")

	stacktest.WantError(t, removeRole(root, "web", "other"), "NoSuchEntity", "Role other in Instance Profile web cannot be found.")
	if err := removeRole(root, "web", "app"); err != nil {
		t.Fatal(err)
	}
	want.Roles = []types.Role{}
	if diff := cmp.Diff(want, get(), profileOpts...); diff != "" {
		t.Errorf("GetInstanceProfile after removing the role (-want +got):\n%s", diff)
	}
	iamtest.Must(t, root.DeleteInstanceProfile, &awsiam.DeleteInstanceProfileInput{InstanceProfileName: aws.String("web")})
	iamtest.Refused(t, root.GetInstanceProfile, &awsiam.GetInstanceProfileInput{InstanceProfileName: aws.String("web")},
		"NoSuchEntity", "Instance Profile web cannot be found.")

	// Tags given at creation (the tagging operations' cases are iam's TestTagging).
	out = iamtest.Must(t, root.CreateInstanceProfile, &awsiam.CreateInstanceProfileInput{InstanceProfileName: aws.String("born-tagged"),
		Tags: iamtest.Tags("InitialKey", "InitialValue")})
	if diff := cmp.Diff(iamtest.Tags("InitialKey", "InitialValue"), out.InstanceProfile.Tags, cmpopts.IgnoreUnexported(types.Tag{})); diff != "" {
		t.Errorf("CreateInstanceProfile tags (-want +got):\n%s", diff)
	}
}

func TestInstanceProfileErrors(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	mustCreateProfile(t, root, "web")
	iamtest.MustCreateRole(t, root, "app", ec2Trust)
	tests := []iamtest.Answer{
		{"create existing", iamtest.Do(root.CreateInstanceProfile, &awsiam.CreateInstanceProfileInput{InstanceProfileName: aws.String("WEB")}),
			"EntityAlreadyExists", "Instance Profile WEB already exists."},
		{"get missing", iamtest.Do(root.GetInstanceProfile, &awsiam.GetInstanceProfileInput{InstanceProfileName: aws.String("nonexistent-profile")}),
			"NoSuchEntity", "Instance Profile nonexistent-profile cannot be found."},
		{"delete missing", iamtest.Do(root.DeleteInstanceProfile, &awsiam.DeleteInstanceProfileInput{InstanceProfileName: aws.String("nonexistent-profile")}),
			"NoSuchEntity", "Instance Profile nonexistent-profile cannot be found."},
		{"add to missing profile", func() error { return addRole(root, "nonexistent-profile", "app") },
			"NoSuchEntity", "Instance Profile nonexistent-profile cannot be found."},
		{"add missing role", func() error { return addRole(root, "web", "nonexistent-role") },
			"NoSuchEntity", "The role with name nonexistent-role cannot be found."},
		{"remove from missing profile", func() error { return removeRole(root, "nonexistent-profile", "app") },
			"NoSuchEntity", "Instance Profile nonexistent-profile cannot be found."},
		{"remove missing role", func() error { return removeRole(root, "web", "nonexistent-role") },
			"NoSuchEntity", "The role with name nonexistent-role cannot be found."},
		{"remove role not in it", func() error { return removeRole(root, "web", "app") },
			"NoSuchEntity", "Role app in Instance Profile web cannot be found."},
		{"list for missing role", iamtest.Do(root.ListInstanceProfilesForRole, &awsiam.ListInstanceProfilesForRoleInput{RoleName: aws.String("nonexistent-role")}),
			"NoSuchEntity", "The role with name nonexistent-role cannot be found."},
		{"bad name", iamtest.Do(root.CreateInstanceProfile, &awsiam.CreateInstanceProfileInput{InstanceProfileName: aws.String("no spaces")}),
			"ValidationError", ""},
	}
	iamtest.Answers(t, tests)
}

func TestListInstanceProfiles(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, root := iamtest.Root(t)
	for _, p := range []struct{ name, path string }{{"b", "/a/"}, {"A", "/a/"}, {"c", "/"}, {"d", "/a/b/"}} {
		iamtest.Must(t, root.CreateInstanceProfile, &awsiam.CreateInstanceProfileInput{InstanceProfileName: aws.String(p.name),
			Path: aws.String(p.path)})
	}
	iamtest.MustCreateRole(t, root, "app", ec2Trust)
	iamtest.MustCreateRole(t, root, "idle", ec2Trust)
	for _, p := range []string{"b", "d"} {
		if err := addRole(root, p, "app"); err != nil {
			t.Fatal(err)
		}
	}
	type page struct {
		names     []string
		roles     []int // number of roles of each profile
		truncated bool
	}
	summarize := func(ps []types.InstanceProfile, truncated bool) page {
		pg := page{truncated: truncated}
		for _, p := range ps {
			pg.names = append(pg.names, aws.ToString(p.InstanceProfileName))
			pg.roles = append(pg.roles, len(p.Roles))
			if p.Tags != nil {
				t.Errorf("listed profile %s has Tags", aws.ToString(p.InstanceProfileName))
			}
		}
		return pg
	}
	tests := []struct {
		name     string
		list     func(marker *string) ([]types.InstanceProfile, *string, bool, error)
		maxItems int32
		want     []page
	}{
		{"all", func(m *string) ([]types.InstanceProfile, *string, bool, error) {
			out, err := root.ListInstanceProfiles(ctx, &awsiam.ListInstanceProfilesInput{MaxItems: aws.Int32(3), Marker: m})
			if err != nil {
				return nil, nil, false, err
			}
			return out.InstanceProfiles, out.Marker, out.IsTruncated, nil
		}, 3, []page{{[]string{"A", "b", "c"}, []int{0, 1, 0}, true}, {[]string{"d"}, []int{1}, false}}},
		{"path prefix", func(m *string) ([]types.InstanceProfile, *string, bool, error) {
			out, err := root.ListInstanceProfiles(ctx, &awsiam.ListInstanceProfilesInput{PathPrefix: aws.String("/a/"), Marker: m})
			if err != nil {
				return nil, nil, false, err
			}
			return out.InstanceProfiles, out.Marker, out.IsTruncated, nil
		}, 100, []page{{[]string{"A", "b", "d"}, []int{0, 1, 1}, false}}},
		{"for role", func(m *string) ([]types.InstanceProfile, *string, bool, error) {
			out, err := root.ListInstanceProfilesForRole(ctx, &awsiam.ListInstanceProfilesForRoleInput{RoleName: aws.String("app"),
				MaxItems: aws.Int32(1), Marker: m})
			if err != nil {
				return nil, nil, false, err
			}
			return out.InstanceProfiles, out.Marker, out.IsTruncated, nil
		}, 1, []page{{[]string{"b"}, []int{1}, true}, {[]string{"d"}, []int{1}, false}}},
		{"for role in none", func(m *string) ([]types.InstanceProfile, *string, bool, error) {
			out, err := root.ListInstanceProfilesForRole(ctx, &awsiam.ListInstanceProfilesForRoleInput{RoleName: aws.String("idle")})
			if err != nil {
				return nil, nil, false, err
			}
			return out.InstanceProfiles, out.Marker, out.IsTruncated, nil
		}, 100, []page{{nil, nil, false}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var marker *string
			for i, want := range tc.want {
				ps, next, truncated, err := tc.list(marker)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, summarize(ps, truncated), cmp.AllowUnexported(page{})); diff != "" {
					t.Errorf("page %d (-want +got):\n%s", i, diff)
				}
				marker = next
			}
			if marker != nil {
				t.Errorf("last page has a Marker")
			}
		})
	}
}

func TestInstanceProfilesPerAccountQuota(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	seedProfiles(t, s, 1000)
	iamtest.Refused(t, root.CreateInstanceProfile, &awsiam.CreateInstanceProfileInput{InstanceProfileName: aws.String("one-too-many")},
		"LimitExceeded", "Cannot exceed quota for InstanceProfilesPerAccount: 1000")
}
