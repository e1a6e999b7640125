package iamwire

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/gatehouse-iam/gatehouse/awserr"
)

// FuzzDecodeQuery feeds arbitrary query strings to every operation's decoder and to Dispatch: nothing may
// panic, and every failure must be an AWS client error (never a 500).
func FuzzDecodeQuery(f *testing.F) {
	for _, seed := range []string{
		"Action=CreateUser&Version=2010-05-08&UserName=alice&Path=%2F&Tags.member.1.Key=k&Tags.member.1.Value=v",
		"Action=ListUsers&MaxItems=99999999999999999999&Marker=",
		"Action=GetAccountAuthorizationDetails&Filter.member.1=User&Filter.member.2=Role&Filter=",
		"Action=CreateLoginProfile&UserName=a&Password=%00%FF&PasswordResetRequired=tRuE",
		"Action=UpdateAccountPasswordPolicy&MinimumPasswordLength=-1&MaxPasswordAge=1e3",
		"Action=SimulateCustomPolicy&PolicyInputList.member.1=%7B%7D&ContextEntries.member.1.ContextKeyValues.member.1=x",
		"Tags.member.1.Key.member.1=x&Tags.member.2=&Tags..member=&.=.&&&=",
		"Action=CreateAccountAlias&AccountAlias=a--b",
		"Action=UploadServerCertificate&ServerCertificateName=c&CertificateBody=%F0%9F%98%80&PrivateKey=k",
	} {
		f.Add(seed)
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, raw string) {
		params, _ := url.ParseQuery(raw) // keeps what it could parse, as a server would
		check := func(where string, err error) {
			if err == nil {
				return
			}
			var e *awserr.Error
			if !errors.As(err, &e) {
				t.Fatalf("%s: %T %v is not an *awserr.Error", where, err, err)
			}
			if e.Status < 400 || e.Status >= 500 {
				if e.Code != "NotImplemented" {
					t.Fatalf("%s: %s has status %d", where, e.Code, e.Status)
				}
			}
		}
		for _, info := range Service.Operations {
			op, _ := Lookup(info.Name)
			_, err := op.Decode(params)
			check(info.Name, err)
		}
		_, err := Dispatch(ctx, &Handlers{}, params, "r", nil)
		check("Dispatch", err)
	})
}
