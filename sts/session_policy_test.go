package sts_test

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// newManagedPolicy creates a customer managed policy in the store and returns its ARN and ID.
func newManagedPolicy(t testing.TB, s *stacktest.Stack, name, document string) (string, string) {
	t.Helper()
	ctx := context.Background()
	id, err := arn.NewUniqueID(rand.Reader, arn.PrefixManagedPolicy)
	if err != nil {
		t.Fatal(err)
	}
	policyARN := "arn:aws:iam::" + s.AccountID() + ":policy/" + name
	now := time.Now().UTC().Truncate(time.Second)
	err = s.Store().Update(ctx, func(tx store.Tx) error {
		return tx.Policies().Create(ctx, store.ManagedPolicy{AccountID: s.AccountID(), ID: id, Name: name, Path: "/",
			ARN: policyARN, IsAttachable: true, Created: now, Updated: now}, document)
	})
	if err != nil {
		t.Fatal(err)
	}
	return policyARN, id
}

// TestSessionPolicies: a session's permissions are the role's intersected with the session
// policies passed, inline and managed, on every request.
func TestSessionPolicies(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	acct := s.AccountID()
	alice := s.NewUser(t, "alice", allowAssume)
	role, _ := newRole(t, s, roleSpec{name: "R", trust: trust(acct, assume, nil),
		policies: []string{doc(stmt("Allow", []string{"iam:ListUsers", "iam:GetUser"}, "*"))}})
	listOnly := doc(stmt("Allow", "iam:ListUsers", "*"))
	managedARN, _ := newManagedPolicy(t, s, "GetOnly", doc(stmt("Allow", "iam:GetUser", "*")))
	changingARN, changingID := newManagedPolicy(t, s, "Changing", doc(stmt("Allow", "iam:GetUser", "*")))
	ctx := context.Background()
	getAlice := func(c stacktest.Credentials) error {
		_, err := s.IAM(c).GetUser(ctx, &awsiam.GetUserInput{UserName: aws.String("alice")})
		return err
	}
	pd := func(arns ...string) []ststypes.PolicyDescriptorType {
		out := make([]ststypes.PolicyDescriptorType, len(arns))
		for i, a := range arns {
			out[i] = ststypes.PolicyDescriptorType{Arn: aws.String(a)}
		}
		return out
	}
	tests := []struct {
		name              string
		policy            string
		arns              []string
		wantList, wantGet string
	}{
		{"no session policy: the role's permissions", "", nil, "ok", "ok"},
		{"inline: intersection", listOnly, nil, "ok", "AccessDenied"},
		{"managed: intersection", "", []string{managedARN}, "AccessDenied", "ok"},
		{"inline and managed: their union, intersected", listOnly, []string{managedARN}, "ok", "ok"},
		{"AWS managed", "", []string{"arn:aws:iam::aws:policy/IAMReadOnlyAccess"}, "ok", "ok"},
		{"cannot grant more than the role", doc(stmt("Allow", "*", "*")), nil, "ok", "ok"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := &awssts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("sess"), PolicyArns: pd(tc.arns...)}
			if tc.policy != "" {
				in.Policy = aws.String(tc.policy)
			}
			creds, out := assumeRole(t, s, alice, in)
			if (tc.policy != "" || len(tc.arns) > 0) && (out.PackedPolicySize == nil || *out.PackedPolicySize <= 0) {
				t.Errorf("PackedPolicySize = %v, want a percentage", out.PackedPolicySize)
			}
			if got := outcome(listUsers(s, creds)); got != tc.wantList {
				t.Errorf("ListUsers = %s, want %s", got, tc.wantList)
			}
			if got := outcome(getAlice(creds)); got != tc.wantGet {
				t.Errorf("GetUser = %s, want %s", got, tc.wantGet)
			}
		})
	}

	// A managed session policy is read at its current default version on every request.
	creds, _ := assumeRole(t, s, alice, &awssts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("mgd"),
		PolicyArns: pd(changingARN)})
	if err := getAlice(creds); err != nil {
		t.Fatal(err)
	}
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		_, err := tx.Policies().CreateVersion(ctx, changingID, listOnly, time.Now(), true)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	stacktest.WantError(t, getAlice(creds), "AccessDenied", "User: arn:aws:sts::"+acct+":assumed-role/R/mgd is not authorized to perform: iam:GetUser on resource: "+
		alice.ARN+" because no session policy allows the iam:GetUser action")
	if err := listUsers(s, creds); err != nil {
		t.Errorf("ListUsers after the managed session policy changed: %v", err)
	}
}

func TestSessionPolicyErrors(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	other := s.NewAccount(t)
	alice := s.NewUser(t, "alice", allowAssume)
	role, _ := newRole(t, s, roleSpec{name: "R", trust: trust(s.AccountID(), assume, nil)})
	var eleven []ststypes.PolicyDescriptorType
	for range 11 {
		eleven = append(eleven, ststypes.PolicyDescriptorType{Arn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")})
	}
	tests := []struct {
		name   string
		policy *string
		arns   []ststypes.PolicyDescriptorType
		want   string
	}{
		{"not JSON", aws.String("{not json"), nil, "MalformedPolicyDocument"},
		{"no Effect", aws.String(`{"Version":"2012-10-17","Statement":[{"Action":"*","Resource":"*"}]}`), nil, "MalformedPolicyDocument"},
		{"over 2,048 characters", aws.String(doc(stmt("Allow", "s3:GetObject", "arn:aws:s3:::"+strings.Repeat("b", 2100)))), nil, "ValidationError"},
		{"no such managed policy", nil, []ststypes.PolicyDescriptorType{{Arn: aws.String("arn:aws:iam::" + s.AccountID() + ":policy/Nope")}}, "MalformedPolicyDocument"},
		{"another account's policy", nil, []ststypes.PolicyDescriptorType{{Arn: aws.String("arn:aws:iam::" + other.AccountID + ":policy/P")}}, "MalformedPolicyDocument"},
		{"no such AWS managed policy", nil, []ststypes.PolicyDescriptorType{{Arn: aws.String("arn:aws:iam::aws:policy/NoSuchPolicy")}}, "MalformedPolicyDocument"},
		{"eleven managed policies", nil, eleven, "ValidationError"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := s.STS(alice).AssumeRole(context.Background(), &awssts.AssumeRoleInput{RoleArn: aws.String(role),
				RoleSessionName: aws.String("sess"), Policy: tc.policy, PolicyArns: tc.arns})
			if got := outcome(err); got != tc.want {
				t.Errorf("AssumeRole = %s (%v), want %s", got, err, tc.want)
			}
		})
	}
}

// randomText is n random letters and digits: text that compresses poorly.
func randomText(t testing.TB, n int) string {
	t.Helper()
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func TestPackedPolicyTooLarge(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	alice := s.NewUser(t, "alice", doc(stmt("Allow", []string{"sts:AssumeRole", "sts:TagSession"}, "*")))
	role, _ := newRole(t, s, roleSpec{name: "R", trust: trust(s.AccountID(), []string{"sts:AssumeRole", "sts:TagSession"}, nil)})
	var bigTags []ststypes.Tag
	for range 50 {
		bigTags = append(bigTags, ststypes.Tag{Key: aws.String(randomText(t, 128)), Value: aws.String(randomText(t, 256))})
	}
	var smallTags []ststypes.Tag
	for i := range 40 {
		smallTags = append(smallTags, ststypes.Tag{Key: aws.String("slot_" + string(rune('a'+i%26)) + string(rune('a'+i/26))),
			Value: aws.String("smoke-test-eval-set-with-long-name")})
	}
	bigPolicy := doc(stmt("Allow", "s3:GetObject", "arn:aws:s3:::"+randomText(t, 1900)))
	tests := []struct {
		name    string
		policy  *string
		tags    []ststypes.Tag
		want    string
		message string
	}{
		{"fifty long tags", nil, bigTags, "PackedPolicyTooLarge", "Packed size of session tags consumes "},
		{"an incompressible policy", aws.String(bigPolicy), nil, "PackedPolicyTooLarge", "Packed policy consumes "},
		{"forty short tags", nil, smallTags, "ok", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := s.STS(alice).AssumeRole(context.Background(), &awssts.AssumeRoleInput{RoleArn: aws.String(role),
				RoleSessionName: aws.String("sess"), Policy: tc.policy, Tags: tc.tags})
			if got := outcome(err); got != tc.want {
				t.Fatalf("AssumeRole = %s (%v), want %s", got, err, tc.want)
			}
			if err != nil {
				if msg := stacktest.ErrorMessage(err); !strings.HasPrefix(msg, tc.message) || !strings.Contains(msg, "% of allotted space") {
					t.Errorf("message %q, want %q…", msg, tc.message)
				}
				return
			}
			if p := aws.ToInt32(out.PackedPolicySize); p < 30 || p > 100 {
				t.Errorf("PackedPolicySize %d%% for 40 short tags, want a middling percentage", p)
			}
		})
	}
}
