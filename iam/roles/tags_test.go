package roles_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// tagger is the tag operations of one taggable kind, so roles and instance profiles run the
// same cases.
type tagger struct {
	kind  string
	quota string
	tag   func(name string, tags []types.Tag) error
	untag func(name string, keys []string) error
	list  func(name string, marker *string, max int32) ([]types.Tag, *string, bool, error)
	// missing is the NoSuchEntity message for a name that does not exist.
	missing func(name string) string
}

func taggers(root *awsiam.Client) []tagger {
	return []tagger{
		{
			kind:  "role",
			quota: "TagsPerRole",
			tag: func(name string, tags []types.Tag) error {
				_, err := root.TagRole(ctx, &awsiam.TagRoleInput{RoleName: aws.String(name), Tags: tags})
				return err
			},
			untag: func(name string, keys []string) error {
				_, err := root.UntagRole(ctx, &awsiam.UntagRoleInput{RoleName: aws.String(name), TagKeys: keys})
				return err
			},
			list: func(name string, marker *string, max int32) ([]types.Tag, *string, bool, error) {
				out, err := root.ListRoleTags(ctx, &awsiam.ListRoleTagsInput{RoleName: aws.String(name), Marker: marker, MaxItems: aws.Int32(max)})
				if err != nil {
					return nil, nil, false, err
				}
				return out.Tags, out.Marker, out.IsTruncated, nil
			},
			missing: func(name string) string { return "The role with name " + name + " cannot be found." },
		},
		{
			kind:  "instance profile",
			quota: "TagsPerInstanceProfile",
			tag: func(name string, tags []types.Tag) error {
				_, err := root.TagInstanceProfile(ctx, &awsiam.TagInstanceProfileInput{InstanceProfileName: aws.String(name), Tags: tags})
				return err
			},
			untag: func(name string, keys []string) error {
				_, err := root.UntagInstanceProfile(ctx, &awsiam.UntagInstanceProfileInput{InstanceProfileName: aws.String(name), TagKeys: keys})
				return err
			},
			list: func(name string, marker *string, max int32) ([]types.Tag, *string, bool, error) {
				out, err := root.ListInstanceProfileTags(ctx, &awsiam.ListInstanceProfileTagsInput{InstanceProfileName: aws.String(name),
					Marker: marker, MaxItems: aws.Int32(max)})
				if err != nil {
					return nil, nil, false, err
				}
				return out.Tags, out.Marker, out.IsTruncated, nil
			},
			missing: func(name string) string { return "Instance Profile " + name + " cannot be found." },
		},
	}
}

func tg(k, v string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String(v)} }

var tagOpts = cmpopts.IgnoreUnexported(types.Tag{})

func TestTags(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	iamtest.MustCreateRole(t, root, "tagged", ec2Trust)
	mustCreateProfile(t, root, "tagged")
	for _, tt := range taggers(root) {
		t.Run(tt.kind, func(t *testing.T) {
			all := func() []types.Tag {
				t.Helper()
				tags, _, truncated, err := tt.list("tagged", nil, 100)
				if err != nil {
					t.Fatal(err)
				}
				if truncated {
					t.Error("one page of all tags is truncated")
				}
				return tags
			}
			if got := all(); got == nil || len(got) != 0 {
				t.Errorf("tags of an untagged %s = %v, want an empty list", tt.kind, got)
			}
			if err := tt.tag("tagged", []types.Tag{tg("somekey", "somevalue"), tg("someotherkey", "someothervalue")}); err != nil {
				t.Fatal(err)
			}
			// A key matching in another case replaces the value and keeps its place.
			if err := tt.tag("tagged", []types.Tag{tg("SomeKey", "updated"), tg("third", "")}); err != nil {
				t.Fatal(err)
			}
			want := []types.Tag{tg("SomeKey", "updated"), tg("someotherkey", "someothervalue"), tg("third", "")}
			if diff := cmp.Diff(want, all(), tagOpts); diff != "" {
				t.Errorf("tags (-want +got):\n%s", diff)
			}

			// Pages of two.
			var got []types.Tag
			var marker *string
			for page := 0; ; page++ {
				tags, next, truncated, err := tt.list("tagged", marker, 2)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, tags...)
				if truncated != (next != nil) {
					t.Errorf("page %d: IsTruncated %v with Marker %v", page, truncated, next)
				}
				if next == nil {
					break
				}
				marker = next
			}
			if diff := cmp.Diff(want, got, tagOpts); diff != "" {
				t.Errorf("tags paged by two (-want +got):\n%s", diff)
			}

			if err := tt.untag("tagged", []string{"SOMEKEY", "absent"}); err != nil {
				t.Fatal(err)
			}
			want = want[1:]
			if diff := cmp.Diff(want, all(), tagOpts); diff != "" {
				t.Errorf("tags after untag (-want +got):\n%s", diff)
			}

			// 50 at most once merged; a failed request changes nothing.
			var many []types.Tag
			for i := range 49 {
				many = append(many, tg(fmt.Sprintf("k%02d", i), "v"))
			}
			stacktest.WantError(t, tt.tag("tagged", many), "LimitExceeded", "Cannot exceed quota for "+tt.quota+": 50")
			if diff := cmp.Diff(want, all(), tagOpts); diff != "" {
				t.Errorf("tags after a refused TagRole (-want +got):\n%s", diff)
			}
			stacktest.WantError(t, tt.tag("tagged", []types.Tag{tg("a", "1"), tg("A", "2")}), "InvalidInput",
				"Duplicate tag keys found. Please note that Tag keys are case insensitive.")
			stacktest.WantError(t, tt.tag("tagged", []types.Tag{tg("aws:reserved", "1")}), "InvalidInput", "")

			stacktest.WantError(t, tt.tag("ghost", []types.Tag{tg("a", "1")}), "NoSuchEntity", tt.missing("ghost"))
			stacktest.WantError(t, tt.untag("ghost", []string{"a"}), "NoSuchEntity", tt.missing("ghost"))
			_, _, _, err := tt.list("ghost", nil, 10)
			stacktest.WantError(t, err, "NoSuchEntity", tt.missing("ghost"))
			_, _, _, err = tt.list("tagged", aws.String("bm90IGEgbnVtYmVy"), 10)
			stacktest.WantError(t, err, "ValidationError", "Invalid Marker.")
		})
	}

	// Tags given at creation.
	out := iamtest.Must(t, root.CreateInstanceProfile, &awsiam.CreateInstanceProfileInput{InstanceProfileName: aws.String("born-tagged"),
		Tags: []types.Tag{tg("InitialKey", "InitialValue")}})
	if diff := cmp.Diff([]types.Tag{tg("InitialKey", "InitialValue")}, out.InstanceProfile.Tags, tagOpts); diff != "" {
		t.Errorf("CreateInstanceProfile tags (-want +got):\n%s", diff)
	}
}
