package credentials_test

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// md5Fingerprint is the fingerprint IAM reports: MD5 of the key blob, colon-separated hex.
func md5Fingerprint(t *testing.T, line string) string {
	t.Helper()
	blob, err := base64.StdEncoding.DecodeString(strings.Fields(line)[1])
	if err != nil {
		t.Fatal(err)
	}
	sum := md5.Sum(blob)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02x", b)
	}
	return strings.Join(parts, ":")
}

// rfc4716 writes an OpenSSH line in the SSH2 public key file format, lines of 70 characters.
func rfc4716(line string) string {
	data := strings.Fields(line)[1]
	var b strings.Builder
	b.WriteString("---- BEGIN SSH2 PUBLIC KEY ----\nComment: \"2048-bit RSA, converted by someone \\\n  from OpenSSH\"\n")
	for len(data) > 70 {
		b.WriteString(data[:70] + "\n")
		data = data[70:]
	}
	b.WriteString(data + "\n---- END SSH2 PUBLIC KEY ----\n")
	return b.String()
}

func TestUploadSSHPublicKeyEncodings(t *testing.T) {
	t.Parallel()
	_, root := iamtest.RootAt(t, 250*time.Millisecond)
	ctx := t.Context()
	iamtest.MustCreateUser(t, root, "coder")
	rsaLine := authorizedKey(t, &rsaKey().PublicKey)
	ed := ed25519Key(t)
	edLine := authorizedKey(t, ed.Public())
	ec := ecdsaKey(t)
	ecLine := authorizedKey(t, &ec.PublicKey)
	pkix, err := x509.MarshalPKIXPublicKey(&rsaKey().PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pkcs1PEM := strings.TrimSuffix(string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY",
		Bytes: x509.MarshalPKCS1PublicKey(&rsaKey().PublicKey)})), "\n")
	edPKIX, err := x509.MarshalPKIXPublicKey(ed.Public())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		body    string
		line    string // the key's OpenSSH form, as IAM returns it
		wantPEM string // GetSSHPublicKey with Encoding PEM; "" to check only that it parses
	}{
		{"OpenSSH RSA with a comment", rsaLine + " coder@laptop", rsaLine, pkcs1PEM},
		{"OpenSSH Ed25519", edLine + "\n", edLine, string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: edPKIX}))},
		{"OpenSSH ECDSA P-256", ecLine + " ci", ecLine, ""},
		{"RFC 4716 (SSH2)", rfc4716(rsaLine), rsaLine, pkcs1PEM},
		{"PEM PKCS #1", pkcs1PEM, rsaLine, pkcs1PEM},
		{"PEM PKIX", string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pkix})), rsaLine, pkcs1PEM},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := iamtest.Must(t, root.UploadSSHPublicKey, &awsiam.UploadSSHPublicKeyInput{UserName: aws.String("coder"),
				SSHPublicKeyBody: aws.String(tc.body)})
			want := &types.SSHPublicKey{UserName: aws.String("coder"), Fingerprint: aws.String(md5Fingerprint(t, tc.line)),
				SSHPublicKeyBody: aws.String(tc.line), Status: types.StatusTypeActive, UploadDate: aws.Time(iamtest.Created)}
			if diff := iamtest.Diff(want, out.SSHPublicKey, cmpopts.IgnoreFields(types.SSHPublicKey{}, "SSHPublicKeyId")); diff != "" {
				t.Errorf("UploadSSHPublicKey (-want +got):\n%s", diff)
			}
			id := aws.ToString(out.SSHPublicKey.SSHPublicKeyId)
			if p, ok := arn.IsUniqueID(id); !ok || p != arn.PrefixPublicKey {
				t.Errorf("SSHPublicKeyId %q is not an APKA… unique ID", id)
			}
			got, err := root.GetSSHPublicKey(ctx, &awsiam.GetSSHPublicKeyInput{UserName: aws.String("coder"),
				SSHPublicKeyId: aws.String(id), Encoding: types.EncodingTypeSsh})
			if err != nil {
				t.Fatal(err)
			}
			if diff := iamtest.Diff(out.SSHPublicKey, got.SSHPublicKey); diff != "" {
				t.Errorf("GetSSHPublicKey SSH (-upload +get):\n%s", diff)
			}
			got, err = root.GetSSHPublicKey(ctx, &awsiam.GetSSHPublicKeyInput{UserName: aws.String("coder"),
				SSHPublicKeyId: aws.String(id), Encoding: types.EncodingTypePem})
			if err != nil {
				t.Fatal(err)
			}
			body := aws.ToString(got.SSHPublicKey.SSHPublicKeyBody)
			if tc.wantPEM != "" && body != strings.TrimSuffix(tc.wantPEM, "\n") {
				t.Errorf("GetSSHPublicKey PEM:\n got %q\nwant %q", body, tc.wantPEM)
			}
			if b, _ := pem.Decode([]byte(body)); b == nil {
				t.Errorf("GetSSHPublicKey PEM body %q is not PEM", body)
			}
			iamtest.Must(t, root.DeleteSSHPublicKey, &awsiam.DeleteSSHPublicKeyInput{UserName: aws.String("coder"),
				SSHPublicKeyId: aws.String(id)})
		})
	}
}

func TestUploadSSHPublicKeyErrors(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	ctx := t.Context()
	iamtest.MustCreateUser(t, root, "coder")
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	edLine := authorizedKey(t, ed25519Key(t).Public())
	iamtest.Must(t, root.UploadSSHPublicKey, &awsiam.UploadSSHPublicKeyInput{UserName: aws.String("coder"),
		SSHPublicKeyBody: aws.String(edLine)})
	blob := strings.Fields(edLine)[1]
	upload := func(user, body string) *awsiam.UploadSSHPublicKeyInput {
		return &awsiam.UploadSSHPublicKeyInput{UserName: aws.String(user), SSHPublicKeyBody: aws.String(body)}
	}
	iamtest.Rejects(t, root.UploadSSHPublicKey, []iamtest.Reject[awsiam.UploadSSHPublicKeyInput]{
		{"not a key", upload("coder", "hello world"), "UnrecognizedPublicKeyEncoding",
			"The public key encoding format is unsupported or unrecognized."},
		{"a private key", upload("coder", "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----"),
			"UnrecognizedPublicKeyEncoding", ""},
		{"two keys", upload("coder", edLine+"\n"+edLine), "UnrecognizedPublicKeyEncoding", ""},
		{"bad base64", upload("coder", "ssh-rsa !!!notbase64"), "InvalidPublicKey", ""},
		{"type does not match the data", upload("coder", "ssh-rsa "+blob), "InvalidPublicKey", ""},
		{"RSA under 2048 bits", upload("coder", authorizedKey(t, &small.PublicKey)), "InvalidPublicKey",
			"The public key is invalid: RSA keys must be at least 2048 bits long."},
		{"DSA", upload("coder", "ssh-dss "+base64.StdEncoding.EncodeToString([]byte("\x00\x00\x00\x07ssh-dss"))), "InvalidPublicKey", ""},
		{"duplicate", upload("coder", edLine+" same key, other comment"), "DuplicateSSHPublicKey", ""},
		{"no such user", upload("ghost", edLine), "NoSuchEntity", "The user with name ghost cannot be found."},
	})
	// Four more keys reach the quota of five; the sixth is refused.
	for range 4 {
		iamtest.Must(t, root.UploadSSHPublicKey, &awsiam.UploadSSHPublicKeyInput{UserName: aws.String("coder"),
			SSHPublicKeyBody: aws.String(authorizedKey(t, ed25519Key(t).Public()))})
	}
	_, err = root.UploadSSHPublicKey(ctx, &awsiam.UploadSSHPublicKeyInput{UserName: aws.String("coder"),
		SSHPublicKeyBody: aws.String(authorizedKey(t, ed25519Key(t).Public()))})
	stacktest.WantError(t, err, "LimitExceeded", "Cannot exceed quota for SSHPublicKeysPerUser: 5")
	iamtest.Listed(t, "after the failed uploads", root.ListSSHPublicKeys, &awsiam.ListSSHPublicKeysInput{UserName: aws.String("coder")}, 5)
}

func TestSSHPublicKeyLifecycle(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	iamtest.MustCreateUser(t, root, "coder")
	var ids []string
	for range 3 {
		out := iamtest.Must(t, root.UploadSSHPublicKey, &awsiam.UploadSSHPublicKeyInput{UserName: aws.String("coder"),
			SSHPublicKeyBody: aws.String(authorizedKey(t, ed25519Key(t).Public()))})
		ids = append(ids, aws.ToString(out.SSHPublicKey.SSHPublicKeyId))
	}
	iamtest.Must(t, root.UpdateSSHPublicKey, &awsiam.UpdateSSHPublicKeyInput{UserName: aws.String("coder"),
		SSHPublicKeyId: aws.String(ids[1]), Status: types.StatusTypeInactive})
	// Pages of two, in key ID order.
	var got []string
	status := map[string]types.StatusType{}
	for _, k := range iamtest.All[types.SSHPublicKeyMetadata](t, root.ListSSHPublicKeys,
		&awsiam.ListSSHPublicKeysInput{UserName: aws.String("coder"), MaxItems: aws.Int32(2)}) {
		got = append(got, aws.ToString(k.SSHPublicKeyId))
		status[aws.ToString(k.SSHPublicKeyId)] = k.Status
		if aws.ToString(k.UserName) != "coder" || k.UploadDate == nil {
			t.Errorf("listed key %+v lacks its user or upload date", k)
		}
	}
	want := append([]string(nil), ids...)
	slices.Sort(want)
	if diff := iamtest.Diff(want, got); diff != "" {
		t.Errorf("ListSSHPublicKeys pages (-want +got):\n%s", diff)
	}
	if status[ids[1]] != types.StatusTypeInactive || status[ids[0]] != types.StatusTypeActive {
		t.Errorf("statuses %v, want %s Inactive and the others Active", status, ids[1])
	}

	missing := "APKAXXXXXXXXXXXXXXXXX"
	_, err := root.GetSSHPublicKey(ctx, &awsiam.GetSSHPublicKeyInput{UserName: aws.String("coder"), SSHPublicKeyId: aws.String(missing),
		Encoding: types.EncodingTypeSsh})
	stacktest.WantError(t, err, "NoSuchEntity", "The Public Key with id "+missing+" cannot be found.")
	_, err = root.UpdateSSHPublicKey(ctx, &awsiam.UpdateSSHPublicKeyInput{UserName: aws.String("coder"), SSHPublicKeyId: aws.String(missing),
		Status: types.StatusTypeInactive})
	stacktest.WantError(t, err, "NoSuchEntity", "The Public Key with id "+missing+" cannot be found.")
	_, err = root.UpdateSSHPublicKey(ctx, &awsiam.UpdateSSHPublicKeyInput{UserName: aws.String("coder"), SSHPublicKeyId: aws.String(ids[0]),
		Status: types.StatusTypeExpired})
	stacktest.WantError(t, err, "ValidationError", "")
	iamtest.Refused(t, root.DeleteSSHPublicKey, &awsiam.DeleteSSHPublicKeyInput{UserName: aws.String("coder"), SSHPublicKeyId: aws.String(missing)},
		"NoSuchEntity", "The Public Key with id "+missing+" cannot be found.")

	// Another user's key is not found through this user.
	iamtest.MustCreateUser(t, root, "other")
	_, err = root.GetSSHPublicKey(ctx, &awsiam.GetSSHPublicKeyInput{UserName: aws.String("other"), SSHPublicKeyId: aws.String(ids[0]),
		Encoding: types.EncodingTypeSsh})
	stacktest.WantError(t, err, "NoSuchEntity", "The Public Key with id "+ids[0]+" cannot be found.")

	iamtest.Refused(t, root.DeleteUser, &awsiam.DeleteUserInput{UserName: aws.String("coder")},
		"DeleteConflict", "Cannot delete entity, must delete SSH public keys first.")
	for _, id := range ids {
		iamtest.Must(t, root.DeleteSSHPublicKey, &awsiam.DeleteSSHPublicKeyInput{UserName: aws.String("coder"),
			SSHPublicKeyId: aws.String(id)})
	}
	out, err := root.ListSSHPublicKeys(ctx, &awsiam.ListSSHPublicKeysInput{UserName: aws.String("coder")})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.SSHPublicKeys) != 0 || out.IsTruncated {
		t.Errorf("ListSSHPublicKeys after deleting every key = %+v", out)
	}
	// The caller's own keys, without UserName; root has none.
	self := s.IAM(s.NewUser(t, "self", stacktest.Policy("Allow", []string{"iam:ListSSHPublicKeys"})))
	if out, err := self.ListSSHPublicKeys(ctx, &awsiam.ListSSHPublicKeysInput{}); err != nil || len(out.SSHPublicKeys) != 0 {
		t.Errorf("ListSSHPublicKeys of the caller = %+v, %v", out, err)
	}
	if out, err := root.ListSSHPublicKeys(ctx, &awsiam.ListSSHPublicKeysInput{}); err != nil || len(out.SSHPublicKeys) != 0 {
		t.Errorf("ListSSHPublicKeys of root = %+v, %v", out, err)
	}
}
