package rolesanywherewire

import (
	"context"
	"testing"

	"github.com/gatehouse-iam/gatehouse/wire/jsonproto"
)

var created = &Handlers{CreateProfile: func(_ context.Context, in *CreateProfileInput) (*CreateProfileOutput, error) {
	return &CreateProfileOutput{Profile: &ProfileDetail{Name: &in.Name}}, nil
}}

// TestResponseCode: a success answers with the model's http.responseCode (CreateProfile: 201), in
// restJson1's content type.
func TestResponseCode(t *testing.T) {
	t.Parallel()
	r := &jsonproto.Request{Method: "POST", Path: "/profiles",
		Body: []byte(`{"name":"p","roleArns":["arn:aws:iam::123456789012:role/r"]}`)}
	resp, err := Dispatch(context.Background(), created, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 201 || resp.ContentType != "application/json" || string(resp.Body) != `{"profile":{"name":"p"}}` {
		t.Errorf("got %d %s %s", resp.Status, resp.ContentType, resp.Body)
	}
}
