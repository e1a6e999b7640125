package authn_test

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/authn"
	"github.com/gatehouse-iam/gatehouse/callctx"
)

func TestMayCallService(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		caller callctx.Caller
		iam    bool
	}{
		{"long-term key", callctx.Caller{Kind: callctx.KindUser}, true},
		{"role session", callctx.Caller{Kind: callctx.KindRoleSession, Temporary: true, Issuer: callctx.IssuerAssumeRole}, true},
		{"session token without MFA", callctx.Caller{Kind: callctx.KindUser, Temporary: true, Issuer: callctx.IssuerSessionToken}, false},
		{"session token with MFA", callctx.Caller{Kind: callctx.KindUser, Temporary: true, Issuer: callctx.IssuerSessionToken, MFA: true}, true},
		{"federation token", callctx.Caller{Kind: callctx.KindFederatedUser, Temporary: true, Issuer: callctx.IssuerFederationToken, MFA: true}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := authn.MayCallService(&tc.caller, "iam"); got != tc.iam {
				t.Errorf("MayCallService(iam) = %v, want %v", got, tc.iam)
			}
			if !authn.MayCallService(&tc.caller, "sts") {
				t.Error("MayCallService(sts) = false")
			}
		})
	}
}
