package prove

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/policy"
)

// PolicyType is the policyType of CheckNoNewAccess and CheckAccessNotGranted.
type PolicyType string

const (
	IdentityPolicy PolicyType = "IDENTITY_POLICY"
	ResourcePolicy PolicyType = "RESOURCE_POLICY"
)

// Outcome is a check's result.
type Outcome string

const (
	Pass Outcome = "PASS"
	Fail Outcome = "FAIL"
)

// Reason is one ReasonSummary: the statement of the checked (or new) document that grants
// the access in question. StatementID is its Sid, "" when it has none.
type Reason struct {
	Description    string
	StatementIndex int
	StatementID    string
}

// Result is a check's answer: the result, message and reasons of the API's response.
type Result struct {
	Result  Outcome
	Message string
	Reasons []Reason
	// Example is, on FAIL, one request the finding is about: granted by the new document and
	// not by the existing one, a listed access granted, or a public caller granted access.
	Example *policy.Request
	// Confirmed reports that the policy engine itself decides Example as the finding says.
	// It is false only where parts of the documents are over-approximated (policy variables,
	// mixed-type conditions, domains too large to enumerate): the FAIL then means "might".
	Confirmed bool
}

// Access is the access CheckAccessNotGranted looks for: any of the actions (any action when
// empty) on any of the resources (any resource when empty). Entries may hold wildcards.
type Access struct {
	Actions   []string
	Resources []string
}

// InputError is a request the checks cannot answer: a malformed policy document, an
// unknown policy or resource type, an empty access. Param names the request member.
type InputError struct {
	Param string
	Err   error
}

func (e *InputError) Error() string { return e.Param + ": " + e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// CheckNoNewAccess reports whether newDoc grants any request existingDoc does not. A request
// is an action, a resource, and for resource policies a caller, with any condition context;
// each document decides it on its own (an applicable Allow and no applicable Deny).
func CheckNoNewAccess(newDoc, existingDoc string, typ PolicyType) (*Result, error) {
	return checkNoNewAccess(newDoc, existingDoc, typ, options{})
}

// options are the tests' knobs: lazy decides every string domain lazily (lazy.go), so the
// oracle exercises that path on small policies too.
type options struct{ lazy bool }

func checkNoNewAccess(newDoc, existingDoc string, typ PolicyType, opt options) (*Result, error) {
	nd, err := parseFor(newDoc, typ, "newPolicyDocument")
	if err != nil {
		return nil, err
	}
	od, err := parseFor(existingDoc, typ, "existingPolicyDocument")
	if err != nil {
		return nil, err
	}
	m := newModel(false, nd, od)
	m.actions.lazy, m.resources.lazy = opt.lazy, opt.lazy
	m.build()
	nw, old := m.docs[0], m.docs[1]
	notOld := -old.allowed(m.c)
	granted := func(req *policy.Request) bool { return allows(nd, req) && !allows(od, req) }
	res := m.findings(nw, func(st int) int { return m.c.and(st, -nw.deny, notOld) }, granted,
		func(ref string) string { return "New access in the statement with " + ref + "." })
	res.Message = "The modified permissions do not grant new access compared to your existing policy."
	if res.Result == Fail {
		res.Message = "The modified permissions grant new access compared to your existing policy."
	}
	return res, nil
}

// CheckAccessNotGranted reports whether doc grants any of the access.
func CheckAccessNotGranted(doc string, access Access, typ PolicyType) (*Result, error) {
	d, err := parseFor(doc, typ, "policyDocument")
	if err != nil {
		return nil, err
	}
	if len(access.Actions) == 0 && len(access.Resources) == 0 {
		return nil, &InputError{Param: "access", Err: errors.New("specify at least one action or resource")}
	}
	m := newModel(false, d)
	var acts, ress []int
	for _, a := range access.Actions {
		acts = append(acts, m.actionKey(a))
	}
	for _, r := range access.Resources {
		ress = append(ress, m.resources.add(r, globPattern(r, false)))
	}
	m.build()
	want := []int{}
	if len(acts) > 0 {
		want = append(want, m.actions.anyOf(m.c, acts))
	}
	if len(ress) > 0 {
		want = append(want, m.resources.anyOf(m.c, ress))
	}
	listed := m.c.and(want...)
	p := m.docs[0]
	noun := map[[2]bool]string{{true, false}: "actions", {false, true}: "resources", {true, true}: "actions or resources"}[[2]bool{len(acts) > 0, len(ress) > 0}]
	granted := func(req *policy.Request) bool {
		return allows(d, req) && (len(acts) == 0 || anyGlob(access.Actions, req.Action, true)) &&
			(len(ress) == 0 || anyGlob(access.Resources, req.Resource, false))
	}
	res := m.findings(p, func(st int) int { return m.c.and(st, -p.deny, listed) }, granted,
		func(ref string) string {
			return "One or more of the listed " + noun + " in the statement with " + ref + "."
		})
	res.Message = "The policy document does not grant access to perform one or more of the listed " + noun + "."
	if res.Result == Fail {
		res.Message = "The policy document grants access to perform one or more of the listed " + noun + "."
	}
	return res, nil
}

// CheckNoPublicAccess reports whether a resource policy of the given resource type
// (AWS::S3::Bucket, AWS::KMS::Key, AWS::IAM::AssumeRolePolicyDocument…) grants any of the
// type's actions to a caller outside every zone of trust (trust.go).
func CheckNoPublicAccess(doc, resourceType string) (*Result, error) {
	prefixes, ok := ResourceTypes[resourceType]
	if !ok {
		return nil, &InputError{Param: "resourceType", Err: fmt.Errorf("%q is not a supported resource type", resourceType)}
	}
	kind := policy.Resource
	if resourceType == "AWS::IAM::AssumeRolePolicyDocument" {
		kind = policy.RoleTrust
	}
	d, err := parseKind(doc, kind, "policyDocument")
	if err != nil && kind == policy.RoleTrust {
		d, err = parseKind(doc, policy.Resource, "policyDocument")
	}
	if err != nil {
		return nil, err
	}
	m := newModel(true, d)
	var acts []int
	for _, p := range prefixes {
		acts = append(acts, m.actionKey(p+":*"))
	}
	m.build()
	scope := m.actions.anyOf(m.c, acts)
	p := m.docs[0]
	granted := func(req *policy.Request) bool { return allows(d, req) }
	res := m.findings(p, func(st int) int { return m.c.and(st, -p.deny, scope) }, granted,
		func(ref string) string { return "Public access granted in the following statement with " + ref + "." })
	res.Message = "The resource policy does not grant public access for the given resource type."
	if res.Result == Fail {
		res.Message = "The resource policy grants public access for the given resource type."
	}
	return res, nil
}

// findings asks, for every Allow statement of d, whether query(statement applies) is
// satisfiable; each one that is becomes a reason. confirm checks an example on the engine.
func (m *model) findings(d *doc, query func(applies int) int, confirm func(*policy.Request) bool,
	describe func(ref string) string) *Result {
	res := &Result{Result: Pass}
	var goals []int
	for _, st := range d.stmts {
		if st.s.Effect == policy.EffectAllow {
			goals = append(goals, query(st.applies))
		}
	}
	if _, sat := m.solve(m.c.or(goals...)); !sat {
		return res
	}
	k := 0
	for _, st := range d.stmts {
		if st.s.Effect != policy.EffectAllow {
			continue
		}
		sol, sat := m.solve(goals[k])
		k++
		if !sat {
			continue
		}
		res.Result = Fail
		ref := "index: " + strconv.Itoa(st.s.Index)
		if st.s.Sid != "" {
			ref = "sid: " + st.s.Sid
		}
		res.Reasons = append(res.Reasons, Reason{Description: describe(ref), StatementIndex: st.s.Index, StatementID: st.s.Sid})
		if res.Example == nil || !res.Confirmed {
			req, concrete := m.request(sol)
			if res.Example == nil || concrete && confirm(req) {
				res.Example, res.Confirmed = req, concrete && confirm(req)
			}
		}
	}
	return res
}

// allows reports whether the document, alone, allows req: an Allow statement applies and no
// Deny does — decided by the policy engine.
func allows(d *policy.Document, req *policy.Request) bool {
	set := policy.NewSet(policy.Compile(d))
	in := &policy.Policies{Identity: set}
	if d.Kind == policy.Resource || d.Kind == policy.RoleTrust {
		in = &policy.Policies{Resource: set}
	}
	r := *req
	if in.Identity != nil {
		r.Principal = policy.Principal{Kind: policy.PrincipalUser, ARN: "arn:aws:iam::" + freshAccount(nil) + ":user/prove",
			Account: freshAccount(nil)}
	}
	var out policy.Result
	policy.Evaluate(&r, in, &out)
	allow, deny := false, false
	for _, mt := range out.Matched {
		allow = allow || mt.Effect == policy.EffectAllow
		deny = deny || mt.Effect == policy.EffectDeny
	}
	return allow && !deny
}

func anyGlob(pats []string, s string, fold bool) bool {
	for _, p := range pats {
		if fold {
			p, s = strings.ToLower(p), strings.ToLower(s)
		}
		if arn.Glob(p, s) {
			return true
		}
	}
	return false
}
