package credentials_test

import (
	"bytes"
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
	"github.com/gatehouse-iam/gatehouse/store"
)

func TestCreateServiceSpecificCredential(t *testing.T) {
	t.Parallel()
	s, root := iamtest.RootAt(t, 100*time.Millisecond)
	ctx := t.Context()
	acct := s.AccountID()
	iamtest.MustCreateUser(t, root, "dev")
	tests := []struct {
		name    string
		service string
		days    *int32
		want    types.ServiceSpecificCredential
	}{
		{"CodeCommit", "codecommit.amazonaws.com", nil, types.ServiceSpecificCredential{ServiceName: aws.String("codecommit.amazonaws.com"),
			ServiceUserName: aws.String("dev-at-" + acct)}},
		{"Keyspaces", "cassandra.amazonaws.com", nil, types.ServiceSpecificCredential{ServiceName: aws.String("cassandra.amazonaws.com"),
			ServiceUserName: aws.String("dev-at-" + acct)}},
		{"Bedrock, expiring", "bedrock.amazonaws.com", aws.Int32(30), types.ServiceSpecificCredential{ServiceName: aws.String("bedrock.amazonaws.com"),
			ExpirationDate: aws.Time(iamtest.Created.Add(30 * 24 * time.Hour))}},
		{"Bedrock, forever", "bedrock.amazonaws.com", nil, types.ServiceSpecificCredential{ServiceName: aws.String("bedrock.amazonaws.com")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := root.CreateServiceSpecificCredential(ctx, &awsiam.CreateServiceSpecificCredentialInput{UserName: aws.String("dev"),
				ServiceName: aws.String(tc.service), CredentialAgeDays: tc.days})
			if err != nil {
				t.Fatal(err)
			}
			got := out.ServiceSpecificCredential
			want := tc.want
			want.UserName, want.Status, want.CreateDate = aws.String("dev"), types.StatusTypeActive, aws.Time(iamtest.Created)
			if diff := iamtest.Diff(&want, got, cmpopts.IgnoreFields(
				types.ServiceSpecificCredential{}, "ServiceSpecificCredentialId", "ServicePassword", "ServiceCredentialAlias",
				"ServiceCredentialSecret")); diff != "" {
				t.Errorf("CreateServiceSpecificCredential (-want +got):\n%s", diff)
			}
			id := aws.ToString(got.ServiceSpecificCredentialId)
			if p, ok := arn.IsUniqueID(id); !ok || p != arn.PrefixServiceSpecificCredential {
				t.Errorf("ServiceSpecificCredentialId %q is not an ACCA… unique ID", id)
			}
			secret := aws.ToString(got.ServicePassword)
			if tc.service == "bedrock.amazonaws.com" {
				secret = aws.ToString(got.ServiceCredentialSecret)
				if alias := aws.ToString(got.ServiceCredentialAlias); !strings.HasPrefix(alias, "dev-at-"+acct) {
					t.Errorf("ServiceCredentialAlias %q does not name the user", alias)
				}
				if got.ServicePassword != nil || got.ServiceUserName != nil {
					t.Error("a Bedrock API key has a user name or password")
				}
			} else if len(secret) != 60 || !strings.HasSuffix(secret, "=") {
				t.Errorf("ServicePassword %q: want 60 characters ending in '='", secret)
			}
			// The secret is sealed at rest.
			err = s.Store().View(ctx, func(tx store.Tx) error {
				c, err := tx.ServiceCredentials().Get(ctx, acct, id)
				if err != nil {
					return err
				}
				if len(c.SealedPassword) == 0 || bytes.Contains(c.SealedPassword, []byte(secret)) {
					t.Errorf("stored secret %q is not sealed", c.SealedPassword)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestServiceSpecificCredentialErrors(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	ctx := t.Context()
	iamtest.MustCreateUser(t, root, "dev")
	create := func(user, service string, days *int32) error {
		_, err := root.CreateServiceSpecificCredential(ctx, &awsiam.CreateServiceSpecificCredentialInput{UserName: aws.String(user),
			ServiceName: aws.String(service), CredentialAgeDays: days})
		return err
	}
	for range 2 {
		if err := create("dev", "codecommit.amazonaws.com", nil); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name          string
		err           error
		code, message string
	}{
		{"a third for one service", create("dev", "codecommit.amazonaws.com", nil), "LimitExceeded",
			"Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2"},
		{"unsupported service", create("dev", "s3.amazonaws.com", nil), "NotSupportedService",
			"No such service s3.amazonaws.com is supported for Service Specific Credentials"},
		{"age for a password credential", create("dev", "cassandra.amazonaws.com", aws.Int32(5)), "ValidationError", ""},
		{"age out of the model's range", create("dev", "bedrock.amazonaws.com", aws.Int32(36601)), "ValidationError", ""},
		{"no such user", create("ghost", "codecommit.amazonaws.com", nil), "NoSuchEntity", "The user with name ghost cannot be found."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { stacktest.WantError(t, tc.err, tc.code, tc.message) })
	}
	// Other services still have room.
	if err := create("dev", "cassandra.amazonaws.com", nil); err != nil {
		t.Errorf("a Keyspaces credential beside two CodeCommit ones: %v", err)
	}
	const missing = "ACCAXXXXXXXXXXXXXXXXX"
	_, err := root.UpdateServiceSpecificCredential(ctx, &awsiam.UpdateServiceSpecificCredentialInput{UserName: aws.String("dev"),
		ServiceSpecificCredentialId: aws.String(missing), Status: types.StatusTypeInactive})
	stacktest.WantError(t, err, "NoSuchEntity", "No such credential "+missing+" exists")
	_, err = root.ResetServiceSpecificCredential(ctx, &awsiam.ResetServiceSpecificCredentialInput{UserName: aws.String("dev"),
		ServiceSpecificCredentialId: aws.String(missing)})
	stacktest.WantError(t, err, "NoSuchEntity", "No such credential "+missing+" exists")
	_, err = root.DeleteServiceSpecificCredential(ctx, &awsiam.DeleteServiceSpecificCredentialInput{UserName: aws.String("dev"),
		ServiceSpecificCredentialId: aws.String(missing)})
	stacktest.WantError(t, err, "NoSuchEntity", "No such credential "+missing+" exists")
	_, err = root.ListServiceSpecificCredentials(ctx, &awsiam.ListServiceSpecificCredentialsInput{UserName: aws.String("dev"),
		AllUsers: aws.Bool(true)})
	stacktest.WantError(t, err, "ValidationError", "")
	_, err = root.ListServiceSpecificCredentials(ctx, &awsiam.ListServiceSpecificCredentialsInput{UserName: aws.String("dev"),
		ServiceName: aws.String("s3.amazonaws.com")})
	stacktest.WantError(t, err, "NotSupportedService", "")
	iamtest.Refused(t, root.ListServiceSpecificCredentials, &awsiam.ListServiceSpecificCredentialsInput{},
		"ValidationError", "Must specify userName when calling with non-User credentials")
}

func TestServiceSpecificCredentialLifecycle(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(iamtest.Created)
	s, root := iamtest.Root(t, stacktest.WithClock(clock))
	ctx := t.Context()
	iamtest.MustCreateUser(t, root, "dev")
	iamtest.MustCreateUser(t, root, "ops")
	newCred := func(user, service string, days *int32) *types.ServiceSpecificCredential {
		t.Helper()
		out := iamtest.Must(t, root.CreateServiceSpecificCredential, &awsiam.CreateServiceSpecificCredentialInput{UserName: aws.String(user),
			ServiceName: aws.String(service), CredentialAgeDays: days})
		return out.ServiceSpecificCredential
	}
	git := newCred("dev", "codecommit.amazonaws.com", nil)
	key := newCred("dev", "bedrock.amazonaws.com", aws.Int32(1))
	opsGit := newCred("ops", "codecommit.amazonaws.com", nil)

	// Reset: a new password, the old one gone.
	reset, err := root.ResetServiceSpecificCredential(ctx, &awsiam.ResetServiceSpecificCredentialInput{UserName: aws.String("dev"),
		ServiceSpecificCredentialId: git.ServiceSpecificCredentialId})
	if err != nil {
		t.Fatal(err)
	}
	if p := aws.ToString(reset.ServiceSpecificCredential.ServicePassword); p == "" || p == aws.ToString(git.ServicePassword) {
		t.Errorf("reset password %q, was %q", p, aws.ToString(git.ServicePassword))
	}
	iamtest.Must(t, root.UpdateServiceSpecificCredential, &awsiam.UpdateServiceSpecificCredentialInput{UserName: aws.String("dev"),
		ServiceSpecificCredentialId: git.ServiceSpecificCredentialId, Status: types.StatusTypeInactive})
	// Another user's credential is not found through dev.
	_, err = root.DeleteServiceSpecificCredential(ctx, &awsiam.DeleteServiceSpecificCredentialInput{UserName: aws.String("dev"),
		ServiceSpecificCredentialId: opsGit.ServiceSpecificCredentialId})
	stacktest.WantError(t, err, "NoSuchEntity", "")

	// The API key expires after a day.
	clock.Advance(25 * time.Hour)
	list := func(in *awsiam.ListServiceSpecificCredentialsInput) map[string]types.ServiceSpecificCredentialMetadata {
		t.Helper()
		out, err := root.ListServiceSpecificCredentials(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]types.ServiceSpecificCredentialMetadata{}
		for _, c := range out.ServiceSpecificCredentials {
			m[aws.ToString(c.ServiceSpecificCredentialId)] = c
		}
		return m
	}
	dev := list(&awsiam.ListServiceSpecificCredentialsInput{UserName: aws.String("dev")})
	if len(dev) != 2 {
		t.Fatalf("dev's credentials: %d, want 2", len(dev))
	}
	if got := dev[*git.ServiceSpecificCredentialId]; got.Status != types.StatusTypeInactive ||
		aws.ToString(got.ServiceUserName) != "dev-at-"+s.AccountID() {
		t.Errorf("CodeCommit credential listed as %+v", got)
	}
	if got := dev[*key.ServiceSpecificCredentialId]; got.Status != types.StatusTypeExpired || got.ExpirationDate == nil ||
		aws.ToString(got.ServiceCredentialAlias) != aws.ToString(key.ServiceCredentialAlias) {
		t.Errorf("Bedrock key listed as %+v, want Expired with its alias", got)
	}
	if got := list(&awsiam.ListServiceSpecificCredentialsInput{UserName: aws.String("dev"),
		ServiceName: aws.String("bedrock.amazonaws.com")}); len(got) != 1 {
		t.Errorf("dev's Bedrock keys: %d, want 1", len(got))
	}
	if got := list(&awsiam.ListServiceSpecificCredentialsInput{AllUsers: aws.Bool(true)}); len(got) != 3 {
		t.Errorf("every user's credentials: %d, want 3", len(got))
	}
	if got := list(&awsiam.ListServiceSpecificCredentialsInput{AllUsers: aws.Bool(true),
		ServiceName: aws.String("codecommit.amazonaws.com")}); len(got) != 2 {
		t.Errorf("every user's CodeCommit credentials: %d, want 2", len(got))
	}
	// Pages of one.
	var ids []string
	for _, c := range iamtest.All[types.ServiceSpecificCredentialMetadata](t, root.ListServiceSpecificCredentials,
		&awsiam.ListServiceSpecificCredentialsInput{AllUsers: aws.Bool(true), MaxItems: aws.Int32(1)}) {
		ids = append(ids, aws.ToString(c.ServiceSpecificCredentialId))
	}
	if len(ids) != 3 || !(ids[0] < ids[1] && ids[1] < ids[2]) {
		t.Errorf("paged IDs %v, want three in ID order", ids)
	}

	iamtest.Refused(t, root.DeleteUser, &awsiam.DeleteUserInput{UserName: aws.String("ops")},
		"DeleteConflict", "Cannot delete entity, must delete service-specific credentials first.")
	iamtest.Must(t, root.DeleteServiceSpecificCredential, &awsiam.DeleteServiceSpecificCredentialInput{UserName: aws.String("ops"),
		ServiceSpecificCredentialId: opsGit.ServiceSpecificCredentialId})
	if _, err := root.DeleteUser(ctx, &awsiam.DeleteUserInput{UserName: aws.String("ops")}); err != nil {
		t.Errorf("DeleteUser once the credential is gone: %v", err)
	}

	// A user manages its own credentials without UserName.
	self := s.IAM(s.NewUser(t, "self", stacktest.Policy("Allow", []string{"iam:*ServiceSpecificCredential*"})))
	out, err := self.CreateServiceSpecificCredential(ctx, &awsiam.CreateServiceSpecificCredentialInput{UserName: aws.String("self"),
		ServiceName: aws.String("codecommit.amazonaws.com")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := self.ResetServiceSpecificCredential(ctx, &awsiam.ResetServiceSpecificCredentialInput{
		ServiceSpecificCredentialId: out.ServiceSpecificCredential.ServiceSpecificCredentialId}); err != nil {
		t.Errorf("ResetServiceSpecificCredential without UserName: %v", err)
	}
	if mine, err := self.ListServiceSpecificCredentials(ctx, &awsiam.ListServiceSpecificCredentialsInput{}); err != nil ||
		len(mine.ServiceSpecificCredentials) != 1 {
		t.Errorf("the caller's credentials = %+v, %v", mine, err)
	}
	if _, err := self.DeleteServiceSpecificCredential(ctx, &awsiam.DeleteServiceSpecificCredentialInput{
		ServiceSpecificCredentialId: out.ServiceSpecificCredential.ServiceSpecificCredentialId}); err != nil {
		t.Errorf("DeleteServiceSpecificCredential without UserName: %v", err)
	}
}
