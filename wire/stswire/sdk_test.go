package stswire

// Differential tests against aws-sdk-go-v2's STS client: see iamwire's sdk_test.go for the approach.

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/internal/wiretest"
)

const testRequestID = "c6104cbe-af31-11e0-8154-cbc7ccf896c7"

func serve(t *testing.T, respond func(params url.Values) ([]byte, error)) *sts.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		w.Header().Set("X-Amzn-Requestid", testRequestID)
		body, err := respond(r.Form)
		if err != nil {
			e := awserr.As(err)
			w.WriteHeader(e.Status)
			w.Write(AppendError(nil, e, testRequestID))
			return
		}
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return sts.New(sts.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
		HTTPClient:   srv.Client(),
		Retryer:      wiretest.Retryer(),
	})
}

func dispatchTo(h *Handlers) func(url.Values) ([]byte, error) {
	return func(params url.Values) ([]byte, error) {
		return Dispatch(context.Background(), h, params, testRequestID, nil)
	}
}

func TestSDKEveryOperation(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	decoded := map[string]any{}
	client := serve(t, func(params url.Values) ([]byte, error) {
		op, err := Resolve(params)
		if err != nil {
			return nil, err
		}
		in, _ := op.decode(params)
		mu.Lock()
		decoded[op.Name] = in
		mu.Unlock()
		out := op.newOutput()
		wiretest.Fill(out)
		return op.Encode(nil, out, testRequestID), nil
	})
	ctx := context.Background()
	for _, info := range Service.Operations {
		t.Run(info.Name, func(t *testing.T) {
			method := reflect.ValueOf(client).MethodByName(info.Name)
			if !method.IsValid() {
				t.Fatalf("the SDK has no %s: the pinned model and the SDK disagree", info.Name)
			}
			in := reflect.New(method.Type().In(1).Elem())
			wiretest.Fill(in.Interface())
			res := method.Call([]reflect.Value{reflect.ValueOf(ctx), in})
			if err, _ := res[1].Interface().(error); err != nil {
				t.Fatalf("%s: %v", info.Name, err)
			}
			mu.Lock()
			got := decoded[info.Name]
			mu.Unlock()
			sent := wiretest.Normalize(in.Interface()).(map[string]any)
			for _, m := range sdkOnlyInputMembers[info.Name] {
				delete(sent, m)
			}
			if diff := cmp.Diff(any(sent), wiretest.Normalize(got)); diff != "" {
				t.Errorf("input decoded from the SDK's request (-sdk +decoded):\n%s", diff)
			}
			op, _ := Lookup(info.Name)
			want := op.newOutput()
			wiretest.Fill(want)
			if diff := cmp.Diff(wiretest.Normalize(want), wiretest.Normalize(res[0].Interface())); diff != "" {
				t.Errorf("output decoded by the SDK (-encoded +sdk):\n%s", diff)
			}
			md := res[0].Elem().FieldByName("ResultMetadata").Interface().(middleware.Metadata)
			if id, _ := awsmiddleware.GetRequestIDMetadata(md); id != testRequestID {
				t.Errorf("request ID = %q", id)
			}
		})
	}
}

// sdkOnlyInputMembers are members aws-sdk-go-v2's STS client (v1.51.9) sends that the pinned model
// (botocore 1.43.11) does not have yet; the decoder ignores them, as AWS ignores unknown parameters.
// Updating the pinned model should empty this list.
var sdkOnlyInputMembers = map[string][]string{
	"AssumeRole":                {"MinimumSessionTokenSize"},
	"AssumeRoleWithSAML":        {"MinimumSessionTokenSize"},
	"AssumeRoleWithWebIdentity": {"MinimumSessionTokenSize"},
	"AssumeRoot":                {"MinimumSessionTokenSize"},
	"GetFederationToken":        {"MinimumSessionTokenSize"},
	"GetSessionToken":           {"MinimumSessionTokenSize"},
}

// recorder serves AssumeRole and GetCallerIdentity (handlers), recording AssumeRole's input.
type recorder struct {
	mu  sync.Mutex
	in  any
	out any
	err error
}

func (r *recorder) AssumeRole(_ context.Context, in *AssumeRoleInput) (*AssumeRoleOutput, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.in = in
	if r.err != nil {
		return nil, r.err
	}
	return r.out.(*AssumeRoleOutput), nil
}

func (r *recorder) GetCallerIdentity(_ context.Context, in *GetCallerIdentityInput) (*GetCallerIdentityOutput, error) {
	return r.out.(*GetCallerIdentityOutput), r.err
}

func (r *recorder) handlers() *Handlers {
	return &Handlers{AssumeRole: r.AssumeRole, GetCallerIdentity: r.GetCallerIdentity}
}

func ptr[T any](v T) *T { return &v }

func TestSDKAssumeRole(t *testing.T) {
	t.Parallel()
	expires := time.Date(2026, 11, 24, 11, 0, 0, 359_000_000, time.UTC)
	h := &recorder{out: &AssumeRoleOutput{
		Credentials: &Credentials{AccessKeyId: "ASIAIOSFODNN7EXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
			SessionToken: "IQoJb3JpZ2luX2VjEXAMPLE", Expiration: expires},
		AssumedRoleUser:  &AssumedRoleUser{AssumedRoleId: "AROA3XFRBF535PLBIFPI4:s3-access-example", Arn: "arn:aws:sts::123456789012:assumed-role/demo/s3-access-example"},
		PackedPolicySize: ptr(int32(8)),
		SourceIdentity:   ptr("alice"),
	}}
	client := serve(t, dispatchTo(h.handlers()))
	out, err := client.AssumeRole(context.Background(), &sts.AssumeRoleInput{
		RoleArn:           aws.String("arn:aws:iam::123456789012:role/demo"),
		RoleSessionName:   aws.String("s3-access-example"),
		DurationSeconds:   aws.Int32(1800),
		PolicyArns:        []types.PolicyDescriptorType{{Arn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}},
		Tags:              []types.Tag{{Key: aws.String("Project"), Value: aws.String("Unicorn")}},
		TransitiveTagKeys: []string{"Project"},
		ExternalId:        aws.String("123ABC"),
		SourceIdentity:    aws.String("alice"),
	})
	if err != nil {
		t.Fatal(err)
	}
	wantIn := &AssumeRoleInput{
		RoleArn: "arn:aws:iam::123456789012:role/demo", RoleSessionName: "s3-access-example",
		PolicyArns:      []PolicyDescriptorType{{Arn: ptr("arn:aws:iam::aws:policy/ReadOnlyAccess")}},
		DurationSeconds: ptr(int32(1800)), Tags: []Tag{{Key: "Project", Value: "Unicorn"}}, TransitiveTagKeys: []string{"Project"},
		ExternalId: ptr("123ABC"), SourceIdentity: ptr("alice"),
	}
	if diff := cmp.Diff(wantIn, h.in); diff != "" {
		t.Errorf("decoded input (-want +got):\n%s", diff)
	}
	if !out.Credentials.Expiration.Equal(expires) {
		t.Errorf("Expiration = %v, want %v (milliseconds kept)", out.Credentials.Expiration, expires)
	}
	if diff := cmp.Diff(wiretest.Normalize(h.out), wiretest.Normalize(out)); diff != "" {
		t.Errorf("SDK output (-encoded +sdk):\n%s", diff)
	}
}

func TestGoldenGetCallerIdentity(t *testing.T) {
	t.Parallel()
	op, _ := Lookup("GetCallerIdentity")
	got := string(op.Encode(nil, &GetCallerIdentityOutput{UserId: ptr("AIDACKCEVSQ6C2EXAMPLE"), Account: ptr("123456789012"),
		Arn: ptr("arn:aws:iam::123456789012:user/Alice")}, "01234567-89ab-cdef-0123-456789abcdef"))
	want := `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
		`<UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/Alice</Arn>` +
		`</GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>` +
		`</ResponseMetadata></GetCallerIdentityResponse>`
	if got != want {
		t.Errorf("document:\n got %s\nwant %s", got, want)
	}
}

func TestSDKErrors(t *testing.T) {
	t.Parallel()
	assume := func(c *sts.Client, session string) error {
		_, err := c.AssumeRole(context.Background(), &sts.AssumeRoleInput{
			RoleArn: aws.String("arn:aws:iam::123456789012:role/demo"), RoleSessionName: aws.String(session)})
		return err
	}
	tests := []struct {
		name     string
		err      error
		session  string
		wantCode string
		wantMsg  string
		typed    any
	}{
		{
			name: "modeled error", session: "ok", err: ErrExpiredTokenException("The security token included in the request is expired"),
			wantCode: "ExpiredTokenException", wantMsg: "The security token included in the request is expired",
			typed: new(*types.ExpiredTokenException),
		},
		{
			name: "validation quotes the value", session: "bedrock role",
			wantCode: "ValidationError",
			wantMsg: "1 validation error detected: Value 'bedrock role' at 'roleSessionName' failed to satisfy constraint: " +
				`Member must satisfy regular expression pattern: [\w+=,.@-]*`,
		},
		{
			name: "access denied", session: "ok", err: awserr.AccessDenied("User: arn:aws:iam::123456789012:user/bob is not authorized to perform: sts:AssumeRole"),
			wantCode: "AccessDenied", wantMsg: "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: sts:AssumeRole",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := assume(serve(t, dispatchTo((&recorder{err: tt.err, out: &AssumeRoleOutput{}}).handlers())), tt.session)
			var apiErr smithy.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v is not a smithy.APIError", err)
			}
			if apiErr.ErrorCode() != tt.wantCode || apiErr.ErrorMessage() != tt.wantMsg {
				t.Errorf("got %s: %q, want %s: %q", apiErr.ErrorCode(), apiErr.ErrorMessage(), tt.wantCode, tt.wantMsg)
			}
			if tt.typed != nil && !errors.As(err, tt.typed) {
				t.Errorf("error %T is not the SDK's modeled %T", err, tt.typed)
			}
		})
	}
}

func TestValidationMessages(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, query, want string }{
		{"missing required, quoted as null", "Action=AssumeRole",
			"2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null"},
		{"too short", "Action=AssumeRole&RoleArn=dummy-arn&RoleSessionName=s1",
			"1 validation error detected: Value 'dummy-arn' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20"},
		{"duration range", "Action=AssumeRole&RoleArn=arn:aws:iam::123456789012:role/demo&RoleSessionName=s1&DurationSeconds=60",
			"1 validation error detected: Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200"},
		{"sensitive token never quoted", "Action=AssumeRoleWithWebIdentity&RoleArn=arn:aws:iam::123456789012:role/demo&RoleSessionName=s1&WebIdentityToken=abc",
			"1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			params, _ := url.ParseQuery(tt.query)
			_, err := Dispatch(context.Background(), &Handlers{}, params, "r", nil)
			want := &awserr.Error{Code: "ValidationError", Status: 400, Fault: awserr.Sender, Message: tt.want}
			if diff := cmp.Diff(want, err); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestServiceDescription(t *testing.T) {
	t.Parallel()
	if Service.ID != "STS" || Service.APIVersion != "2011-06-15" || Service.Namespace != "https://sts.amazonaws.com/doc/2011-06-15/" {
		t.Errorf("Service = %+v", Service)
	}
	if _, ok := Lookup("AssumeRole"); !ok {
		t.Error("AssumeRole missing")
	}
}

// FuzzDecodeQuery: every decoder, any query string, no panic, only AWS client errors.
func FuzzDecodeQuery(f *testing.F) {
	for _, seed := range []string{
		"Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo&RoleSessionName=s&Tags.member.1.Key=k",
		"Action=GetFederationToken&Name=bob&DurationSeconds=129601&PolicyArns.member.1.arn=x",
		"Action=AssumeRoleWithSAML&SAMLAssertion=%FF&PrincipalArn=&RoleArn=",
		"Action=GetCallerIdentity&&&=",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		params, _ := url.ParseQuery(raw)
		for _, info := range Service.Operations {
			op, _ := Lookup(info.Name)
			if _, err := op.Decode(params); err != nil {
				var e *awserr.Error
				if !errors.As(err, &e) || e.Status != 400 {
					t.Fatalf("%s: %v", info.Name, err)
				}
			}
		}
		if _, err := Dispatch(context.Background(), &Handlers{}, params, "r", nil); err != nil {
			var e *awserr.Error
			if !errors.As(err, &e) || (e.Status >= 500 && e.Code != "NotImplemented") {
				t.Fatalf("Dispatch: %v", err)
			}
		}
	})
}
