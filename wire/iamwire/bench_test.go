package iamwire

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"
)

func BenchmarkEncodeListUsers(b *testing.B) {
	out := &ListUsersOutput{IsTruncated: ptr(true), Marker: ptr("bWFya2Vy")}
	for i := 0; i < 100; i++ {
		out.Users = append(out.Users, User{
			Path: "/engineering/", UserName: fmt.Sprintf("user-%03d", i), UserId: "AIDACKCEVSQ6C2EXAMPLE",
			Arn: fmt.Sprintf("arn:aws:iam::123456789012:user/engineering/user-%03d", i), CreateDate: time.Now(),
			Tags: []Tag{{Key: "team", Value: "platform & <ops>"}},
		})
	}
	op, _ := Lookup("ListUsers")
	buf := op.Encode(nil, out, "req")
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf = op.Encode(buf[:0], out, "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE")
	}
}

func BenchmarkDecodeCreateUser(b *testing.B) {
	params := url.Values{"Action": {"CreateUser"}, "Version": {"2010-05-08"}, "UserName": {"alice"}, "Path": {"/ops/"},
		"Tags.member.1.Key": {"team"}, "Tags.member.1.Value": {"ops"}, "Tags.member.2.Key": {"env"}, "Tags.member.2.Value": {"prod"}}
	op, _ := Lookup("CreateUser")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := op.Decode(params); err != nil {
			b.Fatal(err)
		}
	}
}

var benchHandlers = &Handlers{GetUser: func(_ context.Context, in *GetUserInput) (*GetUserOutput, error) {
	return &GetUserOutput{User: User{Path: "/", UserName: *in.UserName, UserId: "AIDACKCEVSQ6C2EXAMPLE",
		Arn: "arn:aws:iam::123456789012:user/" + *in.UserName, CreateDate: time.Unix(1_800_000_000, 0)}}, nil
}}

func BenchmarkDispatchGetUser(b *testing.B) {
	params := url.Values{"Action": {"GetUser"}, "Version": {"2010-05-08"}, "UserName": {"alice"}}
	ctx := context.Background()
	var buf []byte
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var err error
		if buf, err = Dispatch(ctx, benchHandlers, params, "req", buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}
