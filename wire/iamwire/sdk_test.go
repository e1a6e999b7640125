package iamwire

// Differential tests against aws-sdk-go-v2: the real IAM client talks to an httptest server whose handler
// is this package's codec, so what the SDK serializes must decode into the right inputs and what we encode
// must decode into the SDK's outputs, member for member.

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/internal/wiretest"
)

const testRequestID = "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE"

// serve starts a server that answers every request with respond's body, or with the error document
// (and the error's status) when respond fails, the way the api package will.
func serve(t *testing.T, respond func(params url.Values) ([]byte, error)) *iam.Client {
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
	return iam.New(iam.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
		HTTPClient:   srv.Client(),
		Retryer:      wiretest.Retryer(),
	})
}

// dispatchTo serves requests with Dispatch and h.
func dispatchTo(h *Handlers) func(url.Values) ([]byte, error) {
	return func(params url.Values) ([]byte, error) {
		return Dispatch(context.Background(), h, params, testRequestID, nil)
	}
}

// TestSDKEveryOperation calls every operation through the SDK with every input member set, and answers
// with every output member set: each input member must decode as the SDK sent it, and each output member
// must reach the SDK's output.
func TestSDKEveryOperation(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	decoded := map[string]any{}
	client := serve(t, func(params url.Values) ([]byte, error) {
		op, err := Resolve(params)
		if err != nil {
			return nil, err
		}
		in, _ := op.decode(params) // constraint violations do not matter here: the SDK sends any value
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
				t.Errorf("request ID = %q, want %q", id, testRequestID)
			}
		})
	}
}

// sdkOnlyInputMembers are members aws-sdk-go-v2's IAM client sends that the pinned model does not have;
// the decoder ignores them, as AWS ignores unknown parameters. Updating the pinned model should keep this
// list empty.
var sdkOnlyInputMembers = map[string][]string{}

func init() {
	wiretest.Union[types.PolicyIdentifier](&types.PolicyIdentifierMemberPolicyType{},
		&types.PolicyIdentifierMemberPolicyArn{}, &types.PolicyIdentifierMemberInlinePolicyIdentifier{})
}

// recorder serves the operations of handlers: it records inputs and answers with fixed outputs.
type recorder struct {
	mu     sync.Mutex
	inputs []any
	out    any
	err    error
}

func (r *recorder) record(in any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.inputs = append(r.inputs, in)
}

func (r *recorder) last() any {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.inputs) == 0 {
		return nil
	}
	return r.inputs[len(r.inputs)-1]
}

func (r *recorder) CreateUser(_ context.Context, in *CreateUserInput) (*CreateUserOutput, error) {
	r.record(in)
	if r.err != nil {
		return nil, r.err
	}
	return r.out.(*CreateUserOutput), nil
}

func (r *recorder) ListUsers(_ context.Context, in *ListUsersInput) (*ListUsersOutput, error) {
	r.record(in)
	return r.out.(*ListUsersOutput), r.err
}

func (r *recorder) GetAccountAuthorizationDetails(_ context.Context, in *GetAccountAuthorizationDetailsInput) (*GetAccountAuthorizationDetailsOutput, error) {
	r.record(in)
	return r.out.(*GetAccountAuthorizationDetailsOutput), r.err
}

func (r *recorder) DeleteUser(_ context.Context, in *DeleteUserInput) (*DeleteUserOutput, error) {
	r.record(in)
	return nil, r.err
}

func (r *recorder) UpdateAccessKey(_ context.Context, in *UpdateAccessKeyInput) (*UpdateAccessKeyOutput, error) {
	r.record(in)
	return &UpdateAccessKeyOutput{}, r.err
}

func (r *recorder) handlers() *Handlers {
	return &Handlers{CreateUser: r.CreateUser, ListUsers: r.ListUsers, DeleteUser: r.DeleteUser, UpdateAccessKey: r.UpdateAccessKey,
		GetAccountAuthorizationDetails: r.GetAccountAuthorizationDetails}
}

func ptr[T any](v T) *T { return &v }

var created = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func TestSDKCreateUser(t *testing.T) {
	t.Parallel()
	h := &recorder{out: &CreateUserOutput{User: &User{
		Path: "/ops/", UserName: "alice", UserId: "AIDAEXAMPLE1234567890", Arn: "arn:aws:iam::123456789012:user/ops/alice",
		CreateDate: created,
		PermissionsBoundary: &AttachedPermissionsBoundary{
			PermissionsBoundaryType: ptr(PermissionsBoundaryAttachmentTypePermissionsBoundaryPolicy),
			PermissionsBoundaryArn:  ptr("arn:aws:iam::aws:policy/PowerUserAccess"),
		},
		Tags: []Tag{{Key: "team", Value: "ops & <infra> \"q\" 'a'\r\n\tline"}, {Key: "empty", Value: ""}},
	}}}
	client := serve(t, dispatchTo(h.handlers()))
	out, err := client.CreateUser(context.Background(), &iam.CreateUserInput{
		UserName:            aws.String("alice"),
		Path:                aws.String("/ops/"),
		PermissionsBoundary: aws.String("arn:aws:iam::aws:policy/PowerUserAccess"),
		Tags:                []types.Tag{{Key: aws.String("team"), Value: aws.String("ops infra: a/b=c+d-e@f")}, {Key: aws.String("empty"), Value: aws.String("")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantIn := &CreateUserInput{
		Path: ptr("/ops/"), UserName: "alice", PermissionsBoundary: ptr("arn:aws:iam::aws:policy/PowerUserAccess"),
		Tags: []Tag{{Key: "team", Value: "ops infra: a/b=c+d-e@f"}, {Key: "empty", Value: ""}},
	}
	if diff := cmp.Diff(wantIn, h.last()); diff != "" {
		t.Errorf("decoded input (-want +got):\n%s", diff)
	}
	wantOut := &types.User{
		Path: aws.String("/ops/"), UserName: aws.String("alice"), UserId: aws.String("AIDAEXAMPLE1234567890"),
		Arn: aws.String("arn:aws:iam::123456789012:user/ops/alice"), CreateDate: aws.Time(created),
		PermissionsBoundary: &types.AttachedPermissionsBoundary{
			PermissionsBoundaryType: types.PermissionsBoundaryAttachmentTypePolicy,
			PermissionsBoundaryArn:  aws.String("arn:aws:iam::aws:policy/PowerUserAccess"),
		},
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("ops & <infra> \"q\" 'a'\r\n\tline")}, {Key: aws.String("empty"), Value: aws.String("")}},
	}
	if diff := cmp.Diff(wiretest.Normalize(wantOut), wiretest.Normalize(out.User)); diff != "" {
		t.Errorf("SDK output (-want +got):\n%s", diff)
	}
	if id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata); id != testRequestID {
		t.Errorf("request ID = %q", id)
	}
}

func TestSDKListUsersPagination(t *testing.T) {
	t.Parallel()
	h := &recorder{out: &ListUsersOutput{
		Users: []User{
			{Path: "/", UserName: "a", UserId: "AIDA1", Arn: "arn:aws:iam::123456789012:user/a", CreateDate: created,
				PasswordLastUsed: ptr(created.Add(time.Hour))},
			{Path: "/", UserName: "b", UserId: "AIDA2", Arn: "arn:aws:iam::123456789012:user/b", CreateDate: created},
		},
		IsTruncated: ptr(true),
		Marker:      ptr("bWFya2VyLTI="),
	}}
	client := serve(t, dispatchTo(h.handlers()))
	out, err := client.ListUsers(context.Background(), &iam.ListUsersInput{
		PathPrefix: aws.String("/"), Marker: aws.String("bWFya2VyLTE="), MaxItems: aws.Int32(2),
	})
	if err != nil {
		t.Fatal(err)
	}
	wantIn := &ListUsersInput{PathPrefix: ptr("/"), Marker: ptr("bWFya2VyLTE="), MaxItems: ptr(int32(2))}
	if diff := cmp.Diff(wantIn, h.last()); diff != "" {
		t.Errorf("decoded input (-want +got):\n%s", diff)
	}
	if !out.IsTruncated || aws.ToString(out.Marker) != "bWFya2VyLTI=" || len(out.Users) != 2 ||
		aws.ToString(out.Users[1].UserName) != "b" || !out.Users[0].PasswordLastUsed.Equal(created.Add(time.Hour)) {
		t.Errorf("SDK output = %+v", out)
	}

	// The SDK's paginator follows Marker until IsTruncated is false.
	pages := 0
	h2 := &recorder{out: &ListUsersOutput{Users: []User{}, IsTruncated: ptr(false)}}
	p := iam.NewListUsersPaginator(serve(t, dispatchTo(h2.handlers())), &iam.ListUsersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if page.Users == nil {
			t.Error("an empty <Users/> must decode as an empty list")
		}
		pages++
	}
	if pages != 1 {
		t.Errorf("pages = %d, want 1", pages)
	}
}

func TestSDKGetAccountAuthorizationDetails(t *testing.T) {
	t.Parallel()
	out := &GetAccountAuthorizationDetailsOutput{}
	wiretest.Fill(out)
	h := &recorder{out: out}
	client := serve(t, dispatchTo(h.handlers()))
	got, err := client.GetAccountAuthorizationDetails(context.Background(), &iam.GetAccountAuthorizationDetailsInput{
		Filter:   []types.EntityType{types.EntityTypeUser, types.EntityTypeAWSManagedPolicy},
		MaxItems: aws.Int32(100),
	})
	if err != nil {
		t.Fatal(err)
	}
	wantIn := &GetAccountAuthorizationDetailsInput{Filter: []EntityType{EntityTypeUser, EntityTypeAWSManagedPolicy}, MaxItems: ptr(int32(100))}
	if diff := cmp.Diff(wantIn, h.last()); diff != "" {
		t.Errorf("decoded input (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wiretest.Normalize(out), wiretest.Normalize(got)); diff != "" {
		t.Errorf("deeply nested output (-encoded +sdk):\n%s", diff)
	}
	// Spot-check a path four levels down, so the comparison above cannot pass on two empty trees.
	if v := got.Policies[1].PolicyVersionList[1].Document; v == nil || *v != *out.Policies[1].PolicyVersionList[1].Document {
		t.Errorf("Policies[1].PolicyVersionList[1].Document = %v", v)
	}
}

func TestSDKErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		call     func(*iam.Client) error
		err      error
		wantCode string
		wantMsg  string
		typed    any
	}{
		{
			name: "modeled error from the handler",
			call: func(c *iam.Client) error {
				_, err := c.CreateUser(context.Background(), &iam.CreateUserInput{UserName: aws.String("bob")})
				return err
			},
			err:      ErrEntityAlreadyExists("User with name %s already exists.", "bob"),
			wantCode: "EntityAlreadyExists",
			wantMsg:  "User with name bob already exists.",
			typed:    new(*types.EntityAlreadyExistsException),
		},
		{
			name: "validation error from the decoder",
			call: func(c *iam.Client) error {
				_, err := c.CreateUser(context.Background(), &iam.CreateUserInput{UserName: aws.String("bad/name")})
				return err
			},
			wantCode: "ValidationError",
			wantMsg:  `1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+`,
		},
		{
			name: "not implemented",
			call: func(c *iam.Client) error {
				_, err := c.GetUser(context.Background(), &iam.GetUserInput{UserName: aws.String("bob")})
				return err
			},
			wantCode: "NotImplemented",
			wantMsg:  "The operation GetUser is not implemented by this server.",
		},
		{
			name: "internal failure hides the cause",
			call: func(c *iam.Client) error {
				_, err := c.CreateUser(context.Background(), &iam.CreateUserInput{UserName: aws.String("bob")})
				return err
			},
			err:      errors.New("disk on fire"),
			wantCode: "InternalFailure",
			wantMsg:  "The request processing has failed because of an unknown error, exception or failure.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client := serve(t, dispatchTo((&recorder{err: tt.err}).handlers()))
			err := tt.call(client)
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
			var re interface{ ServiceRequestID() string }
			if errors.As(err, &re) && re.ServiceRequestID() != testRequestID {
				t.Errorf("request ID = %q", re.ServiceRequestID())
			}
		})
	}
}

func TestSDKEnumsAndBooleans(t *testing.T) {
	t.Parallel()
	h := &recorder{}
	client := serve(t, dispatchTo(h.handlers()))
	if _, err := client.UpdateAccessKey(context.Background(), &iam.UpdateAccessKeyInput{
		AccessKeyId: aws.String("AKIAIOSFODNN7EXAMPLE"), Status: types.StatusTypeInactive, UserName: aws.String("alice"),
	}); err != nil {
		t.Fatal(err)
	}
	want := &UpdateAccessKeyInput{UserName: ptr("alice"), AccessKeyId: "AKIAIOSFODNN7EXAMPLE", Status: StatusTypeInactive}
	if diff := cmp.Diff(want, h.last()); diff != "" {
		t.Errorf("decoded input (-want +got):\n%s", diff)
	}
	_, err := client.UpdateAccessKey(context.Background(), &iam.UpdateAccessKeyInput{
		AccessKeyId: aws.String("AKIAIOSFODNN7EXAMPLE"), Status: "Disabled",
	})
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || !strings.Contains(apiErr.ErrorMessage(), "Member must satisfy enum value set: [Active, Inactive, Expired]") {
		t.Errorf("bad enum: %v", err)
	}
}
