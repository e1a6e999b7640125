package audit

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/gatehouse-iam/gatehouse/authz"
)

// TestRecordJSON: the hand-written encoding of a record is byte for byte json.Marshal's, for
// records with every member set, with every optional member absent, and with the strings
// encoding/json escapes (HTML characters, control characters, U+2028, invalid UTF-8).
func TestRecordJSON(t *testing.T) {
	odd := "a<b>&\"c\\\n\r\t\b\f\x01\x1f\u2028\u2029\xff\xfe é 🦀"
	full := Record{EventVersion: EventVersion, EventTime: "2026-12-07T00:00:00Z", EventSource: "sts.amazonaws.com",
		EventName: "AssumeRole", AWSRegion: "eu-west-1", SourceIPAddress: "10.0.0.1", UserAgent: odd,
		ErrorCode: "AccessDenied", ErrorMessage: odd, RequestID: "r", EventID: "e", ReadOnly: true,
		UserIdentity: UserIdentity{Type: TypeAssumedRole, PrincipalID: "AROA:s", ARN: "arn:aws:sts::1:assumed-role/r/s",
			AccountID: "1", AccessKeyID: "ASIA", UserName: odd, IdentityProvider: "idp",
			SessionContext: &SessionContext{SessionIssuer: &SessionIssuer{Type: "Role", PrincipalID: "AROA", ARN: "arn",
				AccountID: "1", UserName: "r"}, Attributes: SessionAttributes{CreationDate: "d", MFAAuthenticated: "true"},
				SourceIdentity: odd}},
		RequestParameters: map[string]any{"roleArn": "arn", "z": []any{"x", true, false, nil, map[string]any{}},
			odd: map[string]any{"n": 1.5, "big": 1e21, "int": float64(42)}, "tags": []any{}},
		ResponseElements: map[string]any{"credentials": map[string]any{"sessionToken": Hidden}},
		AdditionalEventData: map[string]any{"enforcement": "audit", "decisions": []authz.Explanation{
			{Action: "iam:CreateUser", Resource: "*", Decision: "ImplicitDeny", Enforcement: "audit", Reason: odd,
				MatchedStatements: []authz.MatchedStatement{{PolicyType: "identity", Policy: "arn:p", PolicyIndex: 2,
					StatementIndex: 3, Sid: "S", Effect: "Deny"}, {PolicyType: "scp", Effect: "Allow"}},
				MissingContextKeys: []string{"aws:SourceIp", odd}},
			{Action: "sts:GetCallerIdentity", Decision: "Allow", MatchedStatements: []authz.MatchedStatement{},
				MissingContextKeys: []string{}},
			{Action: "nil lists"}}},
		Resources: []Resource{{Type: "AWS::IAM::Role", Name: "r"}, {Type: "AWS::IAM::Policy"}},
		EventType: "AwsApiCall", ManagementEvent: true, RecipientAccountID: "1", EventCategory: "Management",
		TLSDetails: &TLSDetails{TLSVersion: "TLSv1.3", CipherSuite: "TLS_AES_128_GCM_SHA256", ClientProvidedHostHeader: odd}}
	bare := Record{EventVersion: EventVersion, UserIdentity: UserIdentity{Type: TypeIAMUser}}
	federated := full
	federated.UserIdentity = UserIdentity{Type: TypeFederatedUser, SessionContext: &SessionContext{
		Attributes: SessionAttributes{MFAAuthenticated: "false"}}}
	federated.RequestParameters, federated.ResponseElements = []any{"x"}, "text"
	federated.AdditionalEventData, federated.Resources = map[string]any{}, []Resource{}
	typedNil := bare
	typedNil.RequestParameters, typedNil.ResponseElements = map[string]any(nil), []any(nil)
	for name, r := range map[string]*Record{"full": &full, "bare": &bare, "federated": &federated, "typed nil": &typedNil} {
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.appendJSON([]byte("prefix")); !bytes.Equal(got, append([]byte("prefix"), want...)) {
			t.Errorf("%s:\n got %s\nwant %s", name, got[len("prefix"):], want)
		}
	}
}

// BenchmarkRecordJSON: encoding a GetUser record with its decision, by encoding/json and by
// hand. Run go test ./audit -run '^$' -bench RecordJSON -benchmem.
func BenchmarkRecordJSON(b *testing.B) {
	r := &Record{EventVersion: EventVersion, EventTime: "2026-12-07T00:03:12Z", EventSource: "iam.amazonaws.com",
		EventName: "GetUser", AWSRegion: "us-east-1", SourceIPAddress: "127.0.0.1",
		UserAgent:         "aws-sdk-go-v2/1.47.8 ua/2.1 os/linux lang/go#1.26.8 md/GOOS#linux md/GOARCH#amd64 api/iam#1.64.8 m/e",
		RequestParameters: map[string]any{"userName": "alice"}, RequestID: "c95d2aa3-5482-4da6-b86c-ac9fb457ebc1",
		EventID: "01a24dcf-c79a-7d77-8970-d660261e09fe", ReadOnly: true, EventType: "AwsApiCall", ManagementEvent: true,
		RecipientAccountID: "497498578535", EventCategory: "Management",
		UserIdentity: UserIdentity{Type: TypeIAMUser, PrincipalID: "AIDAXBNMVUS5WE6SQPKHA",
			ARN: "arn:aws:iam::497498578535:user/alice", AccountID: "497498578535", AccessKeyID: "AKIA43G7ID5YDHGUA7Q4", UserName: "alice"},
		AdditionalEventData: map[string]any{"decisions": []authz.Explanation{{Action: "iam:GetUser",
			Resource: "arn:aws:iam::497498578535:user/alice", Decision: "Allow", MissingContextKeys: []string{},
			MatchedStatements: []authz.MatchedStatement{{PolicyType: "identity", Effect: "Allow"}}}}}}
	b.Run("encoding/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("appendJSON", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			buf = r.appendJSON(buf[:0])
		}
	})
}
