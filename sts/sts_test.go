package sts_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

func TestGetCallerIdentity(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t, stacktest.WithAccountID("123456789012"))
	denyAll := stacktest.Policy("Deny", []string{"*"})
	user := s.NewUser(t, "alice", denyAll)
	tests := []struct {
		name  string
		creds stacktest.Credentials
		want  []string // UserId, Account, Arn
	}{
		{"root", s.Root(), []string{"123456789012", "123456789012", "arn:aws:iam::123456789012:root"}},
		// Always allowed to an authenticated caller, even against an explicit deny of everything.
		{"user denied everything", user, []string{"", "123456789012", "arn:aws:iam::123456789012:user/alice"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := s.STS(tc.creds).GetCallerIdentity(context.Background(), &awssts.GetCallerIdentityInput{})
			if err != nil {
				t.Fatal(err)
			}
			got := []string{aws.ToString(out.UserId), aws.ToString(out.Account), aws.ToString(out.Arn)}
			if tc.want[0] == "" {
				tc.want[0] = got[0]
				if len(got[0]) != 21 || got[0][:4] != "AIDA" {
					t.Errorf("UserId %q is not a user ID", got[0])
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("GetCallerIdentity (-want +got):\n%s", diff)
			}
		})
	}
}

func TestGetAccessKeyInfo(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	other := s.NewAccount(t)
	user := s.NewUser(t, "alice")
	tests := []struct {
		name, key, want string
	}{
		{"own root key", s.Root().AccessKeyID, s.AccountID()},
		{"a user's key", user.AccessKeyID, s.AccountID()},
		{"another account's key", other.AccessKeyID, other.AccountID},
		// Unknown keys are decoded as AWS encodes accounts in key IDs (example from AWS's
		// "Access key IDs" documentation of GetAccessKeyInfo).
		{"unknown key", "ASIAY34FZKBOKMUTVV7A", "609629065308"},
	}
	client := s.STS(s.Root())
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := client.GetAccessKeyInfo(context.Background(), &awssts.GetAccessKeyInfoInput{AccessKeyId: aws.String(tc.key)})
			if err != nil {
				t.Fatal(err)
			}
			if got := aws.ToString(out.Account); got != tc.want {
				t.Errorf("Account = %s, want %s", got, tc.want)
			}
		})
	}
	_, err := s.STS(user).GetAccessKeyInfo(context.Background(), &awssts.GetAccessKeyInfoInput{AccessKeyId: aws.String(user.AccessKeyID)})
	if code := stacktest.ErrorCode(err); code != "AccessDenied" {
		t.Errorf("user without sts:GetAccessKeyInfo: %v, want AccessDenied", err)
	}
}
