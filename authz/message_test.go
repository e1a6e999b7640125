package authz

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/policy"
)

// TestAccessDeniedMessages checks the message for each way a request can be denied, including
// the policy types no operation of issue 3 can produce yet (SCPs, RCPs, resource policies).
func TestAccessDeniedMessages(t *testing.T) {
	t.Parallel()
	user := &callctx.Caller{Kind: callctx.KindUser, AccountID: "111122223333", ARN: "arn:aws:iam::111122223333:user/alice"}
	fed := &callctx.Caller{Kind: callctx.KindFederatedUser, AccountID: "111122223333", ARN: "arn:aws:sts::111122223333:federated-user/bob"}
	set := policy.NewSet()
	match := func(typ policy.PolicyType, level, index int, effect policy.Effect) policy.Match {
		return policy.Match{Type: typ, Level: level, PolicyIndex: index, Effect: effect}
	}
	arns := policyARNs{identity: []string{"", "arn:aws:iam::111122223333:policy/Managed"}, boundary: []string{"arn:aws:iam::aws:policy/B"}}
	const prefix = "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::111122223333:user/x "
	tests := []struct {
		name    string
		caller  *callctx.Caller
		in      policy.Policies
		account string
		res     policy.Result
		want    string
	}{
		{"no identity allow", user, policy.Policies{Identity: set}, "", policy.Result{},
			prefix + "because no identity-based policy allows the iam:CreateUser action"},
		{"inline deny", user, policy.Policies{Identity: set}, "", policy.Result{Decision: policy.ExplicitDeny,
			Matched: []policy.Match{match(policy.TypeIdentity, 0, 0, policy.EffectDeny)}},
			prefix + "with an explicit deny in an identity-based policy"},
		{"managed deny names the policy", user, policy.Policies{Identity: set}, "", policy.Result{Decision: policy.ExplicitDeny,
			Matched: []policy.Match{match(policy.TypeIdentity, 0, 0, policy.EffectAllow), match(policy.TypeIdentity, 0, 1, policy.EffectDeny)}},
			prefix + "with an explicit deny in an identity-based policy: arn:aws:iam::111122223333:policy/Managed"},
		{"boundary deny", user, policy.Policies{Identity: set, Boundary: set}, "", policy.Result{Decision: policy.ExplicitDeny,
			Matched: []policy.Match{match(policy.TypeBoundary, 0, 0, policy.EffectDeny)}},
			prefix + "with an explicit deny in a permissions boundary: arn:aws:iam::aws:policy/B"},
		{"no boundary allow", user, policy.Policies{Identity: set, Boundary: set}, "", policy.Result{
			Matched: []policy.Match{match(policy.TypeIdentity, 0, 0, policy.EffectAllow)}},
			prefix + "because no permissions boundary allows the iam:CreateUser action"},
		{"SCP deny", user, policy.Policies{Identity: set, SCPs: []*policy.Set{set}}, "", policy.Result{Decision: policy.ExplicitDeny,
			Matched: []policy.Match{match(policy.TypeIdentity, 0, 0, policy.EffectAllow), match(policy.TypeSCP, 0, 0, policy.EffectDeny)}},
			prefix + "with an explicit deny in a service control policy"},
		{"SCP level without allow", user, policy.Policies{Identity: set, SCPs: []*policy.Set{set, set}}, "", policy.Result{
			Matched: []policy.Match{match(policy.TypeIdentity, 0, 0, policy.EffectAllow), match(policy.TypeSCP, 0, 0, policy.EffectAllow)}},
			prefix + "because no service control policy allows the iam:CreateUser action"},
		{"RCP level without allow", user, policy.Policies{Identity: set, RCPs: []*policy.Set{set}}, "", policy.Result{},
			prefix + "because no resource control policy allows the iam:CreateUser action"},
		{"resource deny", user, policy.Policies{Identity: set, Resource: set}, "", policy.Result{Decision: policy.ExplicitDeny,
			Matched: []policy.Match{match(policy.TypeResource, 0, 0, policy.EffectDeny)}},
			prefix + "with an explicit deny in a resource-based policy"},
		{"cross-account without resource allow", user, policy.Policies{Identity: set}, "444455556666", policy.Result{
			Matched: []policy.Match{match(policy.TypeIdentity, 0, 0, policy.EffectAllow)}},
			prefix + "because no resource-based policy allows the iam:CreateUser action"},
		{"federated session without session policy", fed, policy.Policies{Identity: set, Session: set}, "", policy.Result{
			Matched: []policy.Match{match(policy.TypeIdentity, 0, 0, policy.EffectAllow)}},
			"User: arn:aws:sts::111122223333:federated-user/bob is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::111122223333:user/x because no session policy allows the iam:CreateUser action"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := &policy.Request{Action: "iam:CreateUser", Resource: "arn:aws:iam::111122223333:user/x", ResourceAccount: tc.account}
			e := accessDenied(tc.caller, req, &tc.in, arns, &tc.res)
			if e.Code != "AccessDenied" || e.Status != 403 {
				t.Errorf("code %s status %d, want AccessDenied 403", e.Code, e.Status)
			}
			if e.Message != tc.want {
				t.Errorf("message:\n got %s\nwant %s", e.Message, tc.want)
			}
		})
	}
}
