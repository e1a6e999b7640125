package policyfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/policy"
)

// Output is the answer to a request file.
type Output struct {
	Decision           string             `json:"decision"`           // "Allow" | "ExplicitDeny" | "ImplicitDeny"
	MatchedStatements  []MatchedStatement `json:"matchedStatements"`  // never null in JSON: [] when empty
	MissingContextKeys []string           `json:"missingContextKeys"` // never null in JSON: [] when empty
}

// MatchedStatement is one statement that applied to the request.
type MatchedStatement struct {
	PolicyType     string `json:"policyType"`         // identity | resource | boundary | session | scp | rcp
	Level          *int   `json:"level,omitempty"`    // scp/rcp only: index of the level, 0 = org root
	PolicyIndex    int    `json:"policyIndex"`        // index in its list (within the level for scp/rcp)
	PolicyID       string `json:"policyId,omitempty"` // the document's Id, when it has one
	StatementIndex int    `json:"statementIndex"`     // index in the Statement array; 0 when Statement is one object
	Sid            string `json:"sid,omitempty"`
	Effect         string `json:"effect"` // Allow | Deny
}

// PolicyError reports an invalid policy document in a request file.
type PolicyError struct {
	// Where names the document: policies.identity[2], policies.scps[0][1].
	Where string
	Kind  policy.Kind
	// Problems are the document's problems, with positions in the request file when the
	// document was given inline (in the document's own text when given as a JSON string).
	Problems []policy.Problem
	// Err holds the problems with positions relative to the document.
	Err *policy.ValidationError

	path []any // the document's path in the request file
}

func (e *PolicyError) Error() string {
	var msgs []string
	for _, p := range e.Problems {
		if p.Severity == policy.Error {
			msgs = append(msgs, p.String())
		}
	}
	return fmt.Sprintf("%s: invalid %s policy: %s", e.Where, e.Kind, strings.Join(msgs, "; "))
}

func (e *PolicyError) Unwrap() error { return e.Err }

// inFile moves the problems' positions from the document into the request file, when the
// document is an inline object there.
func (e *PolicyError) inFile(requestJSON []byte) {
	off, ok := locate(requestJSON, e.path...)
	if !ok || requestJSON[off] != '{' {
		return
	}
	start := posIn(requestJSON, off)
	e.Problems = make([]policy.Problem, len(e.Err.Problems))
	for i, p := range e.Err.Problems {
		p.Pos = filePos(start, p.Pos)
		e.Problems[i] = p
	}
}

// RequestError reports a malformed request file.
type RequestError struct {
	Msg string
	Err error
}

func (e *RequestError) Error() string {
	if e.Err != nil {
		return "request: " + e.Msg + ": " + e.Err.Error()
	}
	return "request: " + e.Msg
}

func (e *RequestError) Unwrap() error { return e.Err }

type fileRequest struct {
	Principal         filePrincipal              `json:"principal"`
	Action            string                     `json:"action"`
	Resource          *string                    `json:"resource"`
	ResourceAccount   string                     `json:"resourceAccount"`
	ResourceKind      string                     `json:"resourceKind"`
	ManagementAccount string                     `json:"managementAccount"`
	Context           map[string]json.RawMessage `json:"context"`
	Policies          filePolicies               `json:"policies"`
}

type filePrincipal struct {
	ARN           string            `json:"arn"`
	Type          string            `json:"type"`
	Account       string            `json:"account"`
	ID            string            `json:"id"`
	Tags          map[string]string `json:"tags"`
	RoleARN       string            `json:"roleArn"`
	FederatedFrom string            `json:"federatedFrom"`
	ServiceLinked bool              `json:"serviceLinked"`
}

type filePolicies struct {
	Identity []json.RawMessage   `json:"identity"`
	Resource []json.RawMessage   `json:"resource"`
	Boundary []json.RawMessage   `json:"boundary"`
	Session  []json.RawMessage   `json:"session"`
	SCPs     [][]json.RawMessage `json:"scps"`
	RCPs     [][]json.RawMessage `json:"rcps"`
}

// Evaluate reads a request file (the JSON format below), evaluates it, and returns the answer.
// A malformed request or policy is an error (the CLI prints it and exits 2).
func Evaluate(requestJSON []byte) (*Output, error) {
	req, in, err := Load(requestJSON)
	if err != nil {
		return nil, err
	}
	var res policy.Result
	policy.Evaluate(req, in, &res)
	return NewOutput(&res), nil
}

// Load reads a request file into an engine request (with the principal's derived context
// keys added) and the compiled policies in force.
func Load(requestJSON []byte) (*policy.Request, *policy.Policies, error) {
	var f fileRequest
	dec := json.NewDecoder(bytes.NewReader(requestJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, nil, &RequestError{Msg: "malformed request file", Err: err}
	}
	if dec.More() {
		return nil, nil, &RequestError{Msg: "unexpected data after the request object"}
	}
	req, err := buildRequest(&f)
	if err != nil {
		return nil, nil, err
	}
	in, err := buildPolicies(&f.Policies, req.ResourceKind)
	if err != nil {
		var pe *PolicyError
		if errors.As(err, &pe) {
			pe.inFile(requestJSON)
		}
		return nil, nil, err
	}
	return req, in, nil
}

func buildRequest(f *fileRequest) (*policy.Request, error) {
	kind, err := policy.ParsePrincipalKind(f.Principal.Type)
	if err != nil {
		return nil, &RequestError{Msg: fmt.Sprintf("principal.type %q is not one of user, role-session, federated, root, service, anonymous, web-identity, saml", f.Principal.Type)}
	}
	if f.Action == "" {
		return nil, &RequestError{Msg: "action is required"}
	}
	if f.Resource == nil || *f.Resource == "" {
		return nil, &RequestError{Msg: `resource is required (use "*" for actions without a resource)`}
	}
	p := policy.Principal{
		Kind: kind, ARN: f.Principal.ARN, Account: f.Principal.Account, ID: f.Principal.ID,
		Tags: f.Principal.Tags, RoleARN: f.Principal.RoleARN, FederatedFrom: f.Principal.FederatedFrom,
		ServiceLinked: f.Principal.ServiceLinked,
	}
	switch kind {
	case policy.PrincipalUser, policy.PrincipalRoleSession, policy.PrincipalFederatedUser:
		if p.ARN == "" {
			return nil, &RequestError{Msg: fmt.Sprintf("principal.arn is required for a %s principal", kind)}
		}
	case policy.PrincipalService, policy.PrincipalWebIdentity, policy.PrincipalSAML:
		if p.ARN == "" {
			return nil, &RequestError{Msg: fmt.Sprintf("principal.arn is required for a %s principal (its name)", kind)}
		}
	}
	if p.Account == "" {
		if a, err := arn.Parse(p.ARN); err == nil && arn.IsAccountID(a.AccountID) {
			p.Account = a.AccountID
		}
	}
	if kind == policy.PrincipalRoot && p.ARN == "" && p.Account != "" {
		p.ARN = "arn:aws:iam::" + p.Account + ":root"
	}
	if kind == policy.PrincipalRoot && p.Account == "" {
		return nil, &RequestError{Msg: "a root principal needs principal.account or principal.arn"}
	}
	req := &policy.Request{
		Principal: p, Action: f.Action, Resource: *f.Resource,
		ResourceAccount: f.ResourceAccount, ManagementAccount: f.ManagementAccount,
	}
	if req.ResourceAccount == "" {
		if a, err := arn.Parse(req.Resource); err == nil && arn.IsAccountID(a.AccountID) {
			req.ResourceAccount = a.AccountID
		} else {
			req.ResourceAccount = p.Account
		}
	}
	switch f.ResourceKind {
	case "":
	case "kms-key":
		req.ResourceKind = policy.ResourceKMSKey
	case "role-trust":
		req.ResourceKind = policy.ResourceRoleTrust
	default:
		return nil, &RequestError{Msg: fmt.Sprintf("resourceKind %q is not kms-key or role-trust", f.ResourceKind)}
	}
	ctx, err := buildContext(f.Context)
	if err != nil {
		return nil, err
	}
	policy.AddPrincipalKeys(ctx, &req.Principal)
	req.Context = ctx
	return req, nil
}

// buildContext reads the context map: a string (or number or Boolean) is a single value, an
// array a multi-valued key.
func buildContext(m map[string]json.RawMessage) (*policy.Context, error) {
	ctx := policy.NewContext()
	for key, raw := range m {
		if ctx.Has(key) {
			return nil, &RequestError{Msg: fmt.Sprintf("context key %q is given twice (keys are case-insensitive)", key)}
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) > 0 && raw[0] == '[' {
			var items []json.RawMessage
			if err := json.Unmarshal(raw, &items); err != nil {
				return nil, &RequestError{Msg: fmt.Sprintf("context key %q", key), Err: err}
			}
			vals := make([]string, 0, len(items))
			for _, it := range items {
				s, err := scalar(it)
				if err != nil {
					return nil, &RequestError{Msg: fmt.Sprintf("context key %q", key), Err: err}
				}
				vals = append(vals, s)
			}
			ctx.SetMulti(key, vals)
			continue
		}
		s, err := scalar(raw)
		if err != nil {
			return nil, &RequestError{Msg: fmt.Sprintf("context key %q", key), Err: err}
		}
		ctx.Set(key, s)
	}
	return ctx, nil
}

func scalar(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", errors.New("missing value")
	}
	switch raw[0] {
	case '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case 't', 'f':
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return "", err
		}
		return string(raw), nil
	case 'n', '{', '[':
		return "", errors.New("a context value must be a string, number, Boolean or an array of them")
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", err
	}
	return n.String(), nil
}

func buildPolicies(f *filePolicies, rk policy.ResourceKind) (*policy.Policies, error) {
	resourceKind := policy.Resource
	if rk == policy.ResourceRoleTrust {
		resourceKind = policy.RoleTrust
	}
	var in policy.Policies
	var err error
	if in.Identity, err = compileList(f.Identity, []any{"identity"}, policy.Identity); err != nil {
		return nil, err
	}
	if in.Resource, err = compileList(f.Resource, []any{"resource"}, resourceKind); err != nil {
		return nil, err
	}
	if in.Boundary, err = compileList(f.Boundary, []any{"boundary"}, policy.Boundary); err != nil {
		return nil, err
	}
	if in.Session, err = compileList(f.Session, []any{"session"}, policy.Session); err != nil {
		return nil, err
	}
	for i, level := range f.SCPs {
		s, err := compileList(level, []any{"scps", i}, policy.SCP)
		if err != nil {
			return nil, err
		}
		if s == nil {
			s = policy.NewSet() // a level with no policies has no Allow
		}
		in.SCPs = append(in.SCPs, s)
	}
	for i, level := range f.RCPs {
		s, err := compileList(level, []any{"rcps", i}, policy.RCP)
		if err != nil {
			return nil, err
		}
		if s == nil {
			s = policy.NewSet()
		}
		in.RCPs = append(in.RCPs, s)
	}
	return &in, nil
}

// compileList compiles one list of documents into a Set; an absent or empty list is nil
// (no policy of that type). list is the list's path under "policies" ("identity", or
// "scps", level).
func compileList(docs []json.RawMessage, list []any, kind policy.Kind) (*policy.Set, error) {
	if len(docs) == 0 {
		return nil, nil
	}
	compiled := make([]*policy.Policy, 0, len(docs))
	for i, raw := range docs {
		path := append(append([]any{"policies"}, list...), i)
		where := "policies." + list[0].(string)
		for _, step := range path[2:] {
			where += fmt.Sprintf("[%d]", step)
		}
		text, err := documentText(raw)
		if err != nil {
			return nil, &RequestError{Msg: where, Err: err}
		}
		p, err := policy.ParseCompile(text, kind)
		if err != nil {
			var ve *policy.ValidationError
			if errors.As(err, &ve) {
				return nil, &PolicyError{Where: where, Kind: kind, Err: ve, Problems: ve.Problems, path: path}
			}
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		compiled = append(compiled, p)
	}
	return policy.NewSet(compiled...), nil
}

// documentText returns a policy document given inline as a JSON object, or as a JSON string
// holding the document.
func documentText(raw json.RawMessage) ([]byte, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		return []byte(s), nil
	}
	if len(raw) == 0 || raw[0] != '{' {
		return nil, errors.New("a policy document must be a JSON object or a string holding one")
	}
	return raw, nil
}

// NewOutput converts an engine result into the file format's answer.
func NewOutput(res *policy.Result) *Output {
	out := &Output{
		Decision:           res.Decision.String(),
		MatchedStatements:  make([]MatchedStatement, 0, len(res.Matched)),
		MissingContextKeys: append(make([]string, 0, len(res.MissingContextKeys)), res.MissingContextKeys...),
	}
	for _, m := range res.Matched {
		ms := MatchedStatement{
			PolicyType: m.Type.String(), PolicyIndex: m.PolicyIndex, PolicyID: m.PolicyID,
			StatementIndex: m.StatementIndex, Sid: m.Sid, Effect: m.Effect.String(),
		}
		if m.Type == policy.TypeSCP || m.Type == policy.TypeRCP {
			level := m.Level
			ms.Level = &level
		}
		out.MatchedStatements = append(out.MatchedStatements, ms)
	}
	return out
}
