package query

import (
	"net/url"
	"testing"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/google/go-cmp/cmp"
)

func TestAction(t *testing.T) {
	t.Parallel()
	has := func(a string) bool { return a == "CreateUser" }
	tests := []struct {
		name    string
		params  url.Values
		want    string
		wantErr *awserr.Error
	}{
		{name: "known action and version", params: url.Values{"Action": {"CreateUser"}, "Version": {"2010-05-08"}}, want: "CreateUser"},
		{name: "no version is accepted", params: url.Values{"Action": {"CreateUser"}}, want: "CreateUser"},
		{
			name:    "unknown action",
			params:  url.Values{"Action": {"CreateUsers"}, "Version": {"2010-05-08"}},
			wantErr: awserr.InvalidAction("CreateUsers", "2010-05-08"),
		},
		{
			name:    "wrong version",
			params:  url.Values{"Action": {"CreateUser"}, "Version": {"2011-06-15"}},
			wantErr: awserr.InvalidAction("CreateUser", "2011-06-15"),
		},
		{
			name:    "no action",
			params:  url.Values{"Version": {"2010-05-08"}},
			wantErr: &awserr.Error{Code: "MissingAction", Status: 400, Fault: awserr.Sender, Message: "Missing Action"},
		},
		{
			name:    "empty action",
			params:  url.Values{"Action": {""}},
			wantErr: &awserr.Error{Code: "MissingAction", Status: 400, Fault: awserr.Sender, Message: "Missing Action"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Action(tt.params, "2010-05-08", has)
			if tt.wantErr == nil {
				if err != nil || got != tt.want {
					t.Fatalf("Action() = %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if diff := cmp.Diff(tt.wantErr, err); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
	if got := awserr.InvalidAction("CreateUsers", "2010-05-08").Message; got != "Could not find operation CreateUsers for version 2010-05-08" {
		t.Errorf("InvalidAction message = %q", got)
	}
}

func TestNotImplemented(t *testing.T) {
	t.Parallel()
	want := &awserr.Error{Code: "NotImplemented", Status: 501, Fault: awserr.Receiver,
		Message: "The operation CreateUser is not implemented by this server."}
	if diff := cmp.Diff(want, NotImplemented("CreateUser")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
