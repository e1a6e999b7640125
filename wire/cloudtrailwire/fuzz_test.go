package cloudtrailwire

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/jsonproto"
)

// FuzzDispatch serves arbitrary requests (method, path, query, X-Amz-Target, body) with empty Handlers
// handler: nothing may panic, every failure is an *awserr.Error, and its rendering is one JSON object.
func FuzzDispatch(f *testing.F) {
	for _, op := range operationList[:3] {
		f.Add(op.Method, op.Pattern, "maxResults=5", Service.TargetPrefix+"."+op.Name, []byte(`{"a":1}`))
	}
	f.Add("GET", "/%zz/{", "a=%zz", "x", []byte(`{`))
	f.Fuzz(func(t *testing.T, method, path, rawQuery, target string, body []byte) {
		if len(body) > 1<<16 {
			return
		}
		query, _ := url.ParseQuery(rawQuery)
		r := &jsonproto.Request{Method: method, Path: path, Query: query, Body: body,
			Header: map[string][]string{"X-Amz-Target": {target}}}
		_, err := Dispatch(context.Background(), &Handlers{}, r, nil)
		if err == nil {
			t.Fatal("empty Handlers answered a request")
		}
		if _, ok := err.(*awserr.Error); !ok {
			t.Fatalf("Dispatch returned %T", err)
		}
		resp := ErrorResponse(err, nil)
		var doc map[string]any
		if json.Unmarshal(resp.Body, &doc) != nil || doc["__type"] == nil || resp.Status < 400 {
			t.Fatalf("error rendered as %d %s", resp.Status, resp.Body)
		}
	})
}
