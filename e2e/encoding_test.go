package e2e

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"
)

// TestEncoding round-trips values that stress the form decoder and the XML encoder: a path may
// hold any printable ASCII including XML's special characters (pathType: \u0021-\u007E), tag
// values may hold Unicode letters and spaces (tagValueType: [\p{L}\p{Z}\p{N}_.:/=+\-@]*), and
// user names every punctuation mark they allow.
func TestEncoding(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	ctx := context.Background()
	client := s.iam(s.root)

	const (
		name  = "a_Z+=,.@-0"
		path  = `/x&y<z>"q'%20?#!~/`
		value = "Zürich 東京 naïve: ok/=+-@ 42"
	)
	_, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(name), Path: aws.String(path),
		Tags: []types.Tag{{Key: aws.String("city"), Value: aws.String(value)}}})
	if err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	got, err := client.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(name)})
	if err != nil {
		t.Fatalf("GetUser: %v", err)
	}
	var tags []string
	for _, tag := range got.User.Tags {
		tags = append(tags, deref(tag.Key)+"="+deref(tag.Value))
	}
	want := []string{name, path, userARN(s.account, path, name), "city=" + value}
	if diff := cmp.Diff(want, append([]string{deref(got.User.UserName), deref(got.User.Path), deref(got.User.Arn)}, tags...)); diff != "" {
		t.Errorf("GetUser [UserName Path Arn tags…] (-want +got):\n%s", diff)
	}

	list, err := client.ListUsers(ctx, &iam.ListUsersInput{PathPrefix: aws.String(`/x&y<`)})
	if err != nil || len(list.Users) != 1 || deref(list.Users[0].Path) != path {
		t.Errorf("ListUsers with PathPrefix /x&y<: %v, %v; want the one user", list, err)
	}

	if awsMissing == "" {
		var out struct{ Tags []struct{ Key, Value string } }
		s.aws(t, s.root, "iam", "list-user-tags", "--user-name", name).decode(t, &out)
		if len(out.Tags) != 1 || out.Tags[0].Value != value {
			t.Errorf("aws iam list-user-tags = %+v, want city=%s", out.Tags, value)
		}
	}
}
