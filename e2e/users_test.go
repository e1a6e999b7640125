package e2e

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"
)

// IAM's list limits (IAM API Reference, "Common parameters": MaxItems 1–1000, default 100).
const (
	defaultMaxItems = 100
	maxMaxItems     = 1000
)

// createUsers creates count users named prefix-NNN on path as root, concurrently, and returns
// their names sorted.
func (s *server) createUsers(tb testing.TB, prefix, path string, count int) []string {
	tb.Helper()
	names := make([]string, count)
	for i := range names {
		names[i] = fmt.Sprintf("%s-%03d", prefix, i)
	}
	client := s.iam(s.root)
	var wg sync.WaitGroup
	errs := make([]error, count)
	const workers = 8
	for w := range workers {
		wg.Go(func() {
			for i := w; i < count; i += workers {
				_, errs[i] = client.CreateUser(context.Background(), &iam.CreateUserInput{
					UserName: aws.String(names[i]), Path: aws.String(path),
				})
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			tb.Fatalf("CreateUser %s: %v", names[i], err)
		}
	}
	sort.Strings(names)
	return names
}

func TestGetUserWithoutName(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	ctx := context.Background()

	// Root: GetUser answers for the account's root user (its ARN ends in ":root", its ID is the
	// account ID).
	got, err := s.iam(s.root).GetUser(ctx, &iam.GetUserInput{})
	if err != nil {
		t.Fatalf("GetUser without UserName as root: %v", err)
	}
	if diff := cmp.Diff([2]string{"arn:aws:iam::" + s.account + ":root", s.account},
		[2]string{deref(got.User.Arn), deref(got.User.UserId)}); diff != "" {
		t.Errorf("GetUser as root: [Arn UserId] (-want +got):\n%s", diff)
	}

	// A user needs iam:GetUser on itself, like any other action.
	s.createUser(t, "grace", "/staff/")
	grace := s.createAccessKey(t, "grace")
	graceARN := userARN(s.account, "/staff/", "grace")
	_, err = s.iam(grace).GetUser(ctx, &iam.GetUserInput{})
	if e := asAPIError(err); e.Code != "AccessDenied" || e.Status != 403 {
		t.Errorf("GetUser without UserName as grace, no policy: %+v, want AccessDenied (403)", e)
	}

	// The User Guide's "manage your own credentials" pattern: a policy variable names the caller.
	s.putUserPolicy(t, "grace", "self", allow("iam:GetUser", "arn:aws:iam::*:user/*/${aws:username}"))
	got, err = s.iam(grace).GetUser(ctx, &iam.GetUserInput{})
	if err != nil {
		t.Fatalf("GetUser without UserName as grace with a policy: %v", err)
	}
	if diff := cmp.Diff([3]string{"grace", "/staff/", graceARN},
		[3]string{deref(got.User.UserName), deref(got.User.Path), deref(got.User.Arn)}); diff != "" {
		t.Errorf("GetUser as grace: [UserName Path Arn] (-want +got):\n%s", diff)
	}
	// …and that policy does not reach other users.
	s.createUser(t, "heidi", "/staff/")
	_, err = s.iam(grace).GetUser(ctx, &iam.GetUserInput{UserName: aws.String("heidi")})
	if e := asAPIError(err); e.Code != "AccessDenied" {
		t.Errorf("GetUser heidi as grace: %+v, want AccessDenied", e)
	}

	// The same through the aws CLI.
	if awsMissing == "" {
		var out struct {
			User struct{ Arn, UserName string }
		}
		s.aws(t, s.root, "iam", "get-user").decode(t, &out)
		if want := "arn:aws:iam::" + s.account + ":root"; out.User.Arn != want {
			t.Errorf("aws iam get-user as root: Arn = %q, want %q", out.User.Arn, want)
		}
		s.aws(t, grace, "iam", "get-user").decode(t, &out)
		if out.User.Arn != graceARN || out.User.UserName != "grace" {
			t.Errorf("aws iam get-user as grace = %+v, want grace, %s", out.User, graceARN)
		}
	}
}

func TestListUsersPaginationSDK(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	eng := s.createUsers(t, "eng", "/eng/", 150)
	ops := s.createUsers(t, "ops", "/ops/", 100)
	all := slices.Concat(eng, ops)
	sort.Strings(all)

	// IAM "might return fewer results, even when there are more results available" (API
	// Reference, ListUsers MaxItems), so only an upper bound per page is checked, and that a
	// listing larger than a page needed more than one.
	cases := []struct {
		name       string
		pathPrefix string
		maxItems   int32
		want       []string
	}{
		{"everyone, default page size", "", 0, all},
		{"everyone, 1000 a page", "", maxMaxItems, all},
		{"everyone, 7 a page", "/", 7, all},
		{"one path", "/eng/", 0, eng},
		{"the other path", "/ops/", 40, ops},
		{"a prefix of a path is a string prefix", "/op", 0, ops},
		{"no match", "/nobody/", 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := &iam.ListUsersInput{}
			if tc.pathPrefix != "" {
				in.PathPrefix = aws.String(tc.pathPrefix)
			}
			pageSize := int32(defaultMaxItems)
			if tc.maxItems != 0 {
				in.MaxItems = aws.Int32(tc.maxItems)
				pageSize = tc.maxItems
			}
			p := iam.NewListUsersPaginator(s.iam(s.root), in)
			var got []string
			pages := 0
			for p.HasMorePages() {
				page, err := p.NextPage(context.Background())
				if err != nil {
					t.Fatalf("ListUsers page %d: %v", pages+1, err)
				}
				pages++
				if len(page.Users) > int(pageSize) {
					t.Errorf("page %d has %d users, more than MaxItems %d", pages, len(page.Users), pageSize)
				}
				if page.IsTruncated != (page.Marker != nil) {
					t.Errorf("page %d: IsTruncated = %v but Marker = %v", pages, page.IsTruncated, page.Marker)
				}
				for _, u := range page.Users {
					got = append(got, deref(u.UserName))
				}
				if pages > 1000 {
					t.Fatal("the paginator does not end")
				}
			}
			sort.Strings(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("users listed (-want +got):\n%s", diff)
			}
			if minPages := (len(tc.want) + int(pageSize) - 1) / int(pageSize); pages < minPages {
				t.Errorf("%d pages of at most %d for %d users", pages, pageSize, len(tc.want))
			}
		})
	}
}

func TestListUsersPaginationCLI(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	s := startServer(t, serverOptions{})
	eng := s.createUsers(t, "eng", "/eng/", 23)
	ops := s.createUsers(t, "ops", "/ops/", 9)
	all := slices.Concat(eng, ops)
	sort.Strings(all)

	type listing struct {
		Users     []struct{ UserName, Path string }
		NextToken string
	}
	names := func(l listing) []string {
		var out []string
		for _, u := range l.Users {
			out = append(out, u.UserName)
		}
		sort.Strings(out)
		return out
	}

	// The CLI pages through everything by itself, --page-size at a time.
	var l listing
	s.aws(t, s.root, "iam", "list-users", "--page-size", "5").decode(t, &l)
	if diff := cmp.Diff(all, names(l)); diff != "" {
		t.Errorf("list-users --page-size 5 (-want +got):\n%s", diff)
	}

	s.aws(t, s.root, "iam", "list-users", "--path-prefix", "/eng/", "--page-size", "10").decode(t, &l)
	if diff := cmp.Diff(eng, names(l)); diff != "" {
		t.Errorf("list-users --path-prefix /eng/ (-want +got):\n%s", diff)
	}

	// --max-items stops early and hands back a token; --starting-token resumes from it.
	var first, rest listing
	s.aws(t, s.root, "iam", "list-users", "--page-size", "4", "--max-items", "10").decode(t, &first)
	if len(first.Users) != 10 || first.NextToken == "" {
		t.Fatalf("list-users --max-items 10: %d users, NextToken %q; want 10 users and a token", len(first.Users), first.NextToken)
	}
	s.aws(t, s.root, "iam", "list-users", "--page-size", "4", "--starting-token", first.NextToken).decode(t, &rest)
	if rest.NextToken != "" {
		t.Errorf("the last page has NextToken %q, want none", rest.NextToken)
	}
	if diff := cmp.Diff(all, slices.Sorted(slices.Values(append(names(first), names(rest)...)))); diff != "" {
		t.Errorf("list-users in two calls (-want +got):\n%s", diff)
	}
}

func TestListUsersPaginationBoto3(t *testing.T) {
	t.Parallel()
	requireBoto3(t)
	s := startServer(t, serverOptions{})
	eng := s.createUsers(t, "eng", "/eng/", 31)
	s.createUsers(t, "ops", "/ops/", 4)

	var got struct {
		Users []string
		Pages []int
	}
	s.boto3(t, s.root, "paginate.py", &got, "PATH_PREFIX=/eng/", "PAGE_SIZE=10")
	sort.Strings(got.Users)
	if diff := cmp.Diff(eng, got.Users); diff != "" {
		t.Errorf("list_users paginator over /eng/ (-want +got):\n%s", diff)
	}
	if len(got.Pages) < 4 || slices.Max(got.Pages) > 10 {
		t.Errorf("page sizes %v with PageSize 10 for 31 users: want at least 4 pages of at most 10", got.Pages)
	}
}

func TestUserTags(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	s := startServer(t, serverOptions{})
	root := s.root
	type tagList struct {
		Tags        []struct{ Key, Value string }
		IsTruncated bool
	}
	tags := func() map[string]string {
		var l tagList
		s.aws(t, root, "iam", "list-user-tags", "--user-name", "ivan").decode(t, &l)
		m := map[string]string{}
		for _, tag := range l.Tags {
			m[tag.Key] = tag.Value
		}
		return m
	}

	s.aws(t, root, "iam", "create-user", "--user-name", "ivan", "--tags", "Key=team,Value=blue", "Key=cost-center,Value=42").must(t)
	if diff := cmp.Diff(map[string]string{"team": "blue", "cost-center": "42"}, tags()); diff != "" {
		t.Errorf("tags after create-user --tags (-want +got):\n%s", diff)
	}

	// TagUser adds new keys and overwrites existing ones.
	s.aws(t, root, "iam", "tag-user", "--user-name", "ivan", "--tags", "Key=team,Value=red", "Key=env,Value=").must(t)
	if diff := cmp.Diff(map[string]string{"team": "red", "cost-center": "42", "env": ""}, tags()); diff != "" {
		t.Errorf("tags after tag-user (-want +got):\n%s", diff)
	}

	// GetUser shows the tags too.
	var u struct {
		User struct{ Tags []struct{ Key, Value string } }
	}
	s.aws(t, root, "iam", "get-user", "--user-name", "ivan").decode(t, &u)
	if len(u.User.Tags) != 3 {
		t.Errorf("get-user shows %d tags, want 3", len(u.User.Tags))
	}

	// UntagUser removes keys; a key the user does not have is not an error.
	s.aws(t, root, "iam", "untag-user", "--user-name", "ivan", "--tag-keys", "cost-center", "never-set").must(t)
	if diff := cmp.Diff(map[string]string{"team": "red", "env": ""}, tags()); diff != "" {
		t.Errorf("tags after untag-user (-want +got):\n%s", diff)
	}

	// 50 tags per user (IAM User Guide, "IAM and AWS STS quotas"): filling up works, one more fails.
	fill := []string{"iam", "tag-user", "--user-name", "ivan", "--tags"}
	for i := range 48 {
		fill = append(fill, "Key=k"+strconv.Itoa(i)+",Value=v")
	}
	s.aws(t, root, fill...).must(t)
	if n := len(tags()); n != 50 {
		t.Errorf("%d tags after filling up, want 50", n)
	}
	r := s.aws(t, root, "iam", "tag-user", "--user-name", "ivan", "--tags", "Key=one-too-many,Value=x")
	if got := r.outcome(); got != "LimitExceeded" {
		t.Errorf("tag-user beyond 50 tags: %s, want LimitExceeded", got)
	}
	// Overwriting an existing key is not a new tag.
	s.aws(t, root, "iam", "tag-user", "--user-name", "ivan", "--tags", "Key=team,Value=green").must(t)
	if got := tags()["team"]; got != "green" {
		t.Errorf("team = %q after overwriting at the limit, want green", got)
	}

	r = s.aws(t, root, "iam", "tag-user", "--user-name", "nobody", "--tags", "Key=a,Value=b")
	if got := r.outcome(); got != "NoSuchEntity" {
		t.Errorf("tag-user on a missing user: %s, want NoSuchEntity", got)
	}
}

func TestUpdateUser(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	ctx := context.Background()
	client := s.iam(s.root)
	s.createUser(t, "judy", "/a/")
	key := s.createAccessKey(t, "judy")
	s.createUser(t, "taken", "")

	cases := []struct {
		name string
		in   *iam.UpdateUserInput
		want apiError
	}{
		{"a name already taken", &iam.UpdateUserInput{UserName: aws.String("judy"), NewUserName: aws.String("taken")},
			apiError{Code: "EntityAlreadyExists", Status: 409}},
		{"a missing user", &iam.UpdateUserInput{UserName: aws.String("nobody"), NewUserName: aws.String("x")},
			apiError{Code: "NoSuchEntity", Status: 404, Message: noSuchUserMessage("nobody")}},
		{"a bad new path", &iam.UpdateUserInput{UserName: aws.String("judy"), NewPath: aws.String("b")},
			apiError{Code: "ValidationError", Status: 400}},
		{"rename and move", &iam.UpdateUserInput{UserName: aws.String("judy"), NewUserName: aws.String("judith"), NewPath: aws.String("/b/")},
			apiError{Code: "ok"}},
	}
	for _, tc := range cases {
		_, err := client.UpdateUser(ctx, tc.in)
		got := asAPIError(err)
		if tc.want.Message == "" {
			got.Message = ""
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: UpdateUser (-want +got):\n%s", tc.name, diff)
		}
	}

	_, err := client.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("judy")})
	if e := asAPIError(err); e.Code != "NoSuchEntity" {
		t.Errorf("GetUser under the old name: %+v, want NoSuchEntity", e)
	}
	got, err := client.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("judith")})
	if err != nil {
		t.Fatalf("GetUser judith: %v", err)
	}
	if diff := cmp.Diff([2]string{"/b/", userARN(s.account, "/b/", "judith")}, [2]string{deref(got.User.Path), deref(got.User.Arn)}); diff != "" {
		t.Errorf("the renamed user's [Path Arn] (-want +got):\n%s", diff)
	}
	// The key follows the user.
	keys, err := client.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String("judith")})
	if err != nil {
		t.Fatalf("ListAccessKeys judith: %v", err)
	}
	if len(keys.AccessKeyMetadata) != 1 || deref(keys.AccessKeyMetadata[0].AccessKeyId) != key.AccessKeyID || deref(keys.AccessKeyMetadata[0].UserName) != "judith" {
		t.Errorf("ListAccessKeys judith = %+v, want the one key, owned by judith", keys.AccessKeyMetadata)
	}
	id, err := s.sts(key).GetCallerIdentity(ctx, nil)
	if err != nil {
		t.Fatalf("GetCallerIdentity with the renamed user's key: %v", err)
	}
	if got, want := deref(id.Arn), userARN(s.account, "/b/", "judith"); got != want {
		t.Errorf("GetCallerIdentity after the rename: Arn = %s, want %s", got, want)
	}
}

func TestAccessKeys(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	ctx := context.Background()
	client := s.iam(s.root)
	s.createUser(t, "mallory", "")
	k1 := s.createAccessKey(t, "mallory")
	k2 := s.createAccessKey(t, "mallory")

	// Two keys per user (IAM User Guide, "IAM and AWS STS quotas").
	_, err := client.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("mallory")})
	if e := asAPIError(err); e.Code != "LimitExceeded" || e.Status != 409 {
		t.Errorf("a third CreateAccessKey: %+v, want LimitExceeded (409)", e)
	}

	list, err := client.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String("mallory")})
	if err != nil {
		t.Fatalf("ListAccessKeys: %v", err)
	}
	var got []string
	for _, m := range list.AccessKeyMetadata {
		got = append(got, deref(m.AccessKeyId)+" "+string(m.Status)+" "+deref(m.UserName))
		if m.CreateDate == nil {
			t.Errorf("key %s has no CreateDate", deref(m.AccessKeyId))
		}
	}
	sort.Strings(got)
	want := []string{k1.AccessKeyID + " Active mallory", k2.AccessKeyID + " Active mallory"}
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ListAccessKeys (-want +got):\n%s", diff)
	}

	// Both keys work, and each is its user.
	for _, k := range []creds{k1, k2} {
		id, err := s.sts(k).GetCallerIdentity(ctx, nil)
		if err != nil {
			t.Fatalf("GetCallerIdentity with %s: %v", k.AccessKeyID, err)
		}
		if got, want := deref(id.Arn), userARN(s.account, "/", "mallory"); got != want {
			t.Errorf("GetCallerIdentity with %s: Arn = %s, want %s", k.AccessKeyID, got, want)
		}
	}

	// GetAccessKeyInfo names the key's account (STS API Reference).
	info, err := s.sts(s.root).GetAccessKeyInfo(ctx, &sts.GetAccessKeyInfoInput{AccessKeyId: aws.String(k1.AccessKeyID)})
	if err != nil {
		t.Fatalf("GetAccessKeyInfo: %v", err)
	}
	if deref(info.Account) != s.account {
		t.Errorf("GetAccessKeyInfo: Account = %s, want %s", deref(info.Account), s.account)
	}

	// Errors about keys.
	cases := []struct {
		name string
		call func() error
		want apiError
	}{
		{"delete a key that does not exist", func() error {
			_, err := client.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String("mallory"), AccessKeyId: aws.String("AKIAAAAAAAAAAAAAAAAA")})
			return err
		}, apiError{Code: "NoSuchEntity", Status: 404, Message: "The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found."}},
		{"update a key of another user", func() error {
			s.createUser(t, "oscar", "")
			_, err := client.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: aws.String("oscar"), AccessKeyId: aws.String(k1.AccessKeyID), Status: types.StatusTypeInactive})
			return err
		}, apiError{Code: "NoSuchEntity", Status: 404}},
		{"a status that is not Active or Inactive", func() error {
			_, err := client.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: aws.String("mallory"), AccessKeyId: aws.String(k1.AccessKeyID), Status: "Suspended"})
			return err
		}, apiError{Code: "ValidationError", Status: 400}},
		{"keys of a missing user", func() error {
			_, err := client.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String("nobody")})
			return err
		}, apiError{Code: "NoSuchEntity", Status: 404, Message: noSuchUserMessage("nobody")}},
	}
	for _, tc := range cases {
		got := asAPIError(tc.call())
		if tc.want.Message == "" {
			got.Message = ""
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
	// The failed update left the key active.
	if _, err := s.sts(k1).GetCallerIdentity(ctx, nil); err != nil {
		t.Errorf("k1 after the rejected updates: %v", err)
	}
}
