package orgwire

// Differential tests against aws-sdk-go-v2: the real Organizations client talks to an httptest server whose handler
// is this package's codec, so what the SDK serializes must decode into the right inputs, what we encode must
// decode into the SDK's outputs, member for member, and every modelled error must reach the SDK as its typed
// error with its code, message, HTTP status and members.

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/wire/internal/wiretest"
	"github.com/gatehouse-iam/gatehouse/wire/jsonproto"
)

// sdkOnlyInputMembers are members the aws-sdk-go-v2 client sends that the pinned model (botocore 1.43.67,
// older than the SDK module) does not have yet; the decoder ignores them, as AWS ignores unknown members.
// Moving the pinned model forward should empty this list.
var sdkOnlyInputMembers = map[string][]string{}

func init() {

}

// request turns an HTTP request into the pieces the codec takes, as the api package does.
func request(t *testing.T, r *http.Request) *jsonproto.Request {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		t.Errorf("reading the body: %v", err)
	}
	return &jsonproto.Request{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.Query(), Header: r.Header, Body: body}
}

// write sends a Response, as the api package does.
func write(w http.ResponseWriter, resp *jsonproto.Response) {
	w.Header().Set("Content-Type", resp.ContentType)
	w.Header().Set("X-Amzn-Requestid", "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE")
	for _, f := range resp.Header {
		w.Header().Add(f.Name, f.Value)
	}
	w.WriteHeader(resp.Status)
	w.Write(resp.Body)
}

// serve starts a server that answers every request with respond.
func serve(t *testing.T, respond func(r *jsonproto.Request) *jsonproto.Response) *organizations.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		write(w, respond(request(t, r)))
	}))
	t.Cleanup(srv.Close)
	return organizations.New(organizations.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
		HTTPClient:   srv.Client(),
		Retryer:      wiretest.Retryer(),
	})
}

// callSDK calls the client's method for an operation with a filled input and returns the SDK's input,
// output and error.
func callSDK(t *testing.T, client *organizations.Client, name string) (in, out any, err error) {
	t.Helper()
	method := reflect.ValueOf(client).MethodByName(name)
	if !method.IsValid() {
		t.Fatalf("the SDK has no %s: the pinned model and the SDK disagree", name)
	}
	input := reflect.New(method.Type().In(1).Elem())
	wiretest.Fill(input.Interface())
	res := method.Call([]reflect.Value{reflect.ValueOf(context.Background()), input})
	err, _ = res[1].Interface().(error)
	return input.Interface(), res[0].Interface(), err
}

// TestSDKEveryOperation calls every operation through the SDK with every input member set, and answers
// with every output member set: each input member must decode as the SDK sent it, and each output member
// must reach the SDK's output.
func TestSDKEveryOperation(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	decoded := map[string]any{}
	client := serve(t, func(r *jsonproto.Request) *jsonproto.Response {
		op, labels, err := Resolve(r)
		if err != nil {
			return ErrorResponse(err, nil)
		}
		in, _ := op.decode(r, labels) // constraint violations do not matter here: the SDK sends any value
		mu.Lock()
		decoded[op.Name] = in
		mu.Unlock()
		out := op.newOutput()
		wiretest.Fill(out)
		return op.Encode(nil, out)
	})
	for _, info := range Service.Operations {
		t.Run(info.Name, func(t *testing.T) {
			sent, got, err := callSDK(t, client, info.Name)
			if err != nil {
				t.Fatalf("%s: %v", info.Name, err)
			}
			mu.Lock()
			in := decoded[info.Name]
			mu.Unlock()
			sentTree, _ := wiretest.Normalize(sent).(map[string]any)
			for _, m := range sdkOnlyInputMembers[info.Name] {
				delete(sentTree, m)
			}
			if diff := cmp.Diff(any(sentTree), wiretest.Normalize(in)); diff != "" {
				t.Errorf("input decoded from the SDK's request (-sdk +decoded):\n%s", diff)
			}
			op, _ := Lookup(info.Name)
			want := op.newOutput()
			wiretest.Fill(want)
			if diff := cmp.Diff(wiretest.Normalize(want), wiretest.Normalize(got)); diff != "" {
				t.Errorf("output decoded by the SDK (-encoded +sdk):\n%s", diff)
			}
		})
	}
}

// TestSDKEveryError answers an operation that documents each modelled error with that error, its members
// filled: the SDK must surface its typed error (types.<Error>) with the code, the message, the modelled
// status and every member.
func TestSDKEveryError(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	answer := map[string]error{}
	client := serve(t, func(r *jsonproto.Request) *jsonproto.Response {
		op, _, err := Resolve(r)
		if err == nil {
			mu.Lock()
			err = answer[op.Name]
			mu.Unlock()
		}
		return ErrorResponse(err, nil)
	})
	for _, e := range errorCases() {
		t.Run(e.code, func(t *testing.T) {
			mu.Lock()
			answer[e.op] = e.err
			mu.Unlock()
			_, _, err := callSDK(t, client, e.op)
			var api smithy.APIError
			if !errors.As(err, &api) {
				t.Fatalf("%s: got %v, want an API error", e.op, err)
			}
			if api.ErrorCode() != e.code || api.ErrorMessage() != "the message of "+e.code {
				t.Errorf("code %q, message %q", api.ErrorCode(), api.ErrorMessage())
			}
			var re *awshttp.ResponseError
			if errors.As(err, &re) && re.HTTPStatusCode() != e.status {
				t.Errorf("HTTP status %d, want %d", re.HTTPStatusCode(), e.status)
			}
			typed := reflect.ValueOf(api)
			if typed.Kind() != reflect.Pointer || typed.Elem().Type().Name() != e.shape || typed.Elem().Type().PkgPath() != reflect.TypeFor[types.AWSOrganizationsNotInUseException]().PkgPath() {
				t.Fatalf("the SDK surfaced %T, want *types.%s", api, e.shape)
			}
			got := wiretest.Normalize(api).(map[string]any)
			delete(got, "Message")
			delete(got, "ErrorCodeOverride")
			want, _ := wiretest.Normalize(e.fields).(map[string]any)
			if diff := cmp.Diff(want, got, cmp.Transformer("emptyIsNil", func(m map[string]any) map[string]any {
				if len(m) == 0 {
					return nil
				}
				return m
			})); diff != "" {
				t.Errorf("modelled members (-sent +sdk):\n%s", diff)
			}
		})
	}
}

type errorCase struct {
	code, shape, op string
	status          int
	err             error
	fields          any
}

// errorCases builds one case per modelled error: an operation that lists it, and the error with every
// modelled member filled (through the Err…With constructor when the error has members).
func errorCases() []errorCase {
	var out []errorCase
	seen := map[string]bool{}
	for _, op := range Service.Operations {
		for _, ref := range op.Errors {
			if seen[ref.Code] {
				continue
			}
			seen[ref.Code] = true
			c := errorCase{code: ref.Code, shape: ref.Code, op: op.Name, status: ref.Status}
			c.err, c.fields = newError(ref.Code, "the message of "+ref.Code)
			out = append(out, c)
		}
	}
	return out
}

// newError builds the error with code through this package's constructors, by reflection: Err<Code>With
// with filled fields when it exists, else Err<Code>.
func newError(code, message string) (error, any) {
	if with, ok := constructorsWith[code]; ok {
		fields := reflect.New(with.Type().In(0))
		wiretest.Fill(fields.Interface())
		res := with.Call([]reflect.Value{fields.Elem(), reflect.ValueOf("%s"), reflect.ValueOf(message)})
		return res[0].Interface().(error), fields.Interface()
	}
	res := constructors[code].Call([]reflect.Value{reflect.ValueOf("%s"), reflect.ValueOf(message)})
	return res[0].Interface().(error), nil
}

var _ = strings.TrimSpace

// constructors and constructorsWith are this package's error constructors by code.
var (
	constructors = map[string]reflect.Value{
		ErrCodeAWSOrganizationsNotInUseException:                reflect.ValueOf(ErrAWSOrganizationsNotInUseException),
		ErrCodeAccessDeniedException:                            reflect.ValueOf(ErrAccessDeniedException),
		ErrCodeAccessDeniedForDependencyException:               reflect.ValueOf(ErrAccessDeniedForDependencyException),
		ErrCodeAccountAlreadyClosedException:                    reflect.ValueOf(ErrAccountAlreadyClosedException),
		ErrCodeAccountAlreadyRegisteredException:                reflect.ValueOf(ErrAccountAlreadyRegisteredException),
		ErrCodeAccountNotFoundException:                         reflect.ValueOf(ErrAccountNotFoundException),
		ErrCodeAccountNotRegisteredException:                    reflect.ValueOf(ErrAccountNotRegisteredException),
		ErrCodeAccountOwnerNotVerifiedException:                 reflect.ValueOf(ErrAccountOwnerNotVerifiedException),
		ErrCodeAlreadyInOrganizationException:                   reflect.ValueOf(ErrAlreadyInOrganizationException),
		ErrCodeChildNotFoundException:                           reflect.ValueOf(ErrChildNotFoundException),
		ErrCodeConcurrentModificationException:                  reflect.ValueOf(ErrConcurrentModificationException),
		ErrCodeConflictException:                                reflect.ValueOf(ErrConflictException),
		ErrCodeConstraintViolationException:                     reflect.ValueOf(ErrConstraintViolationException),
		ErrCodeCreateAccountStatusNotFoundException:             reflect.ValueOf(ErrCreateAccountStatusNotFoundException),
		ErrCodeDestinationParentNotFoundException:               reflect.ValueOf(ErrDestinationParentNotFoundException),
		ErrCodeDuplicateAccountException:                        reflect.ValueOf(ErrDuplicateAccountException),
		ErrCodeDuplicateHandshakeException:                      reflect.ValueOf(ErrDuplicateHandshakeException),
		ErrCodeDuplicateOrganizationalUnitException:             reflect.ValueOf(ErrDuplicateOrganizationalUnitException),
		ErrCodeDuplicatePolicyAttachmentException:               reflect.ValueOf(ErrDuplicatePolicyAttachmentException),
		ErrCodeDuplicatePolicyException:                         reflect.ValueOf(ErrDuplicatePolicyException),
		ErrCodeEffectivePolicyNotFoundException:                 reflect.ValueOf(ErrEffectivePolicyNotFoundException),
		ErrCodeFinalizingOrganizationException:                  reflect.ValueOf(ErrFinalizingOrganizationException),
		ErrCodeHandshakeAlreadyInStateException:                 reflect.ValueOf(ErrHandshakeAlreadyInStateException),
		ErrCodeHandshakeConstraintViolationException:            reflect.ValueOf(ErrHandshakeConstraintViolationException),
		ErrCodeHandshakeNotFoundException:                       reflect.ValueOf(ErrHandshakeNotFoundException),
		ErrCodeInvalidHandshakeTransitionException:              reflect.ValueOf(ErrInvalidHandshakeTransitionException),
		ErrCodeInvalidInputException:                            reflect.ValueOf(ErrInvalidInputException),
		ErrCodeInvalidResponsibilityTransferTransitionException: reflect.ValueOf(ErrInvalidResponsibilityTransferTransitionException),
		ErrCodeMalformedPolicyDocumentException:                 reflect.ValueOf(ErrMalformedPolicyDocumentException),
		ErrCodeMasterCannotLeaveOrganizationException:           reflect.ValueOf(ErrMasterCannotLeaveOrganizationException),
		ErrCodeOrganizationNotEmptyException:                    reflect.ValueOf(ErrOrganizationNotEmptyException),
		ErrCodeOrganizationalUnitNotEmptyException:              reflect.ValueOf(ErrOrganizationalUnitNotEmptyException),
		ErrCodeOrganizationalUnitNotFoundException:              reflect.ValueOf(ErrOrganizationalUnitNotFoundException),
		ErrCodeParentNotFoundException:                          reflect.ValueOf(ErrParentNotFoundException),
		ErrCodePolicyChangesInProgressException:                 reflect.ValueOf(ErrPolicyChangesInProgressException),
		ErrCodePolicyInUseException:                             reflect.ValueOf(ErrPolicyInUseException),
		ErrCodePolicyNotAttachedException:                       reflect.ValueOf(ErrPolicyNotAttachedException),
		ErrCodePolicyNotFoundException:                          reflect.ValueOf(ErrPolicyNotFoundException),
		ErrCodePolicyTypeAlreadyEnabledException:                reflect.ValueOf(ErrPolicyTypeAlreadyEnabledException),
		ErrCodePolicyTypeNotAvailableForOrganizationException:   reflect.ValueOf(ErrPolicyTypeNotAvailableForOrganizationException),
		ErrCodePolicyTypeNotEnabledException:                    reflect.ValueOf(ErrPolicyTypeNotEnabledException),
		ErrCodeResourcePolicyNotFoundException:                  reflect.ValueOf(ErrResourcePolicyNotFoundException),
		ErrCodeResponsibilityTransferAlreadyInStatusException:   reflect.ValueOf(ErrResponsibilityTransferAlreadyInStatusException),
		ErrCodeResponsibilityTransferNotFoundException:          reflect.ValueOf(ErrResponsibilityTransferNotFoundException),
		ErrCodeRootNotFoundException:                            reflect.ValueOf(ErrRootNotFoundException),
		ErrCodeServiceException:                                 reflect.ValueOf(ErrServiceException),
		ErrCodeSourceParentNotFoundException:                    reflect.ValueOf(ErrSourceParentNotFoundException),
		ErrCodeTargetNotFoundException:                          reflect.ValueOf(ErrTargetNotFoundException),
		ErrCodeTooManyRequestsException:                         reflect.ValueOf(ErrTooManyRequestsException),
		ErrCodeUnsupportedAPIEndpointException:                  reflect.ValueOf(ErrUnsupportedAPIEndpointException),
	}
	constructorsWith = map[string]reflect.Value{
		ErrCodeAccessDeniedForDependencyException:    reflect.ValueOf(ErrAccessDeniedForDependencyExceptionWith),
		ErrCodeConstraintViolationException:          reflect.ValueOf(ErrConstraintViolationExceptionWith),
		ErrCodeHandshakeConstraintViolationException: reflect.ValueOf(ErrHandshakeConstraintViolationExceptionWith),
		ErrCodeInvalidInputException:                 reflect.ValueOf(ErrInvalidInputExceptionWith),
		ErrCodeTooManyRequestsException:              reflect.ValueOf(ErrTooManyRequestsExceptionWith),
	}
)
