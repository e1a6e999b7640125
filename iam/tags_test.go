package iam_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// Every taggable kind runs its tags through one implementation (core.Taggable), and AWS's
// tagging operations answer alike for all of them: TestTagging runs the same cases on each,
// through the aws-sdk-go-v2 client, so a kind that drifts from the others fails here.

// tagger is one taggable kind: its three tagging operations and the one that reads the entity
// (nil for MFA devices, which have none), the entity the cases run on and a name that names
// none, with the NoSuchEntity and LimitExceeded messages AWS answers for the kind, and its
// message for duplicate keys when it is not IAM's usual one.
type tagger struct {
	kind, name, ghost         string
	missing, limit, duplicate string
	tagOps
	get func(name string) (any, error)
}

// tagOps are a kind's tagging operations, called by the entity's name (or ARN).
type tagOps struct {
	tag   func(name string, tags []types.Tag) error
	untag func(name string, keys []string) error
	list  func(name string, marker *string, max *int32) (tagPage, error)
}

// opsOf are the tagging operations of a kind whose requests name the entity in member field
// ("UserName", "PolicyArn", …): Tag* with Tags, Untag* with TagKeys, List*Tags with Marker and
// MaxItems, as every one of them spells its members.
func opsOf[TI, TO, UI, UO, LI, LO, O any](field string, tag iamtest.Op[TI, TO, O], untag iamtest.Op[UI, UO, O], list iamtest.Op[LI, LO, O]) tagOps {
	ctx := context.Background()
	return tagOps{
		tag: func(n string, tags []types.Tag) error {
			return done(tag(ctx, iamtest.Input[TI](field, n, "Tags", tags)))
		},
		untag: func(n string, keys []string) error {
			return done(untag(ctx, iamtest.Input[UI](field, n, "TagKeys", keys)))
		},
		list: func(n string, m *string, max *int32) (tagPage, error) {
			return listed(list(ctx, iamtest.Input[LI](field, n, "Marker", m, "MaxItems", max)))
		},
	}
}

// getOf is a kind's Get operation, called by the entity's name in member field.
func getOf[In, Out, O any](field string, get iamtest.Op[In, Out, O]) func(string) (any, error) {
	return func(n string) (any, error) { return get(context.Background(), iamtest.Input[In](field, n)) }
}

// tagPage is one answer of a List*Tags operation.
type tagPage struct {
	tags      []types.Tag
	marker    *string
	truncated bool
}

// listed reads a List*Tags answer: every one has Tags, Marker and IsTruncated.
func listed[Out any](out *Out, err error) (tagPage, error) {
	if err != nil {
		return tagPage{}, err
	}
	v := reflect.ValueOf(out).Elem()
	return tagPage{tags: v.FieldByName("Tags").Interface().([]types.Tag), marker: v.FieldByName("Marker").Interface().(*string),
		truncated: v.FieldByName("IsTruncated").Bool()}, nil
}

// done is a call's error alone.
func done[Out any](_ *Out, err error) error { return err }

// tagsOf finds the Tags of a Get* answer: at its top (providers) or in its one entity member
// (Role, User, Policy, InstanceProfile, ServerCertificate).
func tagsOf(out any) []types.Tag {
	v := reflect.ValueOf(out).Elem()
	if f := v.FieldByName("Tags"); f.IsValid() {
		return f.Interface().([]types.Tag)
	}
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() == reflect.Pointer && !f.IsNil() && f.Elem().Kind() == reflect.Struct {
			if tags := f.Elem().FieldByName("Tags"); tags.IsValid() {
				return tags.Interface().([]types.Tag)
			}
		}
		if f.Kind() == reflect.Struct {
			if tags := f.FieldByName("Tags"); tags.IsValid() {
				return tags.Interface().([]types.Tag)
			}
		}
	}
	panic(fmt.Sprintf("no Tags in %T", out))
}

// numbered is tags kNN=v for NN from..to-1.
func numbered(from, to int) []types.Tag {
	var tags []types.Tag
	for i := from; i < to; i++ {
		tags = append(tags, iamtest.Tag(fmt.Sprintf("k%02d", i), "v"))
	}
	return tags
}

var tagOpts = cmp.Options{cmpopts.IgnoreUnexported(types.Tag{}), cmpopts.EquateEmpty()}

func TestTagging(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	for _, k := range taggers(t, s, root) {
		t.Run(k.kind, func(t *testing.T) {
			t.Parallel()
			want := k.tagAndUntag(t)
			k.refusals(t, want)
			k.quota(t, want)
		})
	}
}

// tagAndUntag tags the entity, replaces a tag by a key in another case, pages and untags, and
// returns the tags left.
func (k tagger) tagAndUntag(t *testing.T) []types.Tag {
	t.Helper()
	if got := k.all(t); got == nil || len(got) != 0 {
		t.Errorf("tags of an untagged %s = %v, want an empty list", k.kind, got)
	}
	if err := k.tag(k.name, []types.Tag{iamtest.Tag("somekey", "somevalue"), iamtest.Tag("someotherkey", "someothervalue")}); err != nil {
		t.Fatal(err)
	}
	// A key matching in another case replaces the value and the spelling, keeping its place.
	if err := k.tag(k.name, []types.Tag{iamtest.Tag("SomeKey", "updated"), iamtest.Tag("third", "")}); err != nil {
		t.Fatal(err)
	}
	want := []types.Tag{iamtest.Tag("SomeKey", "updated"), iamtest.Tag("someotherkey", "someothervalue"), iamtest.Tag("third", "")}
	k.check(t, "tags", want)
	for _, size := range []int32{1, 2} {
		if diff := cmp.Diff(want, k.paged(t, size), tagOpts); diff != "" {
			t.Errorf("tags paged by %d (-want +got):\n%s", size, diff)
		}
	}
	// Untagging ignores the keys' case, and keys the entity does not have.
	if err := k.untag(k.name, []string{"SOMEKEY", "absent"}); err != nil {
		t.Fatal(err)
	}
	want = want[1:]
	k.check(t, "tags after untag", want)
	return want
}

// refusals: requests refused whole, which change nothing; a name that names nothing.
func (k tagger) refusals(t *testing.T, want []types.Tag) {
	t.Helper()
	stacktest.WantError(t, k.tag(k.name, numbered(0, 49)), "LimitExceeded", k.limit)
	duplicate := k.duplicate
	if duplicate == "" {
		duplicate = "Duplicate tag keys found. Please note that Tag keys are case insensitive."
	}
	stacktest.WantError(t, k.tag(k.name, []types.Tag{iamtest.Tag("a", "1"), iamtest.Tag("A", "2")}), "InvalidInput", duplicate)
	stacktest.WantError(t, k.tag(k.name, []types.Tag{iamtest.Tag("aws:reserved", "1")}), "InvalidInput", "")
	stacktest.WantError(t, k.tag(k.name, []types.Tag{iamtest.Tag(strings.Repeat("k", 129), "x")}), "ValidationError", "")
	k.check(t, "tags after refused requests", want)

	stacktest.WantError(t, k.tag(k.ghost, []types.Tag{iamtest.Tag("a", "1")}), "NoSuchEntity", k.missing)
	stacktest.WantError(t, k.untag(k.ghost, []string{"a"}), "NoSuchEntity", k.missing)
	_, err := k.list(k.ghost, nil, nil)
	stacktest.WantError(t, err, "NoSuchEntity", k.missing)
	_, err = k.list(k.name, aws.String("bm90IGEgbnVtYmVy"), aws.Int32(10))
	stacktest.WantError(t, err, "ValidationError", "Invalid Marker.")
}

// quota fills the entity up to 50 tags: replacing a key's value then is no new tag, a 51st
// is refused, and the 50 come back in pages of 15 in order.
func (k tagger) quota(t *testing.T, have []types.Tag) {
	t.Helper()
	fill := numbered(0, 50-len(have))
	if err := k.tag(k.name, fill); err != nil {
		t.Fatal(err)
	}
	if err := k.tag(k.name, []types.Tag{iamtest.Tag("K00", "new")}); err != nil {
		t.Errorf("replacing a tag at the quota: %v", err)
	}
	stacktest.WantError(t, k.tag(k.name, []types.Tag{iamtest.Tag("one-more", "v")}), "LimitExceeded", k.limit)
	want := append(append([]types.Tag{}, have...), iamtest.Tag("K00", "new"))
	want = append(want, fill[1:]...)
	if diff := cmp.Diff(want, k.paged(t, 15), tagOpts); diff != "" {
		t.Errorf("50 tags paged by 15 (-want +got):\n%s", diff)
	}
}

// all lists the entity's tags in one page, which must not be truncated.
func (k tagger) all(t *testing.T) []types.Tag {
	t.Helper()
	p, err := k.list(k.name, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.truncated || p.marker != nil {
		t.Errorf("one page of all tags is truncated (marker %v)", p.marker)
	}
	return p.tags
}

// paged lists the entity's tags size at a time, following the markers.
func (k tagger) paged(t *testing.T, size int32) []types.Tag {
	t.Helper()
	var got []types.Tag
	var marker *string
	for page := 0; ; page++ {
		p, err := k.list(k.name, marker, aws.Int32(size))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.tags...)
		if p.truncated != (p.marker != nil) {
			t.Errorf("page %d: IsTruncated %v with Marker %v", page, p.truncated, p.marker)
		}
		if p.marker == nil {
			return got
		}
		marker = p.marker
	}
}

// check compares the entity's tags, as listed and as its Get operation answers them, with want.
func (k tagger) check(t *testing.T, what string, want []types.Tag) {
	t.Helper()
	if diff := cmp.Diff(want, k.all(t), tagOpts); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
	if k.get == nil {
		return
	}
	out, err := k.get(k.name)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, tagsOf(out), tagOpts); diff != "" {
		t.Errorf("%s, as the Get operation answers them (-want +got):\n%s", what, diff)
	}
}

// taggers makes one entity of each taggable kind, untagged, in s's account, with its tagger.
func taggers(t *testing.T, s *stacktest.Stack, root *awsiam.Client) []tagger {
	t.Helper()
	acct := s.AccountID()
	iamtest.MustCreateUser(t, root, "tagged")
	iamtest.MustCreateRole(t, root, "tagged", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)
	iamtest.Must(t, root.CreateInstanceProfile, &awsiam.CreateInstanceProfileInput{InstanceProfileName: aws.String("tagged")})
	policy := iamtest.Must(t, root.CreatePolicy, &awsiam.CreatePolicyInput{PolicyName: aws.String("tagged"), PolicyDocument: aws.String(iamtest.AllowAll)})
	mfa := iamtest.Must(t, root.CreateVirtualMFADevice, &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String("tagged")})
	return append(principalTaggers(root, acct, *policy.Policy.Arn, *mfa.VirtualMFADevice.SerialNumber), providerTaggers(t, root, acct)...)
}

func principalTaggers(root *awsiam.Client, acct, policyARN, serial string) []tagger {
	return []tagger{
		{kind: "user", name: "tagged", ghost: "ghost",
			missing: "The user with name ghost cannot be found.", limit: "Cannot exceed quota for TagsPerUser: 50",
			tagOps: opsOf("UserName", root.TagUser, root.UntagUser, root.ListUserTags), get: getOf("UserName", root.GetUser)},
		{kind: "role", name: "tagged", ghost: "ghost",
			missing: "The role with name ghost cannot be found.", limit: "Cannot exceed quota for TagsPerRole: 50",
			tagOps: opsOf("RoleName", root.TagRole, root.UntagRole, root.ListRoleTags), get: getOf("RoleName", root.GetRole)},
		{kind: "instance profile", name: "tagged", ghost: "ghost",
			missing: "Instance Profile ghost cannot be found.", limit: "Cannot exceed quota for TagsPerInstanceProfile: 50",
			tagOps: opsOf("InstanceProfileName", root.TagInstanceProfile, root.UntagInstanceProfile, root.ListInstanceProfileTags),
			get:    getOf("InstanceProfileName", root.GetInstanceProfile)},
		{kind: "managed policy", name: policyARN, ghost: "arn:aws:iam::" + acct + ":policy/ghost",
			missing: "Policy arn:aws:iam::" + acct + ":policy/ghost was not found.", limit: "Cannot exceed quota for TagsPerPolicy: 50",
			duplicate: "Duplicate tag keys found.", // AWS's text for policies does not mention case
			tagOps:    opsOf("PolicyArn", root.TagPolicy, root.UntagPolicy, root.ListPolicyTags), get: getOf("PolicyArn", root.GetPolicy)},
		{kind: "virtual MFA device", name: serial, ghost: "arn:aws:iam::" + acct + ":mfa/ghost",
			missing: "MFA Device with serial number arn:aws:iam::" + acct + ":mfa/ghost does not exist.",
			limit:   "Cannot exceed quota for TagsPerMFADevice: 50",
			tagOps:  opsOf("SerialNumber", root.TagMFADevice, root.UntagMFADevice, root.ListMFADeviceTags)},
	}
}

// providerLimit is the LimitExceeded message of the providers' and server certificates'
// tagging operations (recorded from AWS for OIDC providers).
const providerLimit = "The number of tags has reached the maximum limit."

func providerTaggers(t *testing.T, root *awsiam.Client, acct string) []tagger {
	t.Helper()
	oidc := iamtest.Must(t, root.CreateOpenIDConnectProvider, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://idp.example.com")})
	leaf := fedtest.NewRootCA(t, "Tagging CA").Issue(t, fedtest.Options{RSA: true})
	idp := &fedtest.SAMLIdP{EntityID: "https://idp.example.com/saml", Cert: leaf.Cert}
	saml := iamtest.Must(t, root.CreateSAMLProvider, &awsiam.CreateSAMLProviderInput{Name: aws.String("tagged"), SAMLMetadataDocument: aws.String(idp.Metadata())})
	iamtest.Must(t, root.UploadServerCertificate, &awsiam.UploadServerCertificateInput{ServerCertificateName: aws.String("tagged"),
		CertificateBody: aws.String(string(fedtest.PEM(leaf.Cert))), PrivateKey: aws.String(string(fedtest.KeyPEM(t, leaf.Key)))})
	ghostOIDC, ghostSAML := "arn:aws:iam::"+acct+":oidc-provider/ghost.example.com", "arn:aws:iam::"+acct+":saml-provider/ghost"
	return []tagger{
		{kind: "OIDC provider", name: *oidc.OpenIDConnectProviderArn, ghost: ghostOIDC,
			missing: "OpenIDConnect Provider not found for arn " + ghostOIDC, limit: providerLimit,
			tagOps: opsOf("OpenIDConnectProviderArn", root.TagOpenIDConnectProvider, root.UntagOpenIDConnectProvider,
				root.ListOpenIDConnectProviderTags),
			get: getOf("OpenIDConnectProviderArn", root.GetOpenIDConnectProvider)},
		{kind: "SAML provider", name: *saml.SAMLProviderArn, ghost: ghostSAML,
			missing: "Manifest not found for arn " + ghostSAML, limit: providerLimit,
			tagOps: opsOf("SAMLProviderArn", root.TagSAMLProvider, root.UntagSAMLProvider, root.ListSAMLProviderTags),
			get:    getOf("SAMLProviderArn", root.GetSAMLProvider)},
		{kind: "server certificate", name: "tagged", ghost: "ghost",
			missing: "The Server Certificate with name ghost cannot be found.", limit: providerLimit,
			tagOps: opsOf("ServerCertificateName", root.TagServerCertificate, root.UntagServerCertificate, root.ListServerCertificateTags),
			get:    getOf("ServerCertificateName", root.GetServerCertificate)},
	}
}
