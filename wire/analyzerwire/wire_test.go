package analyzerwire

import (
	"context"
	"net/url"
	"testing"

	"github.com/gatehouse-iam/gatehouse/wire/jsonproto"
	"github.com/google/go-cmp/cmp"
)

// TestBadInput: Access Analyzer answers violations with ValidationException, reason fieldValidationFailed
// and a field list; unreadable values with reason cannotParse; an unknown route with 404.
func TestBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, method, path, query, body string
		status                          int
		want                            string
	}{
		{"label pattern", "GET", "/analyzer/9bad", "", "", 400,
			`{"__type":"ValidationException","message":"1 validation error detected: Value '9bad' at 'analyzerName' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z_][A-Za-z0-9_.-]*","reason":"fieldValidationFailed","fieldList":[{"name":"analyzerName","message":"Value '9bad' at 'analyzerName' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z_][A-Za-z0-9_.-]*"}]}`},
		{"query integer", "GET", "/analyzer", "maxResults=ten", "", 400,
			`{"__type":"ValidationException","message":"Cannot read the value at 'maxResults': 'ten' is not an integer of 32 bits.","reason":"cannotParse"}`},
		{"unknown route", "GET", "/analyzers", "", "", 404,
			`{"__type":"UnknownOperationException","message":"No operation of AccessAnalyzer matches GET /analyzers."}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q, _ := url.ParseQuery(tt.query)
			r := &jsonproto.Request{Method: tt.method, Path: tt.path, Query: q, Body: []byte(tt.body)}
			_, err := Dispatch(context.Background(), &Handlers{}, r, nil)
			resp := ErrorResponse(err, nil)
			if resp.Status != tt.status || string(resp.Body) != tt.want {
				t.Errorf("got %d %s\nwant %d %s", resp.Status, resp.Body, tt.status, tt.want)
			}
		})
	}
}

// TestRetryAfter: ThrottlingException's retryAfterSeconds is the Retry-After header, not a body member.
func TestRetryAfter(t *testing.T) {
	t.Parallel()
	secs := int32(7)
	resp := ErrorResponse(ErrThrottlingExceptionWith(ThrottlingExceptionFields{RetryAfterSeconds: &secs}, "slow down"), nil)
	want := []jsonproto.Field{{Name: "X-Amzn-Errortype", Value: "ThrottlingException"}, {Name: "Retry-After", Value: "7"}}
	if diff := cmp.Diff(want, resp.Header); diff != "" || resp.Status != 429 ||
		string(resp.Body) != `{"__type":"ThrottlingException","message":"slow down"}` {
		t.Errorf("got %d %s, headers (-want +got):\n%s", resp.Status, resp.Body, diff)
	}
}
