package audit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gatehouse-iam/gatehouse/audit"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// syncBuffer is a sink safe for the writer goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func decode(t *testing.T, ev store.Event) audit.Record {
	t.Helper()
	var r audit.Record
	if err := json.Unmarshal(ev.Record, &r); err != nil {
		t.Fatalf("event %s: %v", ev.ID, err)
	}
	return r
}

// find returns an event named name that succeeded.
func find(t *testing.T, evs []store.Event, name string) (store.Event, audit.Record) {
	t.Helper()
	for _, ev := range evs {
		if r := decode(t, ev); ev.Name == name && r.ErrorCode == "" {
			return ev, r
		}
	}
	t.Fatalf("no %s event among %d", name, len(evs))
	return store.Event{}, audit.Record{}
}

// TestTrail: every call of the test leaves an event — allowed, denied with AWS's reason and the
// why, refused as invalid — with the caller's identity, its parameters and (for writes) its
// response, no secret anywhere, in the store and in the export sink alike.
func TestTrail(t *testing.T) {
	sink := &syncBuffer{}
	s := stacktest.New(t, stacktest.WithAuditSink(sink))
	ctx := context.Background()
	root := s.IAM(s.Root())
	alice := s.NewUser(t, "alice", stacktest.Policy("Allow", []string{"iam:GetUser"}, "*"))
	if _, err := root.CreateLoginProfile(ctx, &awsiam.CreateLoginProfileInput{UserName: aws.String("alice"),
		Password: aws.String("Sup3r-Secret-Passw0rd!")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IAM(alice).GetUser(ctx, &awsiam.GetUserInput{}); err != nil {
		t.Fatal(err)
	}
	_, err := s.IAM(alice).CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("mallory")})
	stacktest.WantError(t, err, "AccessDenied", "")
	_, err = root.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("bad name!")})
	stacktest.WantError(t, err, "ValidationError", "")
	if _, err := s.STS(alice).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	evs := s.Events(t, s.AccountID())

	ev, r := find(t, evs, "CreateUser")
	if r.ErrorCode != "" || r.UserIdentity.Type != audit.TypeRoot || r.UserIdentity.ARN != s.Root().ARN ||
		r.UserIdentity.AccessKeyID != s.Root().AccessKeyID || r.EventSource != "iam.amazonaws.com" || r.ReadOnly ||
		r.RecipientAccountID != s.AccountID() || ev.Username != "root" {
		t.Errorf("CreateUser alice: %s", ev.Record)
	}
	if p, _ := r.RequestParameters.(map[string]any); p["userName"] != "alice" {
		t.Errorf("CreateUser requestParameters = %v", r.RequestParameters)
	}
	if resp, _ := r.ResponseElements.(map[string]any); resp == nil || resp["user"] == nil {
		t.Errorf("CreateUser responseElements = %v", r.ResponseElements)
	}
	if len(ev.Resources) != 1 || ev.Resources[0] != (store.EventResource{Type: "AWS::IAM::User", Name: "alice"}) {
		t.Errorf("CreateUser resources = %v", ev.Resources)
	}

	ev, r = find(t, evs, "GetUser")
	if r.UserIdentity.Type != audit.TypeIAMUser || r.UserIdentity.UserName != "alice" || !r.ReadOnly || ev.Username != "alice" ||
		r.ResponseElements != nil || r.AdditionalEventData["decisions"] == nil {
		t.Errorf("GetUser: %s", ev.Record)
	}

	var denied audit.Record
	for _, ev := range evs {
		if r := decode(t, ev); ev.Name == "CreateUser" && r.ErrorCode == "AccessDenied" {
			denied = r
		}
	}
	want := "User: " + alice.ARN + " is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::" + s.AccountID() +
		":user/mallory because no identity-based policy allows the iam:CreateUser action"
	if denied.ErrorMessage != want {
		t.Errorf("denial errorMessage = %q, want %q", denied.ErrorMessage, want)
	}
	ds, _ := denied.AdditionalEventData["decisions"].([]any)
	if d, _ := ds[0].(map[string]any); len(ds) != 1 || d["decision"] != "ImplicitDeny" || d["action"] != "iam:CreateUser" {
		t.Errorf("denial additionalEventData = %v", denied.AdditionalEventData)
	}

	var invalid bool
	for _, ev := range evs {
		if r := decode(t, ev); ev.Name == "CreateUser" && r.ErrorCode == "ValidationError" && r.ErrorMessage != "" {
			invalid = true
		}
	}
	if !invalid {
		t.Error("no ValidationError event for the invalid CreateUser")
	}
	// A read that issues nothing has no responseElements, STS's included (CloudTrail keeps the
	// response of changes and of calls that issue credentials).
	if _, r := find(t, evs, "GetCallerIdentity"); r.EventSource != "sts.amazonaws.com" || r.UserIdentity.Type != audit.TypeIAMUser ||
		r.ResponseElements != nil || r.RequestParameters != nil {
		t.Errorf("GetCallerIdentity: %+v", r)
	}

	_, r = find(t, evs, "CreateAccessKey")
	if key, _ := r.ResponseElements.(map[string]any)["accessKey"].(map[string]any); key["secretAccessKey"] != audit.Hidden ||
		key["accessKeyId"] != alice.AccessKeyID {
		t.Errorf("CreateAccessKey responseElements = %v", r.ResponseElements)
	}
	_, r = find(t, evs, "CreateLoginProfile")
	if p, _ := r.RequestParameters.(map[string]any); p["password"] != audit.Hidden {
		t.Errorf("CreateLoginProfile requestParameters = %v", r.RequestParameters)
	}
	for _, secret := range []string{alice.SecretAccessKey, s.Root().SecretAccessKey, "Sup3r-Secret-Passw0rd!"} {
		for _, ev := range evs {
			if strings.Contains(string(ev.Record), secret) {
				t.Errorf("event %s (%s) holds a secret", ev.ID, ev.Name)
			}
		}
		if strings.Contains(sink.String(), secret) {
			t.Error("the export sink holds a secret")
		}
	}
	if lines := strings.Count(sink.String(), "\n"); lines != len(evs) {
		t.Errorf("export sink has %d lines, the store %d events", lines, len(evs))
	}
}

// TestEnforcementAudit: in enforcement mode audit a call the policies deny goes through, and its
// event records the denial it would have been, marked "enforcement":"audit".
func TestEnforcementAudit(t *testing.T) {
	s := stacktest.New(t, stacktest.WithEnforcementAudit())
	ctx := context.Background()
	alice := s.NewUser(t, "alice")
	if _, err := s.IAM(alice).CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("let-through")}); err != nil {
		t.Fatalf("CreateUser in audit mode: %v", err)
	}
	var found bool
	for _, ev := range s.Events(t, s.AccountID()) {
		r := decode(t, ev)
		if ev.Name != "CreateUser" || r.UserIdentity.UserName != "alice" {
			continue
		}
		found = true
		ds, _ := r.AdditionalEventData["decisions"].([]any)
		d, _ := ds[0].(map[string]any)
		if r.ErrorCode != "" || r.AdditionalEventData["enforcement"] != "audit" || d["decision"] != "ImplicitDeny" ||
			!strings.Contains(d["reason"].(string), "because no identity-based policy allows the iam:CreateUser action") {
			t.Errorf("CreateUser in audit mode: %s", ev.Record)
		}
	}
	if !found {
		t.Error("no event for alice's CreateUser")
	}
}
