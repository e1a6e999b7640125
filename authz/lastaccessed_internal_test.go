package authz

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/policy"
)

// BenchmarkRecordAccess is the cost recording an attempt for access advisor adds to every
// authorization of a user (steady state: the record is already buffered).
func BenchmarkRecordAccess(b *testing.B) {
	a := New(nil, Options{})
	call := &Call{Caller: &Caller{Kind: KindUser, AccountID: "111122223333"}, Region: "us-east-1"}
	p := &policy.Principal{Kind: policy.PrincipalUser, ARN: "arn:aws:iam::111122223333:user/alice"}
	a.recordAccess(call, p, "iam:GetUser")
	b.ReportAllocs()
	for b.Loop() {
		a.recordAccess(call, p, "iam:GetUser")
	}
}
