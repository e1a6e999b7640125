package sts_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/totp"
)

// doc builds a policy document from statements.
func doc(statements ...map[string]any) string {
	b, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// stmt is one statement; extra adds members (Condition, Principal, …).
func stmt(effect string, actions any, resources any, extra ...any) map[string]any {
	s := map[string]any{"Effect": effect, "Action": actions}
	if resources != nil {
		s["Resource"] = resources
	}
	for i := 0; i+1 < len(extra); i += 2 {
		s[extra[i].(string)] = extra[i+1]
	}
	return s
}

// trust is a trust policy allowing principal (an ARN or account) actions, with conditions.
func trust(principal string, actions []string, condition map[string]any) string {
	extra := []any{"Principal", map[string]any{"AWS": principal}}
	if condition != nil {
		extra = append(extra, "Condition", condition)
	}
	return doc(stmt("Allow", actions, nil, extra...))
}

var assume = []string{"sts:AssumeRole"}

// roleSpec describes a role for newRole.
type roleSpec struct {
	account    string // "" for the stack's account
	name, path string
	trust      string
	policies   []string // inline permissions policies
	maxSession int      // seconds; 0 for 3600
	tags       []store.Tag
}

// newRole creates a role directly in the store (the roles family's CreateRole is built in
// parallel) and returns its ARN and ID.
func newRole(t testing.TB, s *stacktest.Stack, r roleSpec) (string, string) {
	t.Helper()
	ctx := context.Background()
	if r.account == "" {
		r.account = s.AccountID()
	}
	if r.path == "" {
		r.path = "/"
	}
	if r.maxSession == 0 {
		r.maxSession = 3600
	}
	id, err := arn.NewUniqueID(rand.Reader, arn.PrefixRole)
	if err != nil {
		t.Fatal(err)
	}
	roleARN := "arn:aws:iam::" + r.account + ":role" + r.path + r.name
	err = s.Store().Update(ctx, func(tx store.Tx) error {
		if err := tx.Roles().Create(ctx, store.Role{AccountID: r.account, ID: id, Name: r.name, Path: r.path, ARN: roleARN,
			TrustPolicy: r.trust, MaxSessionDuration: r.maxSession, Created: time.Now().UTC().Truncate(time.Second)}); err != nil {
			return err
		}
		for i, p := range r.policies {
			err := tx.InlinePolicies().Put(ctx, store.Principal{Kind: store.PrincipalRole, ID: id},
				store.InlinePolicy{Name: "policy-" + string(rune('a'+i)), Document: p})
			if err != nil {
				return err
			}
		}
		if len(r.tags) > 0 {
			return tx.Tags().Put(ctx, store.Resource{Kind: store.KindRole, Key: id}, r.tags)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("creating role %s: %v", r.name, err)
	}
	return roleARN, id
}

// putRolePolicy replaces (or adds) a role's inline policy through the store.
func putRolePolicy(t testing.TB, s *stacktest.Stack, roleID, name, document string) {
	t.Helper()
	ctx := context.Background()
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		return tx.InlinePolicies().Put(ctx, store.Principal{Kind: store.PrincipalRole, ID: roleID},
			store.InlinePolicy{Name: name, Document: document})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// sessionCreds are the credentials STS returned, as stacktest credentials.
func sessionCreds(c *ststypes.Credentials, account, arn string) stacktest.Credentials {
	return stacktest.Credentials{AccessKeyID: aws.ToString(c.AccessKeyId), SecretAccessKey: aws.ToString(c.SecretAccessKey),
		SessionToken: aws.ToString(c.SessionToken), AccountID: account, ARN: arn}
}

// assumeRole assumes a role and fails the test on error.
func assumeRole(t testing.TB, s *stacktest.Stack, as stacktest.Credentials, in *awssts.AssumeRoleInput) (stacktest.Credentials, *awssts.AssumeRoleOutput) {
	t.Helper()
	out, err := s.STS(as).AssumeRole(context.Background(), in)
	if err != nil {
		t.Fatalf("AssumeRole %s: %v", aws.ToString(in.RoleArn), err)
	}
	a := aws.ToString(out.AssumedRoleUser.Arn)
	acct := strings.Split(a, ":")[4]
	return sessionCreds(out.Credentials, acct, a), out
}

// callerARN is GetCallerIdentity's Arn for creds.
func callerARN(t testing.TB, s *stacktest.Stack, c stacktest.Credentials) string {
	t.Helper()
	out, err := s.STS(c).GetCallerIdentity(context.Background(), &awssts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	return aws.ToString(out.Arn)
}

// outcome is "ok" or the error code of err: one string tables compare.
func outcome(err error) string {
	if err == nil {
		return "ok"
	}
	if c := stacktest.ErrorCode(err); c != "" {
		return c
	}
	var ae *awserr.Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	return err.Error()
}

// listUsers is an IAM call whose outcome shows whether a session may use IAM.
func listUsers(s *stacktest.Stack, c stacktest.Credentials) error {
	_, err := s.IAM(c).ListUsers(context.Background(), &awsiam.ListUsersInput{})
	return err
}

// mfaDevice is a virtual MFA device enabled for a user, as the test holds it.
type mfaDevice struct {
	serial string
	seed   []byte
	step   int64 // the time-step of the last code used
}

// newMFA creates a virtual MFA device and enables it for user with two consecutive codes.
func newMFA(t testing.TB, s *stacktest.Stack, user string) *mfaDevice {
	t.Helper()
	ctx := context.Background()
	root := s.IAM(s.Root())
	out, err := root.CreateVirtualMFADevice(ctx, &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String(user + "-mfa")})
	if err != nil {
		t.Fatalf("CreateVirtualMFADevice: %v", err)
	}
	seed, err := totp.DecodeSeed(string(out.VirtualMFADevice.Base32StringSeed))
	if err != nil {
		t.Fatal(err)
	}
	d := &mfaDevice{serial: aws.ToString(out.VirtualMFADevice.SerialNumber), seed: seed}
	step := totp.Step(s.Clock().Now())
	_, err = root.EnableMFADevice(ctx, &awsiam.EnableMFADeviceInput{UserName: aws.String(user), SerialNumber: aws.String(d.serial),
		AuthenticationCode1: aws.String(totp.CodeAt(seed, step-1)), AuthenticationCode2: aws.String(totp.CodeAt(seed, step))})
	if err != nil {
		t.Fatalf("EnableMFADevice: %v", err)
	}
	d.step = step
	return d
}

// next returns a code the device has not used: the current time-step's or, when that was
// used, the next one's, advancing the stack's clock a step when that is needed to stay within
// the accepted window.
func (d *mfaDevice) next(s *stacktest.Stack) string {
	now := totp.Step(s.Clock().Now())
	d.step = max(d.step+1, now)
	if d.step > now+1 {
		s.Clock().Advance(30 * time.Second)
	}
	return totp.CodeAt(d.seed, d.step)
}
