package users_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

func TestAccessKeyLifecycle(t *testing.T) {
	t.Parallel()
	s, root := iamtest.RootAt(t, 0)
	ctx := t.Context()
	user := s.NewUser(t, "alice", stacktest.Policy("Allow", []string{"iam:GetUser"}))
	alice := s.IAM(user)

	// Second key fine, third over the quota.
	second, err := root.CreateAccessKey(ctx, &awsiam.CreateAccessKeyInput{UserName: aws.String("alice")})
	if err != nil {
		t.Fatal(err)
	}
	k := second.AccessKey
	if !arn.IsAccessKeyID(aws.ToString(k.AccessKeyId)) || len(aws.ToString(k.SecretAccessKey)) != 40 ||
		k.Status != types.StatusTypeActive || aws.ToString(k.UserName) != "alice" || !aws.ToTime(k.CreateDate).Equal(iamtest.Created) {
		t.Errorf("CreateAccessKey = %+v", k)
	}
	iamtest.Refused(t, root.CreateAccessKey, &awsiam.CreateAccessKeyInput{UserName: aws.String("alice")},
		"LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2")

	list, err := root.ListAccessKeys(ctx, &awsiam.ListAccessKeysInput{UserName: aws.String("alice")})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range list.AccessKeyMetadata {
		ids = append(ids, aws.ToString(m.AccessKeyId))
		if aws.ToString(m.UserName) != "alice" || m.Status != types.StatusTypeActive {
			t.Errorf("ListAccessKeys entry %+v", m)
		}
	}
	if !cmp.Equal(len(ids), 2) {
		t.Fatalf("ListAccessKeys = %v, want 2 keys", ids)
	}

	// Inactive stops the key at once; Active brings it back.
	setStatus := func(st types.StatusType) {
		t.Helper()
		iamtest.Must(t, root.UpdateAccessKey, &awsiam.UpdateAccessKeyInput{UserName: aws.String("alice"),
			AccessKeyId: aws.String(user.AccessKeyID), Status: st})
	}
	iamtest.Must(t, alice.GetUser, &awsiam.GetUserInput{})
	setStatus(types.StatusTypeInactive)
	iamtest.Refused(t, alice.GetUser, &awsiam.GetUserInput{},
		"InvalidClientTokenId", "The security token included in the request is invalid.")
	setStatus(types.StatusTypeActive)
	iamtest.Must(t, alice.GetUser, &awsiam.GetUserInput{})

	// A key of another user is not found under this one.
	iamtest.MustCreateUser(t, root, "bob")
	_, err = root.UpdateAccessKey(ctx, &awsiam.UpdateAccessKeyInput{UserName: aws.String("bob"),
		AccessKeyId: aws.String(user.AccessKeyID), Status: types.StatusTypeInactive})
	stacktest.WantError(t, err, "NoSuchEntity", "The Access Key with id "+user.AccessKeyID+" cannot be found.")
	_, err = root.DeleteAccessKey(ctx, &awsiam.DeleteAccessKeyInput{UserName: aws.String("alice"),
		AccessKeyId: aws.String("AKIAAAAAAAAAAAAAAAAA")})
	stacktest.WantError(t, err, "NoSuchEntity", "The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found.")

	// Deleted: stops at once.
	iamtest.Must(t, root.DeleteAccessKey, &awsiam.DeleteAccessKeyInput{UserName: aws.String("alice"),
		AccessKeyId: aws.String(user.AccessKeyID)})
	iamtest.Refused(t, alice.GetUser, &awsiam.GetUserInput{}, "InvalidClientTokenId", "")
}

func TestRootAccessKeysWithoutUserName(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	out := iamtest.Must(t, root.CreateAccessKey, &awsiam.CreateAccessKeyInput{})
	second := stacktest.Credentials{AccessKeyID: aws.ToString(out.AccessKey.AccessKeyId),
		SecretAccessKey: aws.ToString(out.AccessKey.SecretAccessKey)}
	id, err := s.STS(second).GetCallerIdentity(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(id.Arn) != s.Root().ARN {
		t.Errorf("second root key authenticates %s, want %s", aws.ToString(id.Arn), s.Root().ARN)
	}
	iamtest.Refused(t, root.CreateAccessKey, &awsiam.CreateAccessKeyInput{},
		"LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2")
	list, err := root.ListAccessKeys(ctx, &awsiam.ListAccessKeysInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.AccessKeyMetadata) != 2 {
		t.Errorf("root has %d keys, want 2", len(list.AccessKeyMetadata))
	}
	// A user's key is not a root key.
	user := s.NewUser(t, "u")
	iamtest.Refused(t, root.DeleteAccessKey, &awsiam.DeleteAccessKeyInput{AccessKeyId: aws.String(user.AccessKeyID)}, "NoSuchEntity", "")
}

func TestUserManagesOwnKeys(t *testing.T) {
	t.Parallel()
	s, _ := iamtest.Root(t)
	ctx := t.Context()
	self := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*AccessKey*"],"Resource":"arn:aws:iam::*:user/${aws:username}"}]}`
	user := s.NewUser(t, "alice", self)
	c := s.IAM(user)
	out, err := c.CreateAccessKey(ctx, &awsiam.CreateAccessKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.AccessKey.UserName) != "alice" {
		t.Errorf("key made for %q, want alice", aws.ToString(out.AccessKey.UserName))
	}
	s.NewUser(t, "bob")
	iamtest.Refused(t, c.ListAccessKeys, &awsiam.ListAccessKeysInput{UserName: aws.String("bob")}, "AccessDenied", "")
}

func TestGetAccessKeyLastUsed(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(iamtest.Created)
	s, root := iamtest.Root(t, stacktest.WithClock(clock))
	ctx := t.Context()
	user := s.NewUser(t, "alice")

	out := iamtest.Must(t, root.GetAccessKeyLastUsed, &awsiam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String(user.AccessKeyID)})
	want := &types.AccessKeyLastUsed{ServiceName: aws.String("N/A"), Region: aws.String("N/A")}
	if diff := iamtest.Diff(want, out.AccessKeyLastUsed); diff != "" || aws.ToString(out.UserName) != "alice" {
		t.Errorf("never used (-want +got):\n%s (user %q)", diff, aws.ToString(out.UserName))
	}

	clock.Advance(time.Hour)
	if _, err := s.STS(user).GetCallerIdentity(ctx, nil); err != nil {
		t.Fatal(err)
	}
	out, err := root.GetAccessKeyLastUsed(ctx, &awsiam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String(user.AccessKeyID)})
	if err != nil {
		t.Fatal(err)
	}
	want = &types.AccessKeyLastUsed{ServiceName: aws.String("sts"), Region: aws.String(stacktest.Region),
		LastUsedDate: aws.Time(iamtest.Created.Add(time.Hour))}
	if diff := iamtest.Diff(want, out.AccessKeyLastUsed); diff != "" {
		t.Errorf("after use (-want +got):\n%s", diff)
	}

	_, err = root.GetAccessKeyLastUsed(ctx, &awsiam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String("AKIAAAAAAAAAAAAAAAAA")})
	stacktest.WantError(t, err, "AccessDenied", "User: "+s.Root().ARN+
		" is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key AKIAAAAAAAAAAAAAAAAA")
}

func TestSecretsSealedAtRest(t *testing.T) {
	t.Parallel()
	s, _ := iamtest.Root(t)
	user := s.NewUser(t, "alice")
	var k store.AccessKey
	err := s.Store().View(t.Context(), func(tx store.Tx) error {
		var err error
		k, err = tx.AccessKeys().Get(t.Context(), user.AccessKeyID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(k.SealedSecret) == 0 || bytes.Contains(k.SealedSecret, []byte(user.SecretAccessKey)) {
		t.Errorf("stored secret column holds the plaintext secret (or nothing): %q", k.SealedSecret)
	}
	sealed, err := s.Seal(user.SecretAccessKey, user.AccessKeyID)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(sealed, k.SealedSecret) {
		t.Errorf("two seals of one secret are equal: nonces are not random")
	}
}
