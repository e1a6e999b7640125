package prove

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/policy"
)

// TestOraclePublicAccess: random bucket policies whose identifying conditions name values
// literally, against brute force over callers outside every zone of trust (anonymous, or an
// identity of an account no policy mentions) sending identifying keys that are absent or name
// nothing the policy names. A PASS the brute force refutes fails the test; every FAIL must come
// with an example the engine grants to such a caller.
func TestOraclePublicAccess(t *testing.T) {
	t.Parallel()
	n := 500
	if testing.Short() {
		n = 120
	}
	principals := []string{`"*"`, `{"AWS":"*"}`, `{"AWS":"111122223333"}`, `{"AWS":"arn:aws:iam::111122223333:role/r"}`, `{"Service":"s3.amazonaws.com"}`}
	actions := []string{`"s3:GetObject"`, `"s3:*"`, `"sqs:SendMessage"`, `"*"`, `["s3:Put*","sqs:*"]`}
	conds := []string{`"StringEquals":{"aws:SourceVpce":"vpce-1"}`, `"StringNotEquals":{"aws:SourceVpce":"vpce-1"}`,
		`"StringEquals":{"aws:PrincipalAccount":"111122223333"}`, `"StringNotEquals":{"aws:PrincipalOrgID":"o-1"}`,
		`"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}`, `"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}`, `"Null":{"aws:SourceVpce":"true"}`,
		`"Null":{"aws:SourceVpce":"false"}`, `"Bool":{"aws:SecureTransport":"true"}`, `"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-1"}`}
	fresh := map[string][]string{"aws:SourceVpce": {"vpce-fresh"}, "aws:PrincipalAccount": {"999999999999"},
		"aws:PrincipalOrgID": {"o-fresh"}, "aws:SourceIp": {"203.0.113.9", "2001:db8::9"}, "aws:SecureTransport": {"true", "false"}}
	callers := []policy.Principal{{Kind: policy.PrincipalAnonymous},
		{Kind: policy.PrincipalUser, ARN: "arn:aws:iam::999999999999:user/x", Account: "999999999999"},
		{Kind: policy.PrincipalRoleSession, ARN: "arn:aws:sts::999999999999:assumed-role/r/s", RoleARN: "arn:aws:iam::999999999999:role/r", Account: "999999999999"}}
	r := rand.New(rand.NewPCG(42, 7))
	pass, fail := 0, 0
	for i := 0; i < n; i++ {
		var sts []string
		for k := range 1 + r.IntN(3) {
			effect := "Allow"
			if r.IntN(4) == 0 {
				effect = "Deny"
			}
			st := fmt.Sprintf(`{"Sid":"S%d","Effect":%q,"Principal":%s,"Action":%s,"Resource":"*"`, k, effect,
				principals[r.IntN(len(principals))], actions[r.IntN(len(actions))])
			var cs []string
			used := map[string]bool{}
			for range r.IntN(3) {
				c := conds[r.IntN(len(conds))]
				op := strings.SplitN(c, ":", 2)[0]
				if !used[op] {
					used[op] = true
					cs = append(cs, c)
				}
			}
			if len(cs) > 0 {
				st += `,"Condition":{` + strings.Join(cs, ",") + `}`
			}
			sts = append(sts, st+"}")
		}
		text := `{"Version":"2012-10-17","Statement":[` + strings.Join(sts, ",") + `]}`
		p, err := policy.ParseCompile([]byte(text), policy.Resource)
		if err != nil {
			t.Fatalf("case %d: %v\n%s", i, err, text)
		}
		res, err := CheckNoPublicAccess(text, "AWS::S3::Bucket")
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		var witness *policy.Request
		for _, c := range callers {
			for _, a := range []string{"s3:GetObject", "s3:PutObject"} {
				for _, ctx := range contextsOver(fresh) {
					req := &policy.Request{Principal: c, Action: a, Resource: "arn:aws:s3:::b/k", Context: ctx}
					if witness == nil && oracleAllows(p, true, req) {
						witness = req
					}
				}
			}
		}
		switch {
		case res.Result == Pass && witness != nil:
			t.Errorf("case %d: unsound PASS: %s may %s with %v\n%s", i, witness.Principal.Kind, witness.Action, witness.Context.Keys(), text)
		case res.Result == Pass:
			pass++
		case !res.Confirmed || !oracleAllows(p, true, res.Example) || !publicCaller(res.Example):
			t.Errorf("case %d: FAIL without a public example the engine grants: %+v\n%s", i, res.Example, text)
		default:
			fail++
		}
	}
	t.Logf("%d PASS, %d FAIL", pass, fail)
}

// contextsOver lists every context with each key absent or holding one of its values.
func contextsOver(vals map[string][]string) []*policy.Context {
	out := []map[string]string{{}}
	for _, k := range sortedKeys(vals) {
		var next []map[string]string
		for _, base := range out {
			next = append(next, base)
			for _, v := range vals[k] {
				m := map[string]string{k: v}
				for bk, bv := range base {
					m[bk] = bv
				}
				next = append(next, m)
			}
		}
		out = next
	}
	ctxs := make([]*policy.Context, len(out))
	for i, m := range out {
		ctxs[i] = policy.NewContext()
		for k, v := range m {
			ctxs[i].Set(k, v)
		}
	}
	return ctxs
}

// publicCaller reports whether an example's caller is outside the zone of trust the oracle's
// policies can name.
func publicCaller(r *policy.Request) bool {
	if r.Principal.Kind != policy.PrincipalAnonymous && r.Principal.Account == "111122223333" {
		return false
	}
	for k, owned := range map[string]string{"aws:SourceVpce": "vpce-1", "aws:PrincipalAccount": "111122223333", "aws:PrincipalOrgID": "o-1"} {
		if v, _, ok := r.Context.Lookup(k); ok && len(v) == 1 && v[0] == owned {
			return false
		}
	}
	if v, _, ok := r.Context.Lookup("aws:SourceIp"); ok && len(v) == 1 && strings.HasPrefix(v[0], "10.") {
		return false
	}
	return true
}
