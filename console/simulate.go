package console

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// The simulator asks "can this principal do these actions on these resources, and why" with
// SimulatePrincipalPolicy (or SimulateCustomPolicy for a policy typed in), as the signed-in
// principal, and explains each decision from what IAM returns: the statements that matched, the
// permissions boundary's verdict and the context values the policies needed but did not get.

func (c *Console) simulateRoutes() {
	m := c.mux
	m.HandleFunc("GET "+Prefix+"/simulate", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *session) {
		q := r.URL.Query()
		c.render(w, r, http.StatusOK, "simulate", &view{Title: "Policy simulator", Section: "simulate",
			Data: &simulation{Principal: q.Get("principal"), Actions: q.Get("actions"), Resources: q.Get("resources")}})
	}))
	m.HandleFunc("POST "+Prefix+"/simulate", c.signedIn(c.simulate))
}

// simulation is the simulator's form and its results.
type simulation struct {
	Principal, Actions, Resources, Context, Policy string
	Results                                        []explained
	Ran                                            bool
}

// explained is one evaluation result with the reasons for its decision, in words.
type explained struct {
	Action, Resource, Decision string
	Reasons                    []string
}

func (c *Console) simulate(w http.ResponseWriter, r *http.Request, s *session) {
	f := r.PostForm
	d := &simulation{Principal: strings.TrimSpace(f.Get("principal")), Actions: f.Get("actions"),
		Resources: f.Get("resources"), Context: f.Get("context"), Policy: f.Get("policy")}
	v := &view{Title: "Policy simulator", Section: "simulate", Data: d}
	p := url.Values{}
	op := "SimulatePrincipalPolicy"
	if strings.TrimSpace(d.Policy) != "" {
		op = "SimulateCustomPolicy"
		p.Set("PolicyInputList.member.1", d.Policy)
		if d.Principal != "" {
			p.Set("CallerArn", d.Principal)
		}
	} else {
		p.Set("PolicySourceArn", d.Principal)
	}
	members(p, "ActionNames", fields(d.Actions))
	members(p, "ResourceArns", fields(d.Resources))
	if err := contextEntries(p, d.Context); err != nil {
		v.Error, v.ErrorCode = err.Error(), "ValidationError"
		c.render(w, r, http.StatusBadRequest, "simulate", v)
		return
	}
	results, err := c.runSimulation(r, s, op, p)
	if err != nil {
		c.failed(w, r, "simulate", v, err)
		return
	}
	d.Ran = true
	for _, res := range results {
		d.Results = append(d.Results, explain(res)...)
	}
	c.render(w, r, http.StatusOK, "simulate", v)
}

// runSimulation runs SimulatePrincipalPolicy or SimulateCustomPolicy.
func (c *Console) runSimulation(r *http.Request, s *session, op string, p url.Values) ([]iamwire.EvaluationResult, error) {
	if op == "SimulateCustomPolicy" {
		out, err := call[iamwire.SimulateCustomPolicyOutput](c, r, s, op, p)
		if err != nil {
			return nil, err
		}
		return out.EvaluationResults, nil
	}
	out, err := call[iamwire.SimulatePrincipalPolicyOutput](c, r, s, op, p)
	if err != nil {
		return nil, err
	}
	return out.EvaluationResults, nil
}

// fields splits a list typed one per line, or separated by commas or spaces.
func fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
}

// members sets a query-protocol list parameter.
func members(p url.Values, name string, values []string) {
	for i, v := range values {
		p.Set(name+".member."+strconv.Itoa(i+1), v)
	}
}

// contextEntries reads "key=value" lines (a value list separated by commas) as string context
// entries.
func contextEntries(p url.Values, text string) error {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return fmt.Errorf("context line %q is not key=value", line)
		}
		n++
		prefix := "ContextEntries.member." + strconv.Itoa(n) + "."
		p.Set(prefix+"ContextKeyName", strings.TrimSpace(k))
		p.Set(prefix+"ContextKeyType", "string")
		members(p, prefix+"ContextKeyValues", strings.Split(strings.TrimSpace(v), ","))
	}
	return nil
}

// explain turns a result (and its per-resource results) into decisions with reasons.
func explain(res iamwire.EvaluationResult) []explained {
	if len(res.ResourceSpecificResults) == 0 {
		return []explained{reasons(res.EvalActionName, deref(res.EvalResourceName), string(res.EvalDecision),
			res.MatchedStatements, res.MissingContextValues, res.PermissionsBoundaryDecisionDetail)}
	}
	var out []explained
	for _, rr := range res.ResourceSpecificResults {
		out = append(out, reasons(res.EvalActionName, rr.EvalResourceName, string(rr.EvalResourceDecision),
			rr.MatchedStatements, rr.MissingContextValues, rr.PermissionsBoundaryDecisionDetail))
	}
	return out
}

func reasons(action, resource, decision string, matched []iamwire.Statement, missing []string,
	boundary *iamwire.PermissionsBoundaryDecisionDetail) explained {
	e := explained{Action: action, Resource: resource, Decision: decision}
	switch decision {
	case "allowed":
		e.Reasons = append(e.Reasons, "Allowed: a statement allows it and nothing denies it.")
	case "explicitDeny":
		e.Reasons = append(e.Reasons, "Denied explicitly: a Deny statement matches, which no Allow can override.")
	default:
		e.Reasons = append(e.Reasons, "Denied implicitly: no statement allows it (deny by default).")
	}
	for _, st := range matched {
		e.Reasons = append(e.Reasons, "Matched statement: "+describeSource(st))
	}
	if boundary != nil && boundary.AllowedByPermissionsBoundary != nil && !*boundary.AllowedByPermissionsBoundary {
		e.Reasons = append(e.Reasons, "The permissions boundary does not allow it, so identity policies cannot either.")
	}
	if len(missing) > 0 {
		e.Reasons = append(e.Reasons, "The policies test context keys the simulation was not given: "+strings.Join(missing, ", ")+".")
	}
	return e
}

// describeSource names where a matched statement is: the policy and the statement's place in it.
func describeSource(st iamwire.Statement) string {
	s := deref(st.SourcePolicyId)
	if t := deref(st.SourcePolicyType); t != "" {
		s += " (" + string(t) + ")"
	}
	if a, b := st.StartPosition, st.EndPosition; a != nil && b != nil {
		s += fmt.Sprintf(", line %d column %d to line %d column %d", deref(a.Line), deref(a.Column), deref(b.Line), deref(b.Column))
	}
	return s
}
