package wire_test

import (
	"context"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/wire"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// TestSetHandler: a Handlers field is set only by a function of exactly its type, under the name
// of an operation of the model; what is set is served.
func TestSetHandler(t *testing.T) {
	t.Parallel()
	h := &stswire.Handlers{}
	getCallerIdentity := func(context.Context, *stswire.GetCallerIdentityInput) (*stswire.GetCallerIdentityOutput, error) {
		return &stswire.GetCallerIdentityOutput{}, nil
	}
	if h.Served("GetCallerIdentity") {
		t.Fatal("an empty Handlers serves GetCallerIdentity")
	}
	for _, tc := range []struct {
		name string
		f    any
		want string
	}{
		{"GetCallerIdentity", getCallerIdentity, ""},
		{"GetCallerIdentityX", getCallerIdentity, "no operation"},
		{"AssumeRole", getCallerIdentity, "not a non-nil"},
		{"GetCallerIdentity", "not a function", "not a non-nil"},
		{"GetCallerIdentity", nil, "not a non-nil"},
		{"GetCallerIdentity", (func(context.Context, *stswire.GetCallerIdentityInput) (*stswire.GetCallerIdentityOutput, error))(nil), "not a non-nil"},
	} {
		err := h.Set(tc.name, tc.f)
		if (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Set(%s, %T) = %v, want %q", tc.name, tc.f, err, tc.want)
		}
	}
	if !h.Served("GetCallerIdentity") || h.Served("AssumeRole") || h.Served("Nothing") {
		t.Errorf("Served: GetCallerIdentity %v, AssumeRole %v, Nothing %v", h.Served("GetCallerIdentity"),
			h.Served("AssumeRole"), h.Served("Nothing"))
	}
	if out, err := h.GetCallerIdentity(context.Background(), nil); out == nil || err != nil {
		t.Errorf("the set field = %v, %v", out, err)
	}
	if err := wire.SetHandler(stswire.Handlers{}, "GetCallerIdentity", getCallerIdentity); err == nil {
		t.Error("SetHandler set a field of a copy")
	}
	var none *stswire.Handlers
	if none.Served("GetCallerIdentity") {
		t.Error("a nil Handlers serves")
	}
}
