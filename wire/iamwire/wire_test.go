package iamwire

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/awserr"
)

const ns = `xmlns="https://iam.amazonaws.com/doc/2010-05-08/"`

func TestGoldenXML(t *testing.T) {
	t.Parallel()
	alice := User{Path: "/", UserName: "alice", UserId: "AIDACKCEVSQ6C2EXAMPLE", Arn: "arn:aws:iam::123456789012:user/alice",
		CreateDate: created, Tags: []Tag{{Key: "team", Value: "ops"}}}
	tests := []struct {
		op   string
		out  any
		want string
	}{
		{
			op:  "CreateUser",
			out: &CreateUserOutput{User: &alice},
			want: `<CreateUserResponse ` + ns + `><CreateUserResult><User><Path>/</Path><UserName>alice</UserName>` +
				`<UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Arn>arn:aws:iam::123456789012:user/alice</Arn>` +
				`<CreateDate>2026-11-24T10:00:00Z</CreateDate><Tags><member><Key>team</Key><Value>ops</Value></member></Tags>` +
				`</User></CreateUserResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></CreateUserResponse>`,
		},
		{
			op:  "ListUsers",
			out: &ListUsersOutput{Users: []User{{Path: "/", UserName: "bob", UserId: "AIDA2", Arn: "arn:aws:iam::123456789012:user/bob", CreateDate: created}}, IsTruncated: ptr(true), Marker: ptr("m2")},
			want: `<ListUsersResponse ` + ns + `><ListUsersResult><Users><member><Path>/</Path><UserName>bob</UserName>` +
				`<UserId>AIDA2</UserId><Arn>arn:aws:iam::123456789012:user/bob</Arn><CreateDate>2026-11-24T10:00:00Z</CreateDate>` +
				`</member></Users><IsTruncated>true</IsTruncated><Marker>m2</Marker></ListUsersResult>` +
				`<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></ListUsersResponse>`,
		},
		{
			op:  "ListUsers",
			out: &ListUsersOutput{IsTruncated: ptr(false)},
			want: `<ListUsersResponse ` + ns + `><ListUsersResult><Users></Users><IsTruncated>false</IsTruncated></ListUsersResult>` +
				`<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></ListUsersResponse>`,
		},
		{
			op:   "DeleteUser",
			out:  &DeleteUserOutput{},
			want: `<DeleteUserResponse ` + ns + `><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></DeleteUserResponse>`,
		},
		{
			op:  "GetAccountSummary",
			out: &GetAccountSummaryOutput{SummaryMap: map[string]int32{"Users": 27, "Groups": 3}},
			want: `<GetAccountSummaryResponse ` + ns + `><GetAccountSummaryResult><SummaryMap>` +
				`<entry><key>Groups</key><value>3</value></entry><entry><key>Users</key><value>27</value></entry>` +
				`</SummaryMap></GetAccountSummaryResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>` +
				`</GetAccountSummaryResponse>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			t.Parallel()
			op, ok := Lookup(tt.op)
			if !ok {
				t.Fatalf("no operation %s", tt.op)
			}
			if got := string(op.Encode(nil, tt.out, "r-1")); got != tt.want {
				t.Errorf("document:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestEncodeAppendsToDst(t *testing.T) {
	t.Parallel()
	op, _ := Lookup("DeleteUser")
	buf := make([]byte, 0, 256)
	got := op.Encode(append(buf, "x"...), &DeleteUserOutput{}, "r")
	if !strings.HasPrefix(string(got), "x<DeleteUserResponse") || &got[0] != &buf[:1][0] {
		t.Errorf("Encode must append to dst in place, got %q", got)
	}
}

func TestValidationMessages(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 65)
	var manyTags []string
	for i := 1; i <= 51; i++ {
		n := strings.Repeat("x", i%5+1)
		manyTags = append(manyTags, "Tags.member."+itoa(i)+".Key="+n+itoa(i), "Tags.member."+itoa(i)+".Value=v")
	}
	tests := []struct {
		name  string
		query string
		want  string
	}{
		{"missing required", "Action=CreateUser",
			"1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must not be null"},
		{"length and pattern", "Action=CreateUser&UserName=" + long + "!",
			"2 validation errors detected: Value at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64; " +
				`Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+`},
		{"empty string", "Action=GetUser&UserName=",
			"2 validation errors detected: Value at 'userName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
				`Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+`},
		{"too many tags", "Action=CreateUser&UserName=a&" + strings.Join(manyTags, "&"),
			"1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50"},
		{"nested member paths", "Action=CreateUser&UserName=a&Tags.member.1.Key=bad*key&Tags.member.1.Value=v&Tags.member.2.Key=k",
			"2 validation errors detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
				`[\p{L}\p{Z}\p{N}_.:/=+\-@]+; Value at 'tags.2.member.value' failed to satisfy constraint: Member must not be null`},
		{"range", "Action=ListUsers&MaxItems=0",
			"1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000"},
		{"malformed number", "Action=ListUsers&MaxItems=ten",
			"1 validation error detected: Value 'ten' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000"},
		{"enum and model order", "Action=UpdateAccessKey&Status=Disabled",
			"2 validation errors detected: Value at 'accessKeyId' failed to satisfy constraint: Member must not be null; " +
				"Value at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]"},
		{"list of enums", "Action=GetAccountAuthorizationDetails&Filter.member.1=User&Filter.member.2=Bogus",
			"1 validation error detected: Value at 'filter' failed to satisfy constraint: Member must satisfy constraint: " +
				"[Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy], Member must not be null]"},
		{"list of strings", "Action=UntagUser&UserName=a&TagKeys.member.1=ok&TagKeys.member.2=bad*",
			"1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: " +
				"[Member must have length less than or equal to 128, Member must have length greater than or equal to 1, " +
				`Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+, Member must not be null]`},
		{"pattern with a lookahead", "Action=CreateAccountAlias&AccountAlias=my--alias",
			"1 validation error detected: Value at 'accountAlias' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
				"^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$"},
		{"sensitive", "Action=CreateLoginProfile&UserName=a&Password=" + strings.Repeat("p", 129),
			"1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 128"},
		{"boolean", "Action=CreateLoginProfile&UserName=a&Password=p&PasswordResetRequired=maybe",
			"1 validation error detected: Value 'maybe' at 'passwordResetRequired' failed to satisfy constraint: Member must be a boolean"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			params, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Dispatch(context.Background(), &Handlers{}, params, "r", nil)
			var e *awserr.Error
			if !errors.As(err, &e) {
				t.Fatalf("Dispatch error = %v, want a ValidationError", err)
			}
			want := &awserr.Error{Code: "ValidationError", Status: 400, Fault: awserr.Sender, Message: tt.want}
			if diff := cmp.Diff(want, e); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func itoa(i int) string {
	return strings.TrimLeft(string([]byte{byte('0' + i/100%10), byte('0' + i/10%10), byte('0' + i%10)}), "0")
}

func TestDecodeLeniency(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		query string
		want  any
	}{
		{"unknown parameters ignored", "Action=CreateUser&Version=2010-05-08&UserName=a&Foo=bar&Tags.member.1.Colour=red&Tags.member.1.Key=k&Tags.member.1.Value=v",
			&CreateUserInput{UserName: "a", Tags: []Tag{{Key: "k", Value: "v"}}}},
		{"empty list sent as a bare name", "Action=CreateUser&UserName=a&Tags=",
			&CreateUserInput{UserName: "a", Tags: []Tag{}}},
		{"absent differs from empty", "Action=CreateUser&UserName=a&Path=",
			nil}, // Path "" violates the model: checked below via the error
		{"optional boolean and integer", "Action=CreateLoginProfile&UserName=a&Password=p&PasswordResetRequired=TRUE",
			&CreateLoginProfileInput{UserName: ptr("a"), Password: ptr("p"), PasswordResetRequired: ptr(true)}},
		{"operation without input", "Action=GetAccountSummary", &GetAccountSummaryInput{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			params, _ := url.ParseQuery(tt.query)
			op, err := Resolve(params)
			if err != nil {
				t.Fatal(err)
			}
			got, err := op.Decode(params)
			if tt.want == nil {
				if err == nil || !strings.Contains(err.Error(), "'path'") {
					t.Errorf("Path= must be present and invalid, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDispatchProtocolErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		params url.Values
		want   *awserr.Error
	}{
		{"unknown action", url.Values{"Action": {"CreateUsers"}, "Version": {"2010-05-08"}},
			awserr.InvalidAction("CreateUsers", "2010-05-08")},
		{"STS action sent to IAM", url.Values{"Action": {"AssumeRole"}, "Version": {"2011-06-15"}},
			awserr.InvalidAction("AssumeRole", "2011-06-15")},
		{"missing action", url.Values{"UserName": {"a"}},
			&awserr.Error{Code: "MissingAction", Status: 400, Fault: awserr.Sender, Message: "Missing Action"}},
		{"not implemented", url.Values{"Action": {"GetUser"}},
			&awserr.Error{Code: "NotImplemented", Status: 501, Fault: awserr.Receiver, Message: "The operation GetUser is not implemented by this server."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dst := []byte("keep")
			got, err := Dispatch(context.Background(), &Handlers{}, tt.params, "r", dst)
			if string(got) != "keep" {
				t.Errorf("dst changed on error: %q", got)
			}
			if diff := cmp.Diff(tt.want, err); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// nilHandlers answer with nil outputs and a typed nil error.
var nilHandlers = &Handlers{
	GetGroup: func(context.Context, *GetGroupInput) (*GetGroupOutput, error) {
		var e *awserr.Error
		return nil, e // a typed nil, the classic Go mistake
	},
	GetUser:    func(context.Context, *GetUserInput) (*GetUserOutput, error) { return nil, nil },
	DeleteUser: func(context.Context, *DeleteUserInput) (*DeleteUserOutput, error) { return nil, nil },
}

func TestNilOutputs(t *testing.T) {
	t.Parallel()
	_, err := Dispatch(context.Background(), nilHandlers, url.Values{"Action": {"GetUser"}}, "r", nil)
	if !awserr.Is(err, "InternalFailure") {
		t.Errorf("nil output of GetUser: %v, want InternalFailure", err)
	}
	_, err = Dispatch(context.Background(), nilHandlers, url.Values{"Action": {"GetGroup"}, "GroupName": {"g"}}, "r", nil)
	if e, ok := err.(*awserr.Error); !ok || e == nil || e.Code != "InternalFailure" {
		t.Errorf("typed nil error from GetGroup: %#v, want InternalFailure", err)
	}
	body, err := Dispatch(context.Background(), nilHandlers, url.Values{"Action": {"DeleteUser"}, "UserName": {"a"}}, "r", nil)
	if err != nil || !strings.HasPrefix(string(body), "<DeleteUserResponse") {
		t.Errorf("nil output of DeleteUser: %q, %v", body, err)
	}
}

func TestErrorConstructors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		got  *awserr.Error
		want *awserr.Error
	}{
		{ErrNoSuchEntity("The user with name %s cannot be found.", "bob"),
			&awserr.Error{Code: "NoSuchEntity", Status: 404, Fault: awserr.Sender, Message: "The user with name bob cannot be found."}},
		{ErrEntityAlreadyExists("x"), &awserr.Error{Code: "EntityAlreadyExists", Status: 409, Fault: awserr.Sender, Message: "x"}},
		{ErrServiceFailure("x"), &awserr.Error{Code: "ServiceFailure", Status: 500, Fault: awserr.Receiver, Message: "x"}},
		{ErrReportInProgress("x"), &awserr.Error{Code: "ReportInProgress", Status: 404, Fault: awserr.Sender, Message: "x"}},
		{ErrOrganizationNotFoundException("x"), &awserr.Error{Code: "OrganizationNotFoundException", Status: 400, Fault: awserr.Sender, Message: "x"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	}
	if ErrCodeNoSuchEntity != "NoSuchEntity" || ErrCodeLimitExceeded != "LimitExceeded" {
		t.Error("error code constants must be the model's codes")
	}
}

func TestServiceDescription(t *testing.T) {
	t.Parallel()
	if len(Service.Operations) != 176 {
		t.Errorf("IAM has %d operations, want 176", len(Service.Operations))
	}
	for i, op := range Service.Operations {
		if i > 0 && Service.Operations[i-1].Name >= op.Name {
			t.Errorf("operations not sorted at %s", op.Name)
		}
		if _, ok := Lookup(op.Name); !ok {
			t.Errorf("%s is not in the operations table", op.Name)
		}
		if op.Doc == "" {
			t.Errorf("%s has no documentation", op.Name)
		}
	}
	lu, _ := Service.Operation("ListUsers")
	want := "Marker/Marker/MaxItems/IsTruncated"
	if p := lu.Pagination; p == nil || p.InputToken+"/"+p.OutputToken+"/"+p.LimitKey+"/"+p.MoreResults != want {
		t.Errorf("ListUsers pagination = %+v", lu.Pagination)
	}
	if cu, _ := Service.Operation("CreateUser"); cu.Pagination != nil || len(cu.Errors) == 0 {
		t.Errorf("CreateUser = %+v", cu)
	}
}
