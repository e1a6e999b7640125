package orgwire

import (
	"context"
	"testing"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/jsonproto"
	"github.com/google/go-cmp/cmp"
)

func target(op string) map[string][]string {
	return map[string][]string{"X-Amz-Target": {"AWSOrganizationsV20161128." + op}}
}

// TestBadInput: Organizations answers constraint violations with InvalidInputException and the reason
// naming the kind of violation, and a wrong JSON type with SerializationException.
func TestBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, op, body string
		want           string
	}{
		{"pattern", "DescribeAccount", `{"AccountId":"123"}`,
			`{"__type":"InvalidInputException","Message":"1 validation error detected: Value '123' at 'accountId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^\\d{12}$","Reason":"INVALID_PATTERN"}`},
		{"missing", "DescribeAccount", `{}`,
			`{"__type":"InvalidInputException","Message":"1 validation error detected: Value null at 'accountId' failed to satisfy constraint: Member must not be null","Reason":"INPUT_REQUIRED"}`},
		{"wrong type", "ListAccounts", `{"MaxResults":"5"}`,
			`{"__type":"SerializationException","message":"Cannot read the value at 'maxResults': expected an integer, found a string."}`},
		{"not JSON", "ListAccounts", `{"MaxResults":`,
			`{"__type":"SerializationException","message":"The request body is not a valid JSON object: unexpected EOF"}`},
		{"unknown operation", "LaunchRockets", `{}`,
			`{"__type":"UnknownOperationException","message":"The X-Amz-Target header does not name an operation of Organizations."}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := &jsonproto.Request{Method: "POST", Path: "/", Header: target(tt.op), Body: []byte(tt.body)}
			_, err := Dispatch(context.Background(), &Handlers{}, r, nil)
			resp := ErrorResponse(err, nil)
			if resp.Status != 400 || string(resp.Body) != tt.want {
				t.Errorf("got %d %s\nwant 400 %s", resp.Status, resp.Body, tt.want)
			}
		})
	}
}

// TestNotImplemented: a valid request to an operation no service implements yet is 501 NotImplemented.
func TestNotImplemented(t *testing.T) {
	t.Parallel()
	r := &jsonproto.Request{Method: "POST", Path: "/", Header: target("DescribeOrganization"), Body: []byte(`{}`)}
	_, err := Dispatch(context.Background(), &Handlers{}, r, nil)
	if e := awserr.As(err); e.Code != "NotImplemented" || e.Status != 501 {
		t.Fatalf("got %v", err)
	}
	resp := ErrorResponse(err, nil)
	want := []jsonproto.Field{{Name: "X-Amzn-Errortype", Value: "NotImplemented"}}
	if diff := cmp.Diff(want, resp.Header); diff != "" || resp.ContentType != "application/x-amz-json-1.1" {
		t.Errorf("headers (-want +got):\n%s; content type %s", diff, resp.ContentType)
	}
}
