package providers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

var (
	tpA = strings.Repeat("a", 40)
	tpB = strings.Repeat("B", 40)
	tpC = "0123456789abcdef0123456789ABCDEF01234567"
)

func createOIDC(t *testing.T, c *awsiam.Client, in *awsiam.CreateOpenIDConnectProviderInput) string {
	t.Helper()
	return aws.ToString(iamtest.Must(t, c.CreateOpenIDConnectProvider, in).OpenIDConnectProviderArn)
}

func getOIDC(t *testing.T, c *awsiam.Client, providerARN string) *awsiam.GetOpenIDConnectProviderOutput {
	t.Helper()
	return iamtest.Must(t, c.GetOpenIDConnectProvider, &awsiam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(providerARN)})
}

// oidcView is what GetOpenIDConnectProvider says, for comparing.
type oidcView struct {
	URL                    string
	ClientIDs, Thumbprints []string
	Created                time.Time
	Tags                   []types.Tag
}

func viewOIDC(out *awsiam.GetOpenIDConnectProviderOutput) oidcView {
	return oidcView{aws.ToString(out.Url), out.ClientIDList, out.ThumbprintList, aws.ToTime(out.CreateDate), out.Tags}
}

func TestCreateOpenIDConnectProvider(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.RootAt(t, 700*time.Millisecond)
	prefix := "arn:aws:iam::" + s.AccountID() + ":oidc-provider/"
	tests := []struct {
		name     string
		in       *awsiam.CreateOpenIDConnectProviderInput
		wantARN  string
		wantTags []types.Tag
		want     oidcView
	}{
		{"URL only: no thumbprint needed", &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://token.actions.githubusercontent.com")},
			prefix + "token.actions.githubusercontent.com", nil,
			oidcView{URL: "token.actions.githubusercontent.com", ClientIDs: []string{}, Thumbprints: []string{}, Created: iamtest.Created, Tags: []types.Tag{}}},
		{"client IDs once each, thumbprints as given", &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://accounts.example.com"),
			ClientIDList: []string{"sts.amazonaws.com", "app", "sts.amazonaws.com"}, ThumbprintList: []string{tpA, tpB}},
			prefix + "accounts.example.com", nil,
			oidcView{URL: "accounts.example.com", ClientIDs: []string{"sts.amazonaws.com", "app"}, Thumbprints: []string{tpA, tpB},
				Created: iamtest.Created, Tags: []types.Tag{}}},
		{"path and port kept, scheme case ignored", &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("HTTPS://oidc.example.com:8443/id/ABC123"),
			ThumbprintList: []string{tpC}},
			prefix + "oidc.example.com:8443/id/ABC123", nil,
			oidcView{URL: "oidc.example.com:8443/id/ABC123", ClientIDs: []string{}, Thumbprints: []string{tpC}, Created: iamtest.Created, Tags: []types.Tag{}}},
		{"trailing slash kept, as the iss claim has it", &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://tenant.auth.example.com/")},
			prefix + "tenant.auth.example.com/", nil,
			oidcView{URL: "tenant.auth.example.com/", ClientIDs: []string{}, Thumbprints: []string{}, Created: iamtest.Created, Tags: []types.Tag{}}},
		{"tags", &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://tagged.example.com"), Tags: []types.Tag{tag("team", "blue"), tag("env", "")}},
			prefix + "tagged.example.com", []types.Tag{tag("team", "blue"), tag("env", "")},
			oidcView{URL: "tagged.example.com", ClientIDs: []string{}, Thumbprints: []string{}, Created: iamtest.Created,
				Tags: []types.Tag{tag("team", "blue"), tag("env", "")}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := root.CreateOpenIDConnectProvider(ctx, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			checkCreated(t, "CreateOpenIDConnectProvider", aws.ToString(out.OpenIDConnectProviderArn), tc.wantARN, out.Tags, tc.wantTags)
			if diff := cmp.Diff(tc.want, viewOIDC(getOIDC(t, root, tc.wantARN)), ignoreUnexported); diff != "" {
				t.Errorf("GetOpenIDConnectProvider (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCreateOpenIDConnectProviderErrors(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	createOIDC(t, root, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://taken.example.com")})
	var ids []string
	for i := range 101 {
		ids = append(ids, fmt.Sprint(i))
	}
	url := func(u string) *awsiam.CreateOpenIDConnectProviderInput {
		return &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String(u)}
	}
	tests := []iamtest.Reject[awsiam.CreateOpenIDConnectProviderInput]{
		{"no scheme", url("example.org"), "ValidationError", "Invalid Open ID Connect Provider URL"},
		{"http", url("http://example.org"), "ValidationError", "Invalid Open ID Connect Provider URL"},
		{"query", url("https://example.org/oidc?x=1"), "ValidationError", "Invalid Open ID Connect Provider URL"},
		{"fragment", url("https://example.org/#x"), "ValidationError", "Invalid Open ID Connect Provider URL"},
		{"user information", url("https://user@example.org"), "ValidationError", "Invalid Open ID Connect Provider URL"},
		{"no host", url("https:///path"), "ValidationError", "Invalid Open ID Connect Provider URL"},
		{"bad port", url("https://example.org:99999"), "ValidationError", "Invalid Open ID Connect Provider URL"},
		{"space", url("https://exa mple.org"), "ValidationError", "Invalid Open ID Connect Provider URL"},
		{"URL too long (model)", url("https://" + strings.Repeat("b", 250)), "ValidationError", ""},
		{"thumbprint not 40 characters (model)", &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://a.example.com"),
			ThumbprintList: []string{strings.Repeat("b", 41)}}, "ValidationError", ""},
		{"six thumbprints", &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://a.example.com"),
			ThumbprintList: []string{tpA, tpA, tpA, tpA, tpA, tpA}}, "InvalidInput", "Thumbprint list must contain fewer than 5 entries."},
		{"thumbprint not hexadecimal", &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://a.example.com"),
			ThumbprintList: []string{strings.Repeat("z", 40)}}, "InvalidInput", ""},
		{"101 client IDs", &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://a.example.com"), ClientIDList: ids},
			"LimitExceeded", "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100"},
		{"same URL", url("https://taken.example.com"), "EntityAlreadyExists", "Provider with url https://taken.example.com already exists."},
		{"duplicate tag keys", &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://a.example.com"),
			Tags: []types.Tag{tag("k", "1"), tag("K", "2")}}, "InvalidInput",
			"Duplicate tag keys found. Please note that Tag keys are case insensitive."},
		{"reserved tag key", &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://a.example.com"),
			Tags: []types.Tag{tag("aws:team", "1")}}, "InvalidInput", ""},
	}
	iamtest.Rejects(t, root.CreateOpenIDConnectProvider, tests)
	// None of the failed requests left a provider behind.
	iamtest.Listed(t, "after failed creates", root.ListOpenIDConnectProviders, &awsiam.ListOpenIDConnectProvidersInput{}, 1)
}

func TestOpenIDConnectProviderQuota(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	for i := range 100 {
		createOIDC(t, root, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String(fmt.Sprintf("https://idp%03d.example.com", i))})
	}
	iamtest.Refused(t, root.CreateOpenIDConnectProvider, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://one-more.example.com")},
		"LimitExceeded", "Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100")
}

func TestOpenIDConnectProviderClientIDsAndThumbprints(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, root := iamtest.Root(t)
	arn := createOIDC(t, root, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://idp.example.com"),
		ClientIDList: []string{"one"}, ThumbprintList: []string{tpA}})
	add := func(id string) error {
		_, err := root.AddClientIDToOpenIDConnectProvider(ctx, &awsiam.AddClientIDToOpenIDConnectProviderInput{
			OpenIDConnectProviderArn: aws.String(arn), ClientID: aws.String(id)})
		return err
	}
	remove := func(id string) error {
		_, err := root.RemoveClientIDFromOpenIDConnectProvider(ctx, &awsiam.RemoveClientIDFromOpenIDConnectProviderInput{
			OpenIDConnectProviderArn: aws.String(arn), ClientID: aws.String(id)})
		return err
	}
	thumbprints := func(tps ...string) error {
		_, err := root.UpdateOpenIDConnectProviderThumbprint(ctx, &awsiam.UpdateOpenIDConnectProviderThumbprintInput{
			OpenIDConnectProviderArn: aws.String(arn), ThumbprintList: append([]string{}, tps...)})
		return err
	}
	steps := []struct {
		name       string
		run        func() error
		wantIDs    []string
		wantPrints []string
	}{
		{"add", func() error { return add("two") }, []string{"one", "two"}, []string{tpA}},
		{"add again changes nothing", func() error { return add("one") }, []string{"one", "two"}, []string{tpA}},
		{"remove", func() error { return remove("one") }, []string{"two"}, []string{tpA}},
		{"remove absent changes nothing", func() error { return remove("zzz") }, []string{"two"}, []string{tpA}},
		{"replace thumbprints", func() error { return thumbprints(tpB, tpC) }, []string{"two"}, []string{tpB, tpC}},
		{"clear thumbprints", func() error { return thumbprints() }, []string{"two"}, []string{}},
	}
	for _, st := range steps {
		if err := st.run(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got := getOIDC(t, root, arn)
		if diff := cmp.Diff(st.wantIDs, got.ClientIDList); diff != "" {
			t.Errorf("%s: ClientIDList (-want +got):\n%s", st.name, diff)
		}
		if diff := cmp.Diff(st.wantPrints, got.ThumbprintList); diff != "" {
			t.Errorf("%s: ThumbprintList (-want +got):\n%s", st.name, diff)
		}
	}

	stacktest.WantError(t, thumbprints(tpA, tpA, tpA, tpA, tpA, tpA), "InvalidInput", "Thumbprint list must contain fewer than 5 entries.")
	stacktest.WantError(t, thumbprints(strings.Repeat("g", 40)), "InvalidInput", "")
	for i := len(getOIDC(t, root, arn).ClientIDList); i < 100; i++ {
		if err := add(fmt.Sprint("id-", i)); err != nil {
			t.Fatal(err)
		}
	}
	stacktest.WantError(t, add("the 101st"), "LimitExceeded", "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100")
	if err := add("two"); err != nil {
		t.Errorf("adding a client ID the full provider has: %v", err)
	}
	if n := len(getOIDC(t, root, arn).ClientIDList); n != 100 {
		t.Errorf("client IDs = %d, want 100", n)
	}
}

func TestListAndDeleteOpenIDConnectProviders(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	out, err := root.ListOpenIDConnectProviders(ctx, &awsiam.ListOpenIDConnectProvidersInput{})
	if err != nil {
		t.Fatal(err)
	}
	if out.OpenIDConnectProviderList == nil || len(out.OpenIDConnectProviderList) != 0 {
		t.Errorf("empty account: list %v, want an empty list", out.OpenIDConnectProviderList)
	}
	var want []types.OpenIDConnectProviderListEntry
	for _, host := range []string{"b.example.com", "a.example.com", "c.example.com/tenant"} {
		createOIDC(t, root, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://" + host)})
	}
	for _, host := range []string{"a.example.com", "b.example.com", "c.example.com/tenant"} {
		want = append(want, types.OpenIDConnectProviderListEntry{Arn: aws.String("arn:aws:iam::" + s.AccountID() + ":oidc-provider/" + host)})
	}
	out, err = root.ListOpenIDConnectProviders(ctx, &awsiam.ListOpenIDConnectProvidersInput{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, out.OpenIDConnectProviderList, ignoreUnexported); diff != "" {
		t.Errorf("ListOpenIDConnectProviders (-want +got):\n%s", diff)
	}

	gone := aws.ToString(want[1].Arn)
	iamtest.Must(t, root.DeleteOpenIDConnectProvider, &awsiam.DeleteOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(gone)})
	iamtest.Refused(t, root.GetOpenIDConnectProvider, &awsiam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(gone)},
		"NoSuchEntity", "OpenIDConnect Provider not found for arn "+gone)
	// Deleting it again succeeds: the operation is idempotent (TestDeleteAbsentOIDCProvider).
	if _, err := root.DeleteOpenIDConnectProvider(ctx, &awsiam.DeleteOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(gone)}); err != nil {
		t.Errorf("deleting a deleted provider: %v, want success (idempotent)", err)
	}
	out, err = root.ListOpenIDConnectProviders(ctx, &awsiam.ListOpenIDConnectProvidersInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.OpenIDConnectProviderList) != 2 {
		t.Errorf("after delete: %d providers, want 2", len(out.OpenIDConnectProviderList))
	}
	// The URL is free again.
	createOIDC(t, root, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://b.example.com")})
}

func TestOpenIDConnectProviderNotFound(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	other := s.IAM(s.NewAccount(t))
	theirs := createOIDC(t, other, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://theirs.example.com")})
	missing := "arn:aws:iam::" + s.AccountID() + ":oidc-provider/missing.example.com"
	for _, tc := range []struct {
		name, arn, code, message string
	}{
		{"missing", missing, "NoSuchEntity", "OpenIDConnect Provider not found for arn " + missing},
		{"another account's", theirs, "NoSuchEntity", "OpenIDConnect Provider not found for arn " + theirs},
		{"not an ARN", "not-an-arn-at-all-really", "InvalidInput", "ARN not-an-arn-at-all-really is not valid."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			arn := aws.String(tc.arn)
			calls := map[string]func() error{
				"Get": func() error {
					_, err := root.GetOpenIDConnectProvider(ctx, &awsiam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: arn})
					return err
				},
				"AddClientID": func() error {
					_, err := root.AddClientIDToOpenIDConnectProvider(ctx, &awsiam.AddClientIDToOpenIDConnectProviderInput{
						OpenIDConnectProviderArn: arn, ClientID: aws.String("x")})
					return err
				},
				"RemoveClientID": func() error {
					_, err := root.RemoveClientIDFromOpenIDConnectProvider(ctx, &awsiam.RemoveClientIDFromOpenIDConnectProviderInput{
						OpenIDConnectProviderArn: arn, ClientID: aws.String("x")})
					return err
				},
				"UpdateThumbprint": func() error {
					_, err := root.UpdateOpenIDConnectProviderThumbprint(ctx, &awsiam.UpdateOpenIDConnectProviderThumbprintInput{
						OpenIDConnectProviderArn: arn, ThumbprintList: []string{tpA}})
					return err
				},
				"Tag": func() error {
					_, err := root.TagOpenIDConnectProvider(ctx, &awsiam.TagOpenIDConnectProviderInput{OpenIDConnectProviderArn: arn,
						Tags: []types.Tag{tag("a", "b")}})
					return err
				},
				"Untag": func() error {
					_, err := root.UntagOpenIDConnectProvider(ctx, &awsiam.UntagOpenIDConnectProviderInput{OpenIDConnectProviderArn: arn,
						TagKeys: []string{"a"}})
					return err
				},
				"ListTags": func() error {
					_, err := root.ListOpenIDConnectProviderTags(ctx, &awsiam.ListOpenIDConnectProviderTagsInput{OpenIDConnectProviderArn: arn})
					return err
				},
			}
			for op, call := range calls {
				err := call()
				if stacktest.ErrorCode(err) != tc.code || stacktest.ErrorMessage(err) != tc.message {
					t.Errorf("%s: %v, want %s %q", op, err, tc.code, tc.message)
				}
			}
		})
	}
	// The other account's provider is untouched.
	if got := getOIDC(t, other, theirs); len(got.ClientIDList) != 0 || len(got.Tags) != 0 {
		t.Errorf("another account's provider changed: %+v", viewOIDC(got))
	}
}

// TestDeleteAbsentOIDCProvider: "This operation is idempotent; it does not fail or return an
// error if you call the operation for a provider that does not exist."
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteOpenIDConnectProvider.html)
// Authorization still comes first, on the ARN named, and a malformed ARN is still InvalidInput.
func TestDeleteAbsentOIDCProvider(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	other := s.IAM(s.NewAccount(t))
	theirs := createOIDC(t, other, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://theirs.example.com")})
	missing := "arn:aws:iam::" + s.AccountID() + ":oidc-provider/never.example.com"
	del := func(c *awsiam.Client, a string) error {
		_, err := c.DeleteOpenIDConnectProvider(ctx, &awsiam.DeleteOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(a)})
		return err
	}

	if err := del(root, missing); err != nil {
		t.Errorf("deleting a provider that never existed: %v, want success", err)
	}
	// Another account's provider is absent from the caller's account: success, and it stays.
	if err := del(root, theirs); err != nil {
		t.Errorf("deleting another account's provider: %v, want success", err)
	}
	if got := getOIDC(t, other, theirs); got.Url == nil {
		t.Errorf("another account's provider is gone")
	}
	err := del(root, "not-an-arn-at-all-really")
	stacktest.WantError(t, err, "InvalidInput", "ARN not-an-arn-at-all-really is not valid.")

	// An unauthorized caller is refused on the ARN, whether or not the provider exists.
	nobody := s.NewUser(t, "nobody")
	stacktest.WantError(t, del(s.IAM(nobody), missing), "AccessDenied",
		iamtest.Denied(nobody.ARN, "iam:DeleteOpenIDConnectProvider", missing))
}
