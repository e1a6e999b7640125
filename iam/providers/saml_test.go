package providers_test

import (
	"bytes"
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
	"github.com/gatehouse-iam/gatehouse/store"
)

func createSAML(t *testing.T, c *awsiam.Client, in *awsiam.CreateSAMLProviderInput) string {
	t.Helper()
	return aws.ToString(iamtest.Must(t, c.CreateSAMLProvider, in).SAMLProviderArn)
}

func getSAML(t *testing.T, c *awsiam.Client, providerARN string) *awsiam.GetSAMLProviderOutput {
	t.Helper()
	return iamtest.Must(t, c.GetSAMLProvider, &awsiam.GetSAMLProviderInput{SAMLProviderArn: aws.String(providerARN)})
}

// samlView is what GetSAMLProvider says, for comparing; the UUID and key IDs are random.
type samlView struct {
	Document            string
	Created, ValidUntil time.Time
	Mode                types.AssertionEncryptionModeType
	Keys                int
	Tags                []types.Tag
}

func viewSAML(out *awsiam.GetSAMLProviderOutput) samlView {
	return samlView{aws.ToString(out.SAMLMetadataDocument), aws.ToTime(out.CreateDate), aws.ToTime(out.ValidUntil),
		out.AssertionEncryptionMode, len(out.PrivateKeyList), out.Tags}
}

func TestCreateSAMLProvider(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.RootAt(t, 400*time.Millisecond)
	prefix := "arn:aws:iam::" + s.AccountID() + ":saml-provider/"
	plain := metadata(t, "https://idp.example.com/saml", "")
	dated := metadata(t, "https://idp.example.com/saml", "2031-05-09T16:27:11Z")
	key := rsaKey(t)
	tests := []struct {
		name     string
		in       *awsiam.CreateSAMLProviderInput
		wantTags []types.Tag
		want     samlView
	}{
		{"no validUntil: valid for 100 years", &awsiam.CreateSAMLProviderInput{Name: aws.String("Okta"), SAMLMetadataDocument: aws.String(plain)}, nil,
			samlView{plain, iamtest.Created, iamtest.Created.AddDate(100, 0, 0), types.AssertionEncryptionModeTypeAllowed, 0, []types.Tag{}}},
		{"validUntil from the metadata", &awsiam.CreateSAMLProviderInput{Name: aws.String("ADFS.corp_1-x"), SAMLMetadataDocument: aws.String(dated)}, nil,
			samlView{dated, iamtest.Created, time.Date(2031, 5, 9, 16, 27, 11, 0, time.UTC), types.AssertionEncryptionModeTypeAllowed, 0, []types.Tag{}}},
		{"encryption required with a key", &awsiam.CreateSAMLProviderInput{Name: aws.String("Encrypted"), SAMLMetadataDocument: aws.String(plain),
			AssertionEncryptionMode: types.AssertionEncryptionModeTypeRequired, AddPrivateKey: aws.String(key.pem)}, nil,
			samlView{plain, iamtest.Created, iamtest.Created.AddDate(100, 0, 0), types.AssertionEncryptionModeTypeRequired, 1, []types.Tag{}}},
		{"PKCS #8 key, encryption allowed", &awsiam.CreateSAMLProviderInput{Name: aws.String("Pkcs8"), SAMLMetadataDocument: aws.String(plain),
			AddPrivateKey: aws.String(ecKey(t).pkcs8(t))}, nil,
			samlView{plain, iamtest.Created, iamtest.Created.AddDate(100, 0, 0), types.AssertionEncryptionModeTypeAllowed, 1, []types.Tag{}}},
		{"tags", &awsiam.CreateSAMLProviderInput{Name: aws.String("Tagged"), SAMLMetadataDocument: aws.String(plain),
			Tags: []types.Tag{tag("team", "blue")}}, []types.Tag{tag("team", "blue")},
			samlView{plain, iamtest.Created, iamtest.Created.AddDate(100, 0, 0), types.AssertionEncryptionModeTypeAllowed, 0, []types.Tag{tag("team", "blue")}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := root.CreateSAMLProvider(ctx, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			wantARN := prefix + aws.ToString(tc.in.Name)
			checkCreated(t, "CreateSAMLProvider", aws.ToString(out.SAMLProviderArn), wantARN, out.Tags, tc.wantTags)
			got := getSAML(t, root, wantARN)
			if diff := cmp.Diff(tc.want, viewSAML(got), ignoreUnexported); diff != "" {
				t.Errorf("GetSAMLProvider (-want +got):\n%s", diff)
			}
			if uuid := aws.ToString(got.SAMLProviderUUID); !strings.HasPrefix(uuid, "SAMLSP") || len(uuid) != 26 {
				t.Errorf("SAMLProviderUUID %q is not SAMLSP followed by 20 characters", uuid)
			}
			for _, k := range got.PrivateKeyList {
				if id := aws.ToString(k.KeyId); len(id) < 22 || strings.Trim(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "" {
					t.Errorf("KeyId %q is not 22 or more of [A-Z0-9]", id)
				}
				if !aws.ToTime(k.Timestamp).Equal(iamtest.Created) {
					t.Errorf("key Timestamp = %v, want %v", aws.ToTime(k.Timestamp), iamtest.Created)
				}
			}
		})
	}

	// ListSAMLProviders: every provider, by ARN, with its dates.
	out, err := root.ListSAMLProviders(ctx, &awsiam.ListSAMLProvidersInput{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range out.SAMLProviderList {
		names = append(names, strings.TrimPrefix(aws.ToString(e.Arn), prefix))
		if !aws.ToTime(e.CreateDate).Equal(iamtest.Created) || e.ValidUntil == nil {
			t.Errorf("list entry %s: CreateDate %v, ValidUntil %v", aws.ToString(e.Arn), e.CreateDate, e.ValidUntil)
		}
	}
	if diff := cmp.Diff([]string{"ADFS.corp_1-x", "Encrypted", "Okta", "Pkcs8", "Tagged"}, names); diff != "" {
		t.Errorf("ListSAMLProviders (-want +got):\n%s", diff)
	}
}

func TestCreateSAMLProviderErrors(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	good := metadata(t, "https://idp.example.com/saml", "")
	createSAML(t, root, &awsiam.CreateSAMLProviderInput{Name: aws.String("Taken"), SAMLMetadataDocument: aws.String(good)})
	noSigning := strings.Replace(good, `use="signing"`, `use="encryption"`, 1)
	noIdP := strings.NewReplacer("IDPSSODescriptor", "SPSSODescriptor").Replace(good)
	notXML := padded("this is not XML at all")
	badCert := strings.Replace(good, "<ds:X509Certificate>", "<ds:X509Certificate>AAAA", 1)
	tests := []iamtest.Reject[awsiam.CreateSAMLProviderInput]{
		{"metadata not XML", &awsiam.CreateSAMLProviderInput{Name: aws.String("x"), SAMLMetadataDocument: aws.String(notXML)},
			"InvalidInput", "Could not parse metadata"},
		{"no IdP descriptor", &awsiam.CreateSAMLProviderInput{Name: aws.String("x"), SAMLMetadataDocument: aws.String(noIdP)},
			"InvalidInput", "Could not parse metadata"},
		{"no signing certificate", &awsiam.CreateSAMLProviderInput{Name: aws.String("x"), SAMLMetadataDocument: aws.String(noSigning)},
			"InvalidInput", "Could not parse metadata"},
		{"certificate does not parse", &awsiam.CreateSAMLProviderInput{Name: aws.String("x"), SAMLMetadataDocument: aws.String(badCert)},
			"InvalidInput", "Could not parse metadata"},
		{"metadata shorter than 1000 characters (model)", &awsiam.CreateSAMLProviderInput{Name: aws.String("x"),
			SAMLMetadataDocument: aws.String("<md:EntityDescriptor/>")}, "ValidationError", ""},
		{"name pattern (model)", &awsiam.CreateSAMLProviderInput{Name: aws.String("has space"), SAMLMetadataDocument: aws.String(good)},
			"ValidationError", ""},
		{"private key not PEM", &awsiam.CreateSAMLProviderInput{Name: aws.String("x"), SAMLMetadataDocument: aws.String(good),
			AddPrivateKey: aws.String("-----BEGIN PRIVATE KEY-----\nbm9wZQ==\n-----END PRIVATE KEY-----\n")}, "InvalidInput", ""},
		{"encryption required without a key", &awsiam.CreateSAMLProviderInput{Name: aws.String("x"), SAMLMetadataDocument: aws.String(good),
			AssertionEncryptionMode: types.AssertionEncryptionModeTypeRequired}, "InvalidInput", ""},
		{"same name", &awsiam.CreateSAMLProviderInput{Name: aws.String("Taken"), SAMLMetadataDocument: aws.String(good)},
			"EntityAlreadyExists", ""},
		{"duplicate tag keys", &awsiam.CreateSAMLProviderInput{Name: aws.String("x"), SAMLMetadataDocument: aws.String(good),
			Tags: []types.Tag{tag("k", "1"), tag("K", "2")}}, "InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive."},
	}
	iamtest.Rejects(t, root.CreateSAMLProvider, tests)
	iamtest.Listed(t, "after failed creates", root.ListSAMLProviders, &awsiam.ListSAMLProvidersInput{}, 1)
}

func TestSAMLProviderQuota(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	doc := aws.String(metadata(t, "https://idp.example.com/saml", ""))
	for i := range 100 {
		createSAML(t, root, &awsiam.CreateSAMLProviderInput{Name: aws.String(fmt.Sprintf("idp%03d", i)), SAMLMetadataDocument: doc})
	}
	iamtest.Refused(t, root.CreateSAMLProvider, &awsiam.CreateSAMLProviderInput{Name: aws.String("one-more"), SAMLMetadataDocument: doc},
		"LimitExceeded", "Cannot exceed quota for SAMLProvidersPerAccount: 100")
}

func TestUpdateSAMLProvider(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	clock := stacktest.NewClock(iamtest.Created)
	s, root := iamtest.Root(t, stacktest.WithClock(clock))
	arn := createSAML(t, root, &awsiam.CreateSAMLProviderInput{Name: aws.String("Idp"),
		SAMLMetadataDocument: aws.String(metadata(t, "https://idp.example.com/saml", ""))})
	uuid := aws.ToString(getSAML(t, root, arn).SAMLProviderUUID)
	clock.Advance(time.Hour)
	newDoc := metadata(t, "https://updated-idp.example.com/saml", "2030-01-02T03:04:05Z")
	key1, key2, key3 := rsaKey(t), ecKey(t), rsaKey(t)
	update := func(in *awsiam.UpdateSAMLProviderInput) error {
		in.SAMLProviderArn = aws.String(arn)
		out, err := root.UpdateSAMLProvider(ctx, in)
		if err == nil && aws.ToString(out.SAMLProviderArn) != arn {
			t.Errorf("UpdateSAMLProvider answered ARN %q, want %q", aws.ToString(out.SAMLProviderArn), arn)
		}
		return err
	}
	keyIDs := func() []string {
		var ids []string
		for _, k := range getSAML(t, root, arn).PrivateKeyList {
			ids = append(ids, aws.ToString(k.KeyId))
		}
		return ids
	}

	if err := update(&awsiam.UpdateSAMLProviderInput{SAMLMetadataDocument: aws.String(newDoc)}); err != nil {
		t.Fatal(err)
	}
	got := getSAML(t, root, arn)
	if diff := cmp.Diff(samlView{newDoc, iamtest.Created, time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), types.AssertionEncryptionModeTypeAllowed, 0,
		[]types.Tag{}}, viewSAML(got), ignoreUnexported); diff != "" {
		t.Errorf("after new metadata (-want +got):\n%s", diff)
	}
	if aws.ToString(got.SAMLProviderUUID) != uuid {
		t.Errorf("SAMLProviderUUID changed: %q, was %q", aws.ToString(got.SAMLProviderUUID), uuid)
	}

	// Rotation: add, add, a third is one too many, remove the old one.
	if err := update(&awsiam.UpdateSAMLProviderInput{AddPrivateKey: aws.String(key1.pem)}); err != nil {
		t.Fatal(err)
	}
	if err := update(&awsiam.UpdateSAMLProviderInput{AddPrivateKey: aws.String(key2.pem),
		AssertionEncryptionMode: types.AssertionEncryptionModeTypeRequired}); err != nil {
		t.Fatal(err)
	}
	ids := keyIDs()
	if len(ids) != 2 || ids[0] == ids[1] {
		t.Fatalf("key IDs after two adds: %v", ids)
	}
	stacktest.WantError(t, update(&awsiam.UpdateSAMLProviderInput{AddPrivateKey: aws.String(key3.pem)}),
		"LimitExceeded", "Cannot exceed quota for PrivateKeysPerSAMLProvider: 2")
	stacktest.WantError(t, update(&awsiam.UpdateSAMLProviderInput{AddPrivateKey: aws.String(key3.pem), RemovePrivateKey: aws.String(ids[0])}),
		"InvalidInput", "")
	stacktest.WantError(t, update(&awsiam.UpdateSAMLProviderInput{RemovePrivateKey: aws.String("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}), "NoSuchEntity", "")
	if err := update(&awsiam.UpdateSAMLProviderInput{RemovePrivateKey: aws.String(ids[0])}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ids[1:], keyIDs()); diff != "" {
		t.Errorf("keys after removing the first (-want +got):\n%s", diff)
	}
	// The last key cannot go while encryption is required; with encryption allowed it can.
	stacktest.WantError(t, update(&awsiam.UpdateSAMLProviderInput{RemovePrivateKey: aws.String(ids[1])}), "InvalidInput", "")
	if err := update(&awsiam.UpdateSAMLProviderInput{RemovePrivateKey: aws.String(ids[1]),
		AssertionEncryptionMode: types.AssertionEncryptionModeTypeAllowed}); err != nil {
		t.Fatal(err)
	}
	if got := getSAML(t, root, arn); len(got.PrivateKeyList) != 0 || got.PrivateKeyList == nil ||
		got.AssertionEncryptionMode != types.AssertionEncryptionModeTypeAllowed {
		t.Errorf("after removing the last key: keys %v, mode %s", got.PrivateKeyList, got.AssertionEncryptionMode)
	}

	// Bad metadata changes nothing.
	stacktest.WantError(t, update(&awsiam.UpdateSAMLProviderInput{SAMLMetadataDocument: aws.String(padded("<nope/>")),
		AddPrivateKey: aws.String(key3.pem)}), "InvalidInput", "Could not parse metadata")
	if got := getSAML(t, root, arn); aws.ToString(got.SAMLMetadataDocument) != newDoc || len(got.PrivateKeyList) != 0 {
		t.Errorf("a refused update changed the provider")
	}

	// Keys are sealed at rest.
	if err := update(&awsiam.UpdateSAMLProviderInput{AddPrivateKey: aws.String(key3.pem)}); err != nil {
		t.Fatal(err)
	}
	var stored store.SAMLProvider
	err := s.Store().View(ctx, func(tx store.Tx) error {
		var err error
		stored, err = tx.SAMLProviders().Get(ctx, arn)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(stored.PrivateKeys) != 1 || len(stored.PrivateKeys[0].Sealed) == 0 ||
		bytes.Contains(stored.PrivateKeys[0].Sealed, []byte("PRIVATE KEY")) {
		t.Errorf("stored private key is not sealed: %+v", stored.PrivateKeys)
	}
}

func TestSAMLProviderNotFoundAndDelete(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	doc := aws.String(metadata(t, "https://idp.example.com/saml", ""))
	arn := createSAML(t, root, &awsiam.CreateSAMLProviderInput{Name: aws.String("Idp"), SAMLMetadataDocument: doc,
		Tags: []types.Tag{tag("a", "b")}})
	other := s.IAM(s.NewAccount(t))
	theirs := createSAML(t, other, &awsiam.CreateSAMLProviderInput{Name: aws.String("Theirs"), SAMLMetadataDocument: doc})
	iamtest.Must(t, root.DeleteSAMLProvider, &awsiam.DeleteSAMLProviderInput{SAMLProviderArn: aws.String(arn)})
	for _, missing := range []string{arn, theirs} {
		arn := aws.String(missing)
		calls := map[string]func() error{
			"Get": func() error {
				_, err := root.GetSAMLProvider(ctx, &awsiam.GetSAMLProviderInput{SAMLProviderArn: arn})
				return err
			},
			"Delete": func() error {
				_, err := root.DeleteSAMLProvider(ctx, &awsiam.DeleteSAMLProviderInput{SAMLProviderArn: arn})
				return err
			},
			"Update": func() error {
				_, err := root.UpdateSAMLProvider(ctx, &awsiam.UpdateSAMLProviderInput{SAMLProviderArn: arn, SAMLMetadataDocument: doc})
				return err
			},
			"Tag": func() error {
				_, err := root.TagSAMLProvider(ctx, &awsiam.TagSAMLProviderInput{SAMLProviderArn: arn, Tags: []types.Tag{tag("a", "b")}})
				return err
			},
			"Untag": func() error {
				_, err := root.UntagSAMLProvider(ctx, &awsiam.UntagSAMLProviderInput{SAMLProviderArn: arn, TagKeys: []string{"a"}})
				return err
			},
			"ListTags": func() error {
				_, err := root.ListSAMLProviderTags(ctx, &awsiam.ListSAMLProviderTagsInput{SAMLProviderArn: arn})
				return err
			},
		}
		for op, call := range calls {
			err := call()
			if stacktest.ErrorCode(err) != "NoSuchEntity" || stacktest.ErrorMessage(err) != "Manifest not found for arn "+missing {
				t.Errorf("%s %s: %v, want NoSuchEntity", op, missing, err)
			}
		}
	}
	out := iamtest.Must(t, root.ListSAMLProviders, &awsiam.ListSAMLProvidersInput{})
	if out.SAMLProviderList == nil || len(out.SAMLProviderList) != 0 {
		t.Errorf("after delete: %v, want an empty list", out.SAMLProviderList)
	}
	// The name is free again, and the new provider does not inherit the old one's tags.
	createSAML(t, root, &awsiam.CreateSAMLProviderInput{Name: aws.String("Idp"), SAMLMetadataDocument: doc})
	if tags := getSAML(t, root, arn).Tags; len(tags) != 0 {
		t.Errorf("recreated provider has the deleted one's tags: %v", tags)
	}
}
