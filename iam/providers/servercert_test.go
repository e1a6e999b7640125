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
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// expires is when the test certificates expire.
var expires = time.Date(2029, 7, 4, 10, 20, 30, 0, time.UTC)

func upload(t *testing.T, c *awsiam.Client, name, path string, tags ...types.Tag) *types.ServerCertificateMetadata {
	t.Helper()
	ctx := t.Context()
	crt := selfSigned(t, name+".example.com", expires)
	in := &awsiam.UploadServerCertificateInput{ServerCertificateName: aws.String(name), CertificateBody: aws.String(crt.pem),
		PrivateKey: aws.String(crt.key.pem), Tags: tags}
	if path != "" {
		in.Path = aws.String(path)
	}
	out, err := c.UploadServerCertificate(ctx, in)
	if err != nil {
		t.Fatalf("UploadServerCertificate %s: %v", name, err)
	}
	return out.ServerCertificateMetadata
}

func getCert(t *testing.T, c *awsiam.Client, name string) *types.ServerCertificate {
	t.Helper()
	out := iamtest.Must(t, c.GetServerCertificate, &awsiam.GetServerCertificateInput{ServerCertificateName: aws.String(name)})
	return out.ServerCertificate
}

var ignoreCertID = cmpopts.IgnoreFields(types.ServerCertificateMetadata{}, "ServerCertificateId")

func TestUploadServerCertificate(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.RootAt(t, 250*time.Millisecond)
	acct := s.AccountID()
	rootCA := issue(t, "Test Root CA", rsaKey(t), nil, expires.AddDate(5, 0, 0), true)
	intermediate := issue(t, "Test Intermediate", ecKey(t), &rootCA, expires.AddDate(1, 0, 0), true)
	leaf := issue(t, "www.example.com", rsaKey(t), &intermediate, expires, false)
	ecLeaf := issue(t, "ec.example.com", ecKey(t), &rootCA, expires, false)
	self := selfSigned(t, "self.example.com", expires)
	tests := []struct {
		name      string
		in        *awsiam.UploadServerCertificateInput
		wantPath  string
		wantChain *string
		wantTags  []types.Tag
	}{
		{"self-signed, PKCS #1 key, default path", &awsiam.UploadServerCertificateInput{ServerCertificateName: aws.String("self"),
			CertificateBody: aws.String(self.pem), PrivateKey: aws.String(self.key.pem)}, "/", nil, nil},
		{"chain of intermediate and root, PKCS #8 key, path", &awsiam.UploadServerCertificateInput{ServerCertificateName: aws.String("www"),
			Path: aws.String("/cloudfront/prod/"), CertificateBody: aws.String(leaf.pem), PrivateKey: aws.String(leaf.key.pkcs8(t)),
			CertificateChain: aws.String(intermediate.pem + rootCA.pem)}, "/cloudfront/prod/", aws.String(intermediate.pem + rootCA.pem), nil},
		{"ECDSA key, chain of the issuer only", &awsiam.UploadServerCertificateInput{ServerCertificateName: aws.String("ec"),
			CertificateBody: aws.String(ecLeaf.pem), PrivateKey: aws.String(ecLeaf.key.pem), CertificateChain: aws.String(rootCA.pem),
			Tags: []types.Tag{tag("team", "edge")}}, "/", aws.String(rootCA.pem), []types.Tag{tag("team", "edge")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := root.UploadServerCertificate(ctx, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			name := aws.ToString(tc.in.ServerCertificateName)
			want := &types.ServerCertificateMetadata{Path: aws.String(tc.wantPath), ServerCertificateName: aws.String(name),
				Arn: aws.String("arn:aws:iam::" + acct + ":server-certificate" + tc.wantPath + name), UploadDate: aws.Time(iamtest.Created),
				Expiration: aws.Time(expires)}
			if diff := cmp.Diff(want, out.ServerCertificateMetadata, ignoreUnexported, ignoreCertID); diff != "" {
				t.Errorf("UploadServerCertificate (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantTags, out.Tags, ignoreUnexported); diff != "" {
				t.Errorf("UploadServerCertificate Tags (-want +got):\n%s", diff)
			}
			if p, ok := arn.IsUniqueID(aws.ToString(out.ServerCertificateMetadata.ServerCertificateId)); !ok || p != arn.PrefixServerCertificate {
				t.Errorf("ServerCertificateId %q is not an ASCA… unique ID", aws.ToString(out.ServerCertificateMetadata.ServerCertificateId))
			}
			wantTags := tc.wantTags
			if wantTags == nil {
				wantTags = []types.Tag{}
			}
			wantGet := &types.ServerCertificate{ServerCertificateMetadata: out.ServerCertificateMetadata,
				CertificateBody: tc.in.CertificateBody, CertificateChain: tc.wantChain, Tags: wantTags}
			if diff := cmp.Diff(wantGet, getCert(t, root, name), ignoreUnexported); diff != "" {
				t.Errorf("GetServerCertificate (-want +got):\n%s", diff)
			}
		})
	}

	// The private key is sealed at rest and never answered.
	var stored store.ServerCertificate
	err := s.Store().View(ctx, func(tx store.Tx) error {
		var err error
		stored, err = tx.ServerCertificates().Get(ctx, acct, "self")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(stored.SealedPrivateKey) == 0 || bytes.Contains(stored.SealedPrivateKey, []byte("PRIVATE KEY")) {
		t.Errorf("stored private key is not sealed")
	}
}

func TestUploadServerCertificateErrors(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	upload(t, root, "taken", "")
	good := selfSigned(t, "good.example.com", expires)
	other := rsaKey(t)
	rootCA := issue(t, "Root", rsaKey(t), nil, expires.AddDate(1, 0, 0), true)
	intermediate := issue(t, "Intermediate", rsaKey(t), &rootCA, expires.AddDate(1, 0, 0), true)
	leaf := issue(t, "leaf.example.com", rsaKey(t), &intermediate, expires, false)
	unrelated := issue(t, "Unrelated", rsaKey(t), nil, expires, true)
	encrypted := "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\nAAAA\n-----END RSA PRIVATE KEY-----\n"
	in := func(name, body, key string, chain *string) *awsiam.UploadServerCertificateInput {
		return &awsiam.UploadServerCertificateInput{ServerCertificateName: aws.String(name), CertificateBody: aws.String(body),
			PrivateKey: aws.String(key), CertificateChain: chain}
	}
	const chainMsg = "Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, " +
		"followed by any intermediaries in order. The index within the chain of the invalid certificate is: "
	tests := []iamtest.Reject[awsiam.UploadServerCertificateInput]{
		{"body not PEM", in("x", "not a certificate", good.key.pem, nil), "MalformedCertificate",
			"Unable to parse certificate. Please ensure the certificate is in PEM format."},
		{"body PEM but not X.509", in("x", "-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----\n", good.key.pem, nil),
			"MalformedCertificate", "Unable to parse certificate. Please ensure the certificate is in PEM format."},
		{"key not PEM", in("x", good.pem, "not a key", nil), "MalformedCertificate", ""},
		{"key encrypted", in("x", good.pem, encrypted, nil), "MalformedCertificate", ""},
		{"key of another certificate", in("x", good.pem, other.pem, nil), "KeyPairMismatch", ""},
		{"chain missing the intermediate", in("x", leaf.pem, leaf.key.pem, aws.String(rootCA.pem)), "MalformedCertificate", chainMsg + "-1"},
		{"chain out of order", in("x", leaf.pem, leaf.key.pem, aws.String(rootCA.pem+intermediate.pem)), "MalformedCertificate", chainMsg + "-1"},
		{"chain with an unrelated second certificate", in("x", leaf.pem, leaf.key.pem, aws.String(intermediate.pem+unrelated.pem)),
			"MalformedCertificate", chainMsg + "0"},
		{"chain not PEM", in("x", leaf.pem, leaf.key.pem, aws.String("garbage")), "MalformedCertificate", chainMsg + "0"},
		{"name taken, ignoring case", in("TAKEN", good.pem, good.key.pem, nil), "EntityAlreadyExists",
			"The Server Certificate with name TAKEN already exists."},
		{"name pattern (model)", in("has space", good.pem, good.key.pem, nil), "ValidationError", ""},
		{"duplicate tag keys", &awsiam.UploadServerCertificateInput{ServerCertificateName: aws.String("x"), CertificateBody: aws.String(good.pem),
			PrivateKey: aws.String(good.key.pem), Tags: []types.Tag{tag("a", "1"), tag("A", "2")}}, "InvalidInput",
			"Duplicate tag keys found. Please note that Tag keys are case insensitive."},
	}
	iamtest.Rejects(t, root.UploadServerCertificate, tests)
	iamtest.Listed(t, "after failed uploads", root.ListServerCertificates, &awsiam.ListServerCertificatesInput{}, 1)
}

func TestServerCertificateQuota(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, root := iamtest.Root(t)
	crt := selfSigned(t, "quota.example.com", expires)
	for i := range 20 {
		iamtest.Must(t, root.UploadServerCertificate, &awsiam.UploadServerCertificateInput{ServerCertificateName: aws.String(fmt.Sprint("c", i)),
			CertificateBody: aws.String(crt.pem), PrivateKey: aws.String(crt.key.pem)})
	}
	_, err := root.UploadServerCertificate(ctx, &awsiam.UploadServerCertificateInput{ServerCertificateName: aws.String("c20"),
		CertificateBody: aws.String(crt.pem), PrivateKey: aws.String(crt.key.pem)})
	stacktest.WantError(t, err, "LimitExceeded", "Cannot exceed quota for ServerCertificatesPerAccount: 20")
}

func TestListServerCertificates(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	for _, c := range []struct{ name, path string }{{"delta", "/cloudfront/"}, {"Alpha", ""}, {"charlie", "/cloudfront/prod/"},
		{"bravo", "/elb/"}, {"echo", "/cloudfront/prod/"}} {
		upload(t, root, c.name, c.path)
	}
	list := func(t *testing.T, prefix string, max int32) []string {
		t.Helper()
		in := &awsiam.ListServerCertificatesInput{}
		if prefix != "" {
			in.PathPrefix = aws.String(prefix)
		}
		if max > 0 {
			in.MaxItems = aws.Int32(max)
		}
		var names []string
		for _, m := range iamtest.All[types.ServerCertificateMetadata](t, root.ListServerCertificates, in) {
			names = append(names, aws.ToString(m.ServerCertificateName))
		}
		return names
	}
	tests := []struct {
		name   string
		prefix string
		max    int32
		want   []string
	}{
		{"all, ordered by name ignoring case", "", 0, []string{"Alpha", "bravo", "charlie", "delta", "echo"}},
		{"pages of 2", "", 2, []string{"Alpha", "bravo", "charlie", "delta", "echo"}},
		{"path prefix", "/cloudfront/", 0, []string{"charlie", "delta", "echo"}},
		{"deeper prefix in pages of 1", "/cloudfront/prod/", 1, []string{"charlie", "echo"}},
		{"no match", "/nothing/", 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, list(t, tc.prefix, tc.max)); diff != "" {
				t.Errorf("ListServerCertificates (-want +got):\n%s", diff)
			}
		})
	}
	iamtest.Refused(t, root.ListServerCertificates, &awsiam.ListServerCertificatesInput{Marker: aws.String("!!")},
		"ValidationError", "Invalid Marker.")
}

func TestUpdateAndDeleteServerCertificate(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, root := iamtest.Root(t)
	acct := s.AccountID()
	orig := upload(t, root, "old", "/a/", tag("k", "v"))
	upload(t, root, "other", "")
	rename := func(name string, newName, newPath *string) error {
		_, err := root.UpdateServerCertificate(ctx, &awsiam.UpdateServerCertificateInput{ServerCertificateName: aws.String(name),
			NewServerCertificateName: newName, NewPath: newPath})
		return err
	}
	if err := rename("old", aws.String("new"), aws.String("/b/c/")); err != nil {
		t.Fatal(err)
	}
	got := getCert(t, root, "new")
	want := &types.ServerCertificateMetadata{Path: aws.String("/b/c/"), ServerCertificateName: aws.String("new"),
		ServerCertificateId: orig.ServerCertificateId, Arn: aws.String("arn:aws:iam::" + acct + ":server-certificate/b/c/new"),
		UploadDate: orig.UploadDate, Expiration: orig.Expiration}
	if diff := cmp.Diff(want, got.ServerCertificateMetadata, ignoreUnexported); diff != "" {
		t.Errorf("after rename (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]types.Tag{tag("k", "v")}, got.Tags, ignoreUnexported); diff != "" {
		t.Errorf("tags after rename (-want +got):\n%s", diff)
	}
	if err := rename("NEW", nil, aws.String("/")); err != nil {
		t.Fatalf("moving by name in another case: %v", err)
	}
	if err := rename("new", aws.String("New"), nil); err != nil {
		t.Fatalf("renaming to another case of the same name: %v", err)
	}
	if p := aws.ToString(getCert(t, root, "new").ServerCertificateMetadata.Path); p != "/" {
		t.Errorf("path = %q, want /", p)
	}
	stacktest.WantError(t, rename("New", aws.String("OTHER"), nil), "EntityAlreadyExists", "The Server Certificate with name OTHER already exists.")
	stacktest.WantError(t, rename("old", aws.String("x"), nil), "NoSuchEntity", "The Server Certificate with name old cannot be found.")

	iamtest.Must(t, root.DeleteServerCertificate, &awsiam.DeleteServerCertificateInput{ServerCertificateName: aws.String("new")})
	for op, call := range map[string]func() error{
		"Get": func() error {
			_, err := root.GetServerCertificate(ctx, &awsiam.GetServerCertificateInput{ServerCertificateName: aws.String("new")})
			return err
		},
		"Delete": func() error {
			_, err := root.DeleteServerCertificate(ctx, &awsiam.DeleteServerCertificateInput{ServerCertificateName: aws.String("new")})
			return err
		},
		"Tag": func() error {
			_, err := root.TagServerCertificate(ctx, &awsiam.TagServerCertificateInput{ServerCertificateName: aws.String("new"),
				Tags: []types.Tag{tag("a", "b")}})
			return err
		},
		"Untag": func() error {
			_, err := root.UntagServerCertificate(ctx, &awsiam.UntagServerCertificateInput{ServerCertificateName: aws.String("new"),
				TagKeys: []string{"a"}})
			return err
		},
		"ListTags": func() error {
			_, err := root.ListServerCertificateTags(ctx, &awsiam.ListServerCertificateTagsInput{ServerCertificateName: aws.String("new")})
			return err
		},
	} {
		err := call()
		if stacktest.ErrorCode(err) != "NoSuchEntity" || stacktest.ErrorMessage(err) != "The Server Certificate with name new cannot be found." {
			t.Errorf("%s of a deleted certificate: %v", op, err)
		}
	}
	// Deleting freed a quota slot and the name; a new certificate has no tags.
	upload(t, root, "new", "")
	if tags := getCert(t, root, "new").Tags; len(tags) != 0 {
		t.Errorf("new certificate has the deleted one's tags: %v", tags)
	}
}

// TestServerCertificateTagsByName: the tagging operations find a certificate by its name in any
// case, as the other operations do; GetServerCertificate answers its tags but never its private
// key (the tagging operations' cases are iam's TestTagging).
func TestServerCertificateTagsByName(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	upload(t, root, "web", "", manyTags(0, 5)...)
	iamtest.Must(t, root.TagServerCertificate, &awsiam.TagServerCertificateInput{ServerCertificateName: aws.String("WEB"),
		Tags: []types.Tag{tag("K04", "four"), tag("z", "last")}})
	iamtest.Must(t, root.UntagServerCertificate, &awsiam.UntagServerCertificateInput{ServerCertificateName: aws.String("Web"),
		TagKeys: []string{"K00", "nothing"}})
	want := append(manyTags(1, 4), tag("K04", "four"), tag("z", "last"))
	out := iamtest.Must(t, root.ListServerCertificateTags, &awsiam.ListServerCertificateTagsInput{ServerCertificateName: aws.String("wEB")})
	if diff := cmp.Diff(want, out.Tags, ignoreUnexported); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	got := getCert(t, root, "web")
	if diff := cmp.Diff(want, got.Tags, ignoreUnexported); diff != "" {
		t.Errorf("GetServerCertificate tags (-want +got):\n%s", diff)
	}
	if strings.Contains(fmt.Sprint(got), "PRIVATE KEY") {
		t.Errorf("GetServerCertificate reveals the private key")
	}
}
