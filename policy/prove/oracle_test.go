package prove

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/policy"
)

// The oracle: random small policies over a small vocabulary, decided by brute force — every
// request of a finite universe (actions, resources, callers and context values drawn from
// the same vocabulary) evaluated by the policy engine — must agree with the solver. A PASS
// the oracle refutes is unsound and always fails the test. A FAIL must come with an example
// the engine confirms, except where a document holds parts the solver over-approximates
// (policy variables); those are counted and reported.

var (
	oActions   = []string{"s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetObjectAcl", "ec2:RunInstances", "iam:PassRole"}
	oActionPat = []string{"s3:GetObject", "s3:Get*", "s3:*", "*", "s3:?utObject", "ec2:*", "s3:*Object", "s3:GetObject*", "iam:PassRole", "S3:GETOBJECT", "s3:List*"}
	oResources = []string{"arn:aws:s3:::b1", "arn:aws:s3:::b1/k", "arn:aws:s3:::b2/k", "*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1"}
	oResPat    = []string{"*", "arn:aws:s3:::b1", "arn:aws:s3:::b1/*", "arn:aws:s3:::*", "arn:aws:s3:::b?/k", "arn:aws:ec2:*:111122223333:*", "arn:aws:s3:::b1*"}
	oPrincipal = []string{`"*"`, `{"AWS":"111122223333"}`, `{"AWS":"arn:aws:iam::111122223333:user/alice"}`,
		`{"AWS":"arn:aws:iam::111122223333:role/r"}`, `{"AWS":"arn:aws:iam::444455556666:root"}`, `{"Service":"s3.amazonaws.com"}`,
		`{"AWS":["arn:aws:iam::111122223333:user/alice","444455556666"]}`}
	oCallers = []policy.Principal{
		{Kind: policy.PrincipalUser, ARN: "arn:aws:iam::111122223333:user/alice", Account: "111122223333"},
		{Kind: policy.PrincipalUser, ARN: "arn:aws:iam::111122223333:user/bob", Account: "111122223333"},
		{Kind: policy.PrincipalRoleSession, ARN: "arn:aws:sts::111122223333:assumed-role/r/s", RoleARN: "arn:aws:iam::111122223333:role/r", Account: "111122223333"},
		{Kind: policy.PrincipalUser, ARN: "arn:aws:iam::444455556666:user/eve", Account: "444455556666"},
		{Kind: policy.PrincipalRoot, ARN: "arn:aws:iam::444455556666:root", Account: "444455556666"},
		{Kind: policy.PrincipalAnonymous},
		{Kind: policy.PrincipalService, ARN: "s3.amazonaws.com"},
	}
	oValues = map[string][]string{
		"aws:username":           {"alice", "bob", "Alice"},
		"aws:TagKeys":            {"a", "b", "c"},
		"aws:MultiFactorAuthAge": {"100", "3600", "5000"},
		"aws:SourceIp":           {"10.0.0.1", "192.168.1.1", "2001:db8::1"},
		"aws:CurrentTime":        {"2024-01-01T00:00:00Z", "2024-12-01T00:00:00Z", "2025-06-01T00:00:00Z"},
		"aws:SecureTransport":    {"true", "false", "TRUE"},
		"aws:SourceArn":          {"arn:aws:s3:::b1", "arn:aws:s3:::b1x", "arn:aws:s3:::b2"},
		"aws:PrincipalTag/team":  {"alice", "x", "bob"},
	}
	oConds = []struct{ op, key, vals string }{
		{"StringEquals", "aws:username", `["alice"]`}, {"StringEquals", "aws:username", `["alice","bob"]`},
		{"StringNotEquals", "aws:username", `"alice"`}, {"StringLike", "aws:username", `"a*"`},
		{"StringEqualsIgnoreCase", "aws:username", `"ALICE"`}, {"StringEqualsIfExists", "aws:username", `"bob"`},
		{"StringNotLikeIfExists", "aws:username", `"b*"`},
		{"Null", "aws:username", `"true"`}, {"Null", "aws:username", `"false"`},
		{"ForAllValues:StringEquals", "aws:TagKeys", `["a","b"]`}, {"ForAnyValue:StringEquals", "aws:TagKeys", `"a"`},
		{"ForAnyValue:StringLike", "aws:TagKeys", `"b*"`}, {"ForAllValues:StringNotEquals", "aws:TagKeys", `"a"`},
		{"ForAnyValue:StringNotEqualsIfExists", "aws:TagKeys", `"c"`}, {"Null", "aws:TagKeys", `"false"`},
		{"NumericLessThan", "aws:MultiFactorAuthAge", `"3600"`}, {"NumericGreaterThanEquals", "aws:MultiFactorAuthAge", `100`},
		{"NumericEquals", "aws:MultiFactorAuthAge", `["3600","5000"]`}, {"NumericNotEqualsIfExists", "aws:MultiFactorAuthAge", `"100"`},
		{"IpAddress", "aws:SourceIp", `"10.0.0.0/8"`}, {"NotIpAddress", "aws:SourceIp", `["10.0.0.0/8","192.168.0.0/16"]`},
		{"IpAddress", "aws:SourceIp", `"2001:db8::/32"`}, {"IpAddressIfExists", "aws:SourceIp", `"192.168.1.1"`},
		{"DateLessThan", "aws:CurrentTime", `"2025-01-01T00:00:00Z"`}, {"DateGreaterThan", "aws:CurrentTime", `"2024-06-01"`},
		{"DateNotEquals", "aws:CurrentTime", `"2024-12-01T00:00:00Z"`},
		{"Bool", "aws:SecureTransport", `"true"`}, {"BoolIfExists", "aws:SecureTransport", `"false"`},
		{"ArnLike", "aws:SourceArn", `"arn:aws:s3:::b1*"`}, {"ArnNotEquals", "aws:SourceArn", `"arn:aws:s3:::b1"`},
		{"StringLike", "aws:SourceArn", `"arn:aws:s3:::*"`}, {"ArnEquals", "aws:SourceArn", `["arn:aws:s3:::b2","arn:aws:s3:::b1"]`},
		{"StringEquals", "aws:PrincipalTag/team", `"${aws:username}"`}, {"StringLike", "aws:PrincipalTag/team", `"b*"`},
	}
)

type gen struct {
	r        *rand.Rand
	resource bool
	keys     []string // the condition keys this pair may use
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *gen) list(pats []string) string {
	n := 1 + g.r.IntN(2)
	var out []string
	for range n {
		out = append(out, fmt.Sprintf("%q", g.pick(pats)))
	}
	return "[" + strings.Join(out, ",") + "]"
}

func (g *gen) statement(i int) string {
	effect := "Allow"
	if g.r.IntN(10) < 3 {
		effect = "Deny"
	}
	var parts []string
	if g.r.IntN(4) == 0 {
		parts = append(parts, fmt.Sprintf(`"Sid":"S%d"`, i))
	}
	parts = append(parts, fmt.Sprintf(`"Effect":%q`, effect))
	act := "Action"
	if g.r.IntN(7) == 0 {
		act = "NotAction"
	}
	parts = append(parts, fmt.Sprintf(`%q:%s`, act, g.list(oActionPat)))
	res := "Resource"
	if g.r.IntN(9) == 0 {
		res = "NotResource"
	}
	parts = append(parts, fmt.Sprintf(`%q:%s`, res, g.list(oResPat)))
	if g.resource {
		pr := "Principal"
		if effect == "Deny" && g.r.IntN(4) == 0 {
			pr = "NotPrincipal"
		}
		p := g.pick(oPrincipal)
		if pr == "NotPrincipal" && p == `"*"` {
			p = oPrincipal[2]
		}
		parts = append(parts, fmt.Sprintf(`%q:%s`, pr, p))
	}
	if n := g.r.IntN(3); n > 0 {
		byOp := map[string][]string{}
		for range n {
			c := oConds[g.r.IntN(len(oConds))]
			if !slices.Contains(g.keys, c.key) {
				continue
			}
			byOp[c.op] = append(byOp[c.op], fmt.Sprintf("%q:%s", c.key, c.vals))
		}
		var ops []string
		for op, kv := range byOp {
			ops = append(ops, fmt.Sprintf("%q:{%s}", op, kv[0]))
		}
		slices.Sort(ops)
		if len(ops) > 0 {
			parts = append(parts, `"Condition":{`+strings.Join(ops, ",")+`}`)
		}
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func (g *gen) policyOf(stmts []string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
}

func (g *gen) statements() []string {
	n := 1 + g.r.IntN(3)
	var out []string
	for i := range n {
		out = append(out, g.statement(i))
	}
	return out
}

// mutate changes one statement list a little, so pairs are often close (PASS is likely).
func (g *gen) mutate(in []string) []string {
	out := slices.Clone(in)
	switch k := g.r.IntN(4); {
	case k == 0 && len(out) > 1:
		i := g.r.IntN(len(out))
		out = append(out[:i], out[i+1:]...)
	case k == 1:
		out = append(out, g.statement(len(out)))
	default:
		out[g.r.IntN(len(out))] = g.statement(g.r.IntN(5))
	}
	return out
}

// contexts lists every context over the pair's keys: each key absent, single-valued with
// each universe value, or a list (empty, one value, two values).
func contexts(keys []string) []*policy.Context {
	type state struct {
		absent bool
		multi  bool
		vals   []string
	}
	// A key the Service Authorization Reference types as a list is always a list, any
	// other key it knows is always single-valued (evaluation-semantics.md §2.2).
	statesOf := func(k string) []state {
		u := oValues[k]
		t, known := authref.ConditionKeyType(k)
		lists, singles := !known || t.IsArray(), !known || !t.IsArray()
		ss := []state{{absent: true}}
		if lists {
			ss = append(ss, state{multi: true}, state{multi: true, vals: []string{u[0], u[1]}})
		}
		for _, v := range u {
			if singles {
				ss = append(ss, state{vals: []string{v}})
			}
			if lists {
				ss = append(ss, state{multi: true, vals: []string{v}})
			}
		}
		return ss
	}
	out := []*policy.Context{policy.NewContext()}
	for _, k := range keys {
		var next []*policy.Context
		for _, base := range out {
			for _, st := range statesOf(k) {
				ctx := policy.NewContext()
				for _, name := range base.Keys() {
					vals, multi, _ := base.Lookup(name)
					if multi {
						ctx.SetMulti(name, vals)
					} else {
						ctx.Set(name, vals[0])
					}
				}
				switch {
				case st.absent:
				case st.multi:
					ctx.SetMulti(k, st.vals)
				default:
					ctx.Set(k, st.vals[0])
				}
				next = append(next, ctx)
			}
		}
		out = next
	}
	return out
}

// oracleAllows decides one document alone on the engine: an applicable Allow and no
// applicable Deny.
func oracleAllows(p *policy.Policy, resource bool, req *policy.Request) bool {
	if !resource && req.Principal.Kind == 0 {
		r := *req // identity policies apply to an identity; which one does not matter
		r.Principal = oCallers[0]
		req = &r
	}
	set := policy.NewSet(p)
	in := &policy.Policies{Identity: set}
	if resource {
		in = &policy.Policies{Resource: set}
	}
	var out policy.Result
	policy.Evaluate(req, in, &out)
	allow, deny := false, false
	for _, m := range out.Matched {
		allow = allow || m.Effect == policy.EffectAllow
		deny = deny || m.Effect == policy.EffectDeny
	}
	return allow && !deny
}

// universe enumerates every request of the finite universe.
func universe(resource bool, keys []string, visit func(*policy.Request) bool) {
	callers := oCallers[:1]
	if resource {
		callers = oCallers
	}
	ctxs := contexts(keys)
	for _, c := range callers {
		for _, a := range oActions {
			for _, r := range oResources {
				for _, ctx := range ctxs {
					if !visit(&policy.Request{Principal: c, Action: a, Resource: r, Context: ctx}) {
						return
					}
				}
			}
		}
	}
}

type oracleStats struct{ cases, pass, fail, confirmed, approx, skipped, witnessesInUniverse int }

func TestOracleCheckNoNewAccess(t *testing.T) {
	t.Parallel()
	n := 600
	if testing.Short() {
		n = 150
	}
	for _, resource := range []bool{false, true} {
		st := runOracle(t, n, resource, options{}, func(g *gen) (string, string) {
			old := g.statements()
			nw := g.mutate(old)
			if g.r.IntN(4) == 0 {
				nw = g.statements()
			}
			return g.policyOf(nw), g.policyOf(old)
		})
		t.Logf("resource=%v: %+v", resource, st)
	}
}

// TestOracleLazyDomains: the same with every string domain decided lazily (lazy.go).
func TestOracleLazyDomains(t *testing.T) {
	t.Parallel()
	n := 250
	if testing.Short() {
		n = 60
	}
	for _, resource := range []bool{false, true} {
		st := runOracle(t, n, resource, options{lazy: true}, func(g *gen) (string, string) {
			old := g.statements()
			return g.policyOf(g.mutate(old)), g.policyOf(old)
		})
		t.Logf("lazy, resource=%v: %+v", resource, st)
	}
}

func runOracle(t *testing.T, n int, resource bool, opt options, pair func(*gen) (string, string)) oracleStats {
	r := rand.New(rand.NewPCG(20261206, uint64(n)+map[bool]uint64{false: 1, true: 2}[resource]))
	typ, kind := IdentityPolicy, policy.Identity
	if resource {
		typ, kind = ResourcePolicy, policy.Resource
	}
	keys := sortedKeys(oValues)
	var st oracleStats
	for i := 0; i < n; i++ {
		r.Shuffle(len(keys), func(a, b int) { keys[a], keys[b] = keys[b], keys[a] })
		g := &gen{r: r, resource: resource, keys: slices.Clone(keys[:2])}
		nwText, oldText := pair(g)
		nw, err1 := policy.ParseCompile([]byte(nwText), kind)
		old, err2 := policy.ParseCompile([]byte(oldText), kind)
		if err1 != nil || err2 != nil {
			st.skipped++
			continue
		}
		st.cases++
		res, err := checkNoNewAccess(nwText, oldText, typ, opt)
		if err != nil {
			t.Fatalf("case %d: %v\nnew %s\nold %s", i, err, nwText, oldText)
		}
		var witness *policy.Request
		universe(resource, g.keys, func(req *policy.Request) bool {
			if oracleAllows(nw, resource, req) && !oracleAllows(old, resource, req) { // old only when new allows
				witness = req
				return false
			}
			return true
		})
		checkAgainstOracle(t, &st, i, res, witness, nwText+"\n"+oldText, func(req *policy.Request) bool {
			return oracleAllows(nw, resource, req) && !oracleAllows(old, resource, req)
		})
	}
	return st
}

func checkAgainstOracle(t *testing.T, st *oracleStats, i int, res *Result, witness *policy.Request, docs string, grants func(*policy.Request) bool) {
	t.Helper()
	if witness != nil {
		st.witnessesInUniverse++
	}
	switch res.Result {
	case Pass:
		st.pass++
		if witness != nil {
			t.Errorf("case %d: unsound PASS: the engine grants %s %s %s (%v)\n%s", i, witness.Principal.ARN, witness.Action, witness.Resource,
				witness.Context.Keys(), docs)
		}
	case Fail:
		st.fail++
		if len(res.Reasons) == 0 {
			t.Errorf("case %d: FAIL without reasons\n%s", i, docs)
		}
		switch {
		case res.Confirmed && grants(res.Example):
			st.confirmed++
		case res.Confirmed:
			t.Errorf("case %d: example marked confirmed but the engine does not grant it\n%s", i, docs)
		case strings.Contains(docs, "${"):
			st.approx++ // policy variables: the solver over-approximates
		default:
			b, _ := json.Marshal(res.Example)
			t.Errorf("case %d: FAIL with an example the engine does not confirm: %s\n%s", i, b, docs)
		}
	}
}

func TestOracleCheckAccessNotGranted(t *testing.T) {
	t.Parallel()
	n := 450
	if testing.Short() {
		n = 120
	}
	for _, resource := range []bool{false, true} {
		r := rand.New(rand.NewPCG(7, uint64(n)+map[bool]uint64{false: 1, true: 2}[resource]))
		typ, kind := IdentityPolicy, policy.Identity
		if resource {
			typ, kind = ResourcePolicy, policy.Resource
		}
		keys := sortedKeys(oValues)
		var st oracleStats
		for i := 0; i < n; i++ {
			r.Shuffle(len(keys), func(a, b int) { keys[a], keys[b] = keys[b], keys[a] })
			g := &gen{r: r, resource: resource, keys: slices.Clone(keys[:2])}
			text := g.policyOf(g.statements())
			p, err := policy.ParseCompile([]byte(text), kind)
			if err != nil {
				st.skipped++
				continue
			}
			var acc Access
			switch r.IntN(3) {
			case 0:
				acc.Actions = []string{g.pick(oActionPat), g.pick(oActions)}
			case 1:
				acc.Resources = []string{g.pick(oResPat)}
			default:
				acc.Actions, acc.Resources = []string{g.pick(oActions)}, []string{g.pick(oResources[:3])}
			}
			st.cases++
			res, err := CheckAccessNotGranted(text, acc, typ)
			if err != nil {
				t.Fatalf("case %d: %v\n%s", i, err, text)
			}
			listed := func(req *policy.Request) bool {
				return oracleAllows(p, resource, req) &&
					(len(acc.Actions) == 0 || anyGlob(acc.Actions, req.Action, true)) &&
					(len(acc.Resources) == 0 || anyGlob(acc.Resources, req.Resource, false))
			}
			var witness *policy.Request
			universe(resource, g.keys, func(req *policy.Request) bool {
				if listed(req) {
					witness = req
					return false
				}
				return true
			})
			checkAgainstOracle(t, &st, i, res, witness, fmt.Sprintf("%s\naccess %+v", text, acc), listed)
		}
		t.Logf("resource=%v: %+v", resource, st)
	}
}
