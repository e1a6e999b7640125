package users_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func tag(k, v string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String(v)} }

func listTags(t *testing.T, c *awsiam.Client, user string) []types.Tag {
	t.Helper()
	out, err := c.ListUserTags(context.Background(), &awsiam.ListUserTagsInput{UserName: aws.String(user)})
	if err != nil {
		t.Fatal(err)
	}
	return out.Tags
}

var ignoreTag = cmpopts.IgnoreUnexported(types.Tag{})

func TestUserTags(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	ctx := context.Background()
	iamtest.MustCreateUser(t, root, "alice")

	steps := []struct {
		name  string
		run   func() error
		wantT []types.Tag
	}{
		{"add", func() error {
			_, err := root.TagUser(ctx, &awsiam.TagUserInput{UserName: aws.String("alice"), Tags: []types.Tag{tag("a", "1"), tag("b", "2")}})
			return err
		}, []types.Tag{tag("a", "1"), tag("b", "2")}},
		{"replace ignoring case keeps the place", func() error {
			_, err := root.TagUser(ctx, &awsiam.TagUserInput{UserName: aws.String("alice"), Tags: []types.Tag{tag("A", "3"), tag("c", "4")}})
			return err
		}, []types.Tag{tag("A", "3"), tag("b", "2"), tag("c", "4")}},
		{"untag ignoring case, absent keys ignored", func() error {
			_, err := root.UntagUser(ctx, &awsiam.UntagUserInput{UserName: aws.String("alice"), TagKeys: []string{"B", "zzz"}})
			return err
		}, []types.Tag{tag("A", "3"), tag("c", "4")}},
	}
	for _, st := range steps {
		if err := st.run(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if diff := cmp.Diff(st.wantT, listTags(t, root, "alice"), ignoreTag); diff != "" {
			t.Errorf("%s: tags (-want +got):\n%s", st.name, diff)
		}
	}
}

func TestUserTagErrors(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	ctx := context.Background()
	iamtest.MustCreateUser(t, root, "full")
	var fifty []types.Tag
	for i := range 50 {
		fifty = append(fifty, tag(fmt.Sprintf("k%02d", i), "v"))
	}
	iamtest.Must(t, root.TagUser, &awsiam.TagUserInput{UserName: aws.String("full"), Tags: fifty})
	tests := []iamtest.Reject[awsiam.TagUserInput]{
		{"51st tag", &awsiam.TagUserInput{UserName: aws.String("full"), Tags: []types.Tag{tag("one-more", "v")}},
			"LimitExceeded", "Cannot exceed quota for TagsPerUser: 50"},
		{"no such user", &awsiam.TagUserInput{UserName: aws.String("ghost"), Tags: []types.Tag{tag("a", "b")}},
			"NoSuchEntity", "The user with name ghost cannot be found."},
		{"duplicate keys", &awsiam.TagUserInput{UserName: aws.String("full"), Tags: []types.Tag{tag("k00", "x"), tag("K00", "y")}},
			"InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive."},
		{"key too long", &awsiam.TagUserInput{UserName: aws.String("full"), Tags: []types.Tag{tag(string(make([]byte, 129)), "x")}},
			"ValidationError", ""},
	}
	iamtest.Rejects(t, root.TagUser, tests)
	// Replacing existing keys at the quota is allowed.
	if _, err := root.TagUser(ctx, &awsiam.TagUserInput{UserName: aws.String("full"), Tags: []types.Tag{tag("K01", "new")}}); err != nil {
		t.Errorf("replacing a tag at the quota: %v", err)
	}
	if n := len(listTags(t, root, "full")); n != 50 {
		t.Errorf("%d tags after the failed and replacing requests, want 50", n)
	}
}

func TestListUserTagsPagination(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	iamtest.MustCreateUser(t, root, "u")
	var want []types.Tag
	for i := range 5 {
		want = append(want, tag(fmt.Sprintf("t%d", i), fmt.Sprint(i)))
	}
	iamtest.Must(t, root.TagUser, &awsiam.TagUserInput{UserName: aws.String("u"), Tags: want})
	var got []types.Tag
	var marker *string
	for {
		out := iamtest.Must(t, root.ListUserTags, &awsiam.ListUserTagsInput{UserName: aws.String("u"), MaxItems: aws.Int32(2), Marker: marker})
		got = append(got, out.Tags...)
		if !out.IsTruncated {
			break
		}
		marker = out.Marker
	}
	if diff := cmp.Diff(want, got, ignoreTag); diff != "" {
		t.Errorf("paged tags (-want +got):\n%s", diff)
	}
}
