package sts_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// encodedDenial has the authorizer decide a request for creds (a long-term key) and returns
// the encoded message of the denial, as an operation that carries one would answer.
func encodedDenial(t *testing.T, s *stacktest.Stack, c stacktest.Credentials, action, resource string) string {
	t.Helper()
	ctx := context.Background()
	_, caller, err := s.Node().Authn.Lookup(ctx, c.AccessKeyID)
	if err != nil {
		t.Fatal(err)
	}
	call := &callctx.Call{Caller: caller, Service: "ec2", Region: stacktest.Region, SourceIP: "192.0.2.7"}
	d, msg, err := s.Authorizer().DecideEncoded(ctx, call, authz.Request{Action: action, Resource: resource})
	if err != nil {
		t.Fatal(err)
	}
	if d.Denied == nil || msg == "" {
		t.Fatalf("%s was not denied, or no message: %+v %q", action, d, msg)
	}
	return msg
}

func TestDecodeAuthorizationMessage(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	acct := s.AccountID()
	other := s.NewAccount(t)
	mallory := s.NewUser(t, "mallory", doc(stmt("Allow", "ec2:*", "*"), map[string]any{"Sid": "NoRun", "Effect": "Deny",
		"Action": "ec2:RunInstances", "Resource": "*"}))
	admin := s.NewUser(t, "admin", doc(stmt("Allow", "sts:DecodeAuthorizationMessage", "*")))
	noPermission := s.NewUser(t, "reader")
	msg := encodedDenial(t, s, mallory, "ec2:RunInstances", "arn:aws:ec2:us-east-1:"+acct+":instance/*")
	if len(msg) > 10240 {
		t.Errorf("encoded message of %d characters, over the API's 10,240", len(msg))
	}

	out, err := s.STS(admin).DecodeAuthorizationMessage(context.Background(), &awssts.DecodeAuthorizationMessageInput{EncodedMessage: aws.String(msg)})
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Allowed           bool `json:"allowed"`
		ExplicitDeny      bool `json:"explicitDeny"`
		MatchedStatements struct {
			Items []struct {
				StatementID string `json:"statementId"`
				Effect      string `json:"effect"`
				Actions     struct {
					Items []struct{ Value string } `json:"items"`
				} `json:"actions"`
			} `json:"items"`
		} `json:"matchedStatements"`
		Context struct {
			Principal  struct{ ID, Name, ARN string } `json:"principal"`
			Action     string                         `json:"action"`
			Resource   string                         `json:"resource"`
			Conditions struct {
				Items []struct {
					Key    string `json:"key"`
					Values struct {
						Items []struct{ Value string } `json:"items"`
					} `json:"values"`
				} `json:"items"`
			} `json:"conditions"`
		} `json:"context"`
	}
	decoded := aws.ToString(out.DecodedMessage)
	if err := json.Unmarshal([]byte(decoded), &got); err != nil {
		t.Fatalf("DecodedMessage is not JSON: %v\n%s", err, decoded)
	}
	for _, member := range []string{`"allowed":false`, `"failures":{"items":[]}`, `"principalGroups":{"items":[]}`} {
		if !strings.Contains(decoded, member) {
			t.Errorf("DecodedMessage lacks %s:\n%s", member, decoded)
		}
	}
	summary := []string{got.Context.Principal.ARN, got.Context.Principal.Name, got.Context.Action, got.Context.Resource}
	if diff := cmp.Diff([]string{mallory.ARN, "mallory", "RunInstances", "arn:aws:ec2:us-east-1:" + acct + ":instance/*"}, summary); diff != "" {
		t.Errorf("context (-want +got):\n%s", diff)
	}
	if !got.ExplicitDeny || len(got.MatchedStatements.Items) == 0 {
		t.Fatalf("explicitDeny %v, %d matched statements", got.ExplicitDeny, len(got.MatchedStatements.Items))
	}
	var deny []string
	for _, m := range got.MatchedStatements.Items {
		if m.Effect == "DENY" {
			deny = append(deny, m.StatementID, m.Actions.Items[0].Value)
		}
	}
	if diff := cmp.Diff([]string{"NoRun", "ec2:RunInstances"}, deny); diff != "" {
		t.Errorf("matched Deny statement (-want +got):\n%s", diff)
	}
	keys := map[string]string{}
	for _, c := range got.Context.Conditions.Items {
		if len(c.Values.Items) > 0 {
			keys[c.Key] = c.Values.Items[0].Value
		}
	}
	if keys["aws:SourceIp"] != "192.0.2.7" || keys["aws:PrincipalArn"] != mallory.ARN {
		t.Errorf("context keys lack the request's values: %v", keys)
	}

	tampered := msg[:len(msg)-3] + "AAA"
	if tampered == msg {
		tampered = msg[:len(msg)-3] + "BBB"
	}
	tests := []struct {
		name    string
		as      stacktest.Credentials
		message string
		want    string
	}{
		{"no permission to decode", noPermission, msg, "AccessDenied"},
		{"altered", admin, tampered, "InvalidAuthorizationMessageException"},
		{"not a message", admin, "hello", "InvalidAuthorizationMessageException"},
		{"another account", other, msg, "InvalidAuthorizationMessageException"},
		{"the account's root", s.Root(), msg, "ok"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := s.STS(tc.as).DecodeAuthorizationMessage(context.Background(), &awssts.DecodeAuthorizationMessageInput{EncodedMessage: aws.String(tc.message)})
			if got := outcome(err); got != tc.want {
				t.Errorf("DecodeAuthorizationMessage = %s (%v), want %s", got, err, tc.want)
			}
		})
	}
}
