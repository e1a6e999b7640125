package analysis

import (
	"encoding/base64"
	"errors"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Parameter names the simulator uses as SourcePolicyId of the request's own policies,
// numbered from 1 ("PolicyInputList.1", recorded from AWS).
const (
	paramPolicyInput   = "PolicyInputList"
	paramBoundaryInput = "PermissionsBoundaryPolicyInputList"
	resourcePolicyID   = "ResourcePolicy"
	// decisionDetailIdentity and decisionDetailResource are the keys of EvalDecisionDetails in
	// a cross-account simulation: the decision of each side. Unconfirmed: AWS documents the
	// map as a summary "of how each policy type contributes"; we key it by the policy types'
	// SourcePolicyType names.
	decisionDetailIdentity = sourceIAMPolicy
	decisionDetailResource = sourceResourcePolicy
)

// ec2Scenarios are the values of ResourceHandlingOption (IAM API Reference,
// SimulatePrincipalPolicy: the EC2 scenarios; the EC2-Classic ones are retired). Gatehouse
// simulates every action against each resource separately whatever the scenario.
var ec2Scenarios = map[string]bool{
	"EC2-VPC-InstanceStore": true, "EC2-VPC-InstanceStore-Subnet": true,
	"EC2-VPC-EBS": true, "EC2-VPC-EBS-Subnet": true,
	"EC2-Classic-InstanceStore": true, "EC2-Classic-EBS": true,
}

// compiled is a policy of a simulation, parsed (for statement positions) and compiled.
type compiled struct {
	src   sourcePolicy
	spans []span
	pol   *policy.Policy
}

// compileSource compiles a policy the simulation reads. Stored policies were validated when
// written: whatever of them cannot be interpreted never applies, as in authorization.
func compileSource(src sourcePolicy) (compiled, bool) {
	doc, _ := policy.Parse([]byte(src.doc), src.kind)
	if doc == nil {
		return compiled{}, false
	}
	return compiled{src: src, spans: statementSpans([]byte(src.doc), doc), pol: policy.Compile(doc)}, true
}

// compileInput compiles a policy given in the request; one that breaks the grammar is the
// request's fault (InvalidInput).
func compileInput(src sourcePolicy, param string, n int) (compiled, *awserr.Error) {
	doc, err := policy.Parse([]byte(src.doc), src.kind)
	if err != nil {
		msg := "Syntax errors in policy."
		var ve *policy.ValidationError
		if errors.As(err, &ve) {
			msg = ve.First().Message
		}
		return compiled{}, iamerr.InvalidPolicyInput.Err(param, n, msg)
	}
	return compiled{src: src, spans: statementSpans([]byte(src.doc), doc), pol: policy.Compile(doc)}, nil
}

// simulation is one SimulatePrincipalPolicy or SimulateCustomPolicy request, ready to run.
type simulation struct {
	identity []compiled
	boundary *compiled
	resource *compiled
	sets     policy.Policies

	principal policy.Principal
	context   *policy.Context

	actions []string
	// resources are the ResourceArns; nil means the simulated requests name no resource and
	// are simulated against "*".
	resources []string
	// defaultAccount owns the resources whose ARNs name no account (and the resource policy).
	defaultAccount string
	// fence is the SCP chain that fences the simulated principal: its organization's
	// (SimulatePrincipalPolicy) or the request's (SimulateCustomPolicy).
	fence orgFence
	// scratch is the result of the evaluation without SCPs that missingKeys makes.
	scratch policy.Result
}

// build indexes the compiled policies into the sets the engine evaluates.
func (s *simulation) build() {
	pols := make([]*policy.Policy, len(s.identity))
	for i := range s.identity {
		pols[i] = s.identity[i].pol
	}
	s.sets = policy.Policies{Identity: policy.NewSet(pols...)}
	if s.boundary != nil {
		s.sets.Boundary = policy.NewSet(s.boundary.pol)
	}
	if s.resource != nil {
		s.sets.Resource = policy.NewSet(s.resource.pol)
	}
	s.sets.SCPs = s.fence.scps
}

// resourceOwner reads ResourceOwner: an account ID, or an ARN naming one
// (arn:aws:iam::ACCOUNT:root, as the API reference writes it).
func resourceOwner(s *string) (string, *awserr.Error) {
	if s == nil {
		return "", nil
	}
	if arn.IsAccountID(*s) {
		return *s, nil
	}
	if a, err := arn.Parse(*s); err == nil && arn.IsAccountID(a.AccountID) {
		return a.AccountID, nil
	}
	return "", iamerr.InvalidResourceOwner.Err(*s)
}

// checkHandlingOption checks ResourceHandlingOption.
func checkHandlingOption(s *string) *awserr.Error {
	if s != nil && !ec2Scenarios[*s] {
		return iamerr.InvalidResourceHandlingOption.Err(*s)
	}
	return nil
}

// callerPrincipal is the simulated caller named by an IAM user's ARN (CallerArn, or a user
// PolicySourceArn): the user needs not exist, as in AWS, where CallerArn may name any user.
func callerPrincipal(userARN string) (policy.Principal, *awserr.Error) {
	ref, aerr := parseEntityARN(userARN, kindUser)
	if aerr != nil {
		return policy.Principal{}, iamerr.InvalidCallerARN.Err(userARN)
	}
	return policy.Principal{Kind: policy.PrincipalUser, ARN: userARN, Account: ref.account}, nil
}

// pairs is the number of simulated requests: every action against every resource.
func (s *simulation) pairs() int {
	if len(s.resources) == 0 {
		return len(s.actions)
	}
	return len(s.actions) * len(s.resources)
}

// page runs the simulated requests of one page: MaxItems of them (100 by default) after the
// Marker, an opaque offset into the action-major list of (action, resource) pairs. Only the
// page's requests are evaluated, so a page's cost does not depend on the request's size.
func (s *simulation) page(marker *string, maxItems *int32) ([]iamwire.EvaluationResult, *string, *bool, *awserr.Error) {
	start := 0
	if marker != nil {
		raw, err := base64.RawURLEncoding.DecodeString(*marker)
		n, cerr := strconv.Atoi(string(raw))
		if err != nil || cerr != nil || n <= 0 || n >= s.pairs() {
			return nil, nil, nil, invalidMarker()
		}
		start = n
	}
	limit := defaultMaxItems
	if maxItems != nil {
		limit = int(*maxItems)
	}
	end := min(start+limit, s.pairs())
	s.build()
	out := make([]iamwire.EvaluationResult, 0, end-start)
	var res policy.Result
	for i := start; i < end; i++ {
		action, resource := s.pair(i)
		out = append(out, s.evaluate(action, resource, &res))
	}
	truncated := end < s.pairs()
	var next *string
	if truncated {
		m := base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end)))
		next = &m
	}
	return out, next, &truncated, nil
}

func (s *simulation) pair(i int) (action, resource string) {
	if len(s.resources) == 0 {
		return s.actions[i], ""
	}
	return s.actions[i/len(s.resources)], s.resources[i%len(s.resources)]
}

// evaluate simulates one request: action on resource ("" for none) by the simulated caller.
func (s *simulation) evaluate(action, resource string, res *policy.Result) iamwire.EvaluationResult {
	name := resource
	if name == "" {
		name = "*"
	}
	req := policy.Request{Principal: s.principal, Action: action, Resource: name,
		ResourceAccount: s.resourceAccount(resource), Context: s.context, ManagementAccount: s.fence.management}
	policy.Evaluate(&req, &s.sets, res)
	missing := s.missingKeys(&req, res)
	org := s.fence.detail(res)
	orgDenied := org != nil && !*org.AllowedByOrganizations

	out := iamwire.EvaluationResult{
		EvalActionName:              action,
		EvalResourceName:            &name,
		EvalDecision:                decisionOf(res.Decision),
		MatchedStatements:           s.matched(res, orgDenied),
		MissingContextValues:        missing,
		OrganizationsDecisionDetail: org,
	}
	if s.boundary != nil {
		out.PermissionsBoundaryDecisionDetail = boundaryDetail(res)
	}
	if name == "*" {
		return out
	}
	// With named resources, AWS answers EvalDecisionDetails (empty within one account) and one
	// ResourceSpecificResult per resource; for "*" neither ("If the simulation evaluates
	// policies within the same account and specifies all resources (*), then the parameter is
	// not returned"), nor when the SCPs deny ("If an Organizations SCP included in the
	// evaluation denies access, the simulation ends. In this case, … this parameter is not
	// returned").
	var details map[string]iamwire.PolicyEvaluationDecisionType
	if !orgDenied {
		details = map[string]iamwire.PolicyEvaluationDecisionType{}
		if req.ResourceAccount != s.principal.Account {
			details[decisionDetailIdentity], details[decisionDetailResource] = crossAccountSides(res, s.boundary != nil)
		}
	}
	out.EvalDecisionDetails = details
	rsr := iamwire.ResourceSpecificResult{
		EvalResourceName:                  name,
		EvalResourceDecision:              out.EvalDecision,
		MatchedStatements:                 out.MatchedStatements,
		PermissionsBoundaryDecisionDetail: out.PermissionsBoundaryDecisionDetail,
	}
	if len(out.MissingContextValues) > 0 {
		rsr.MissingContextValues = out.MissingContextValues
	}
	if len(details) > 0 {
		rsr.EvalDecisionDetails = details
	}
	out.ResourceSpecificResults = []iamwire.ResourceSpecificResult{rsr}
	return out
}

// missingKeys is a request's MissingContextValues: the keys its identity-based and
// resource-based policies need and the context lacks. "This field doesn't include context
// keys referenced by service control policies (SCPs)" (IAM API Reference, EvaluationResult),
// so with SCPs in force they come from an evaluation without them; res is req's result.
func (s *simulation) missingKeys(req *policy.Request, res *policy.Result) []string {
	if s.sets.SCPs == nil {
		return append([]string{}, res.MissingContextKeys...)
	}
	sets := s.sets
	sets.SCPs = nil
	policy.Evaluate(req, &sets, &s.scratch)
	return append([]string{}, s.scratch.MissingContextKeys...)
}

// resourceAccount is the account that owns a simulated resource: the one its ARN names, else
// ResourceOwner's, else the caller's.
func (s *simulation) resourceAccount(resource string) string {
	if resource != "" {
		var parts [6]string
		if arn.Split(resource, &parts) == 6 && arn.IsAccountID(parts[4]) {
			return parts[4]
		}
	}
	return s.defaultAccount
}

// matched lists the statements that applied, explicit denies first (they decide the result),
// then the allows, each with its policy's SourcePolicyId and type and its position. SCPs'
// statements are never listed ("This field doesn't include statements from service control
// policies (SCPs)", IAM API Reference, EvaluationResult); when the SCPs refuse the request,
// only the denies are: AWS's evaluation ends at the SCPs before any Allow of the other
// policies counts (IAM User Guide, policy evaluation logic; unconfirmed for the simulator).
func (s *simulation) matched(res *policy.Result, orgDenied bool) []iamwire.Statement {
	out := make([]iamwire.Statement, 0, len(res.Matched))
	for _, effect := range [2]policy.Effect{policy.EffectDeny, policy.EffectAllow} {
		if effect == policy.EffectAllow && orgDenied {
			break
		}
		for _, m := range res.Matched {
			if m.Effect != effect {
				continue
			}
			if st, ok := s.statement(m); ok {
				out = append(out, st)
			}
		}
	}
	return out
}

func (s *simulation) statement(m policy.Match) (iamwire.Statement, bool) {
	var c *compiled
	switch m.Type {
	case policy.TypeIdentity:
		if m.PolicyIndex < len(s.identity) {
			c = &s.identity[m.PolicyIndex]
		}
	case policy.TypeBoundary:
		c = s.boundary
	case policy.TypeResource:
		c = s.resource
	}
	if c == nil {
		return iamwire.Statement{}, false
	}
	id, typ := c.src.id, iamwire.PolicySourceType(c.src.typ)
	st := iamwire.Statement{SourcePolicyId: &id, SourcePolicyType: &typ}
	if m.StatementIndex < len(c.spans) && c.spans[m.StatementIndex].startLine > 0 {
		sp := c.spans[m.StatementIndex]
		st.StartPosition = position(sp.startLine, sp.startCol)
		st.EndPosition = position(sp.endLine, sp.endCol)
	}
	return st, true
}

func position(line, col int) *iamwire.Position {
	l, c := int32(line), int32(col)
	return &iamwire.Position{Line: &l, Column: &c}
}

func decisionOf(d policy.Decision) iamwire.PolicyEvaluationDecisionType {
	switch d {
	case policy.Allow:
		return iamwire.PolicyEvaluationDecisionTypeAllowed
	case policy.ExplicitDeny:
		return iamwire.PolicyEvaluationDecisionTypeExplicitDeny
	}
	return iamwire.PolicyEvaluationDecisionTypeImplicitDeny
}

// boundaryDetail: "true means that the permissions boundary does not deny the action": the
// boundary has an applicable Allow and no applicable Deny (IAM API Reference,
// PermissionsBoundaryDecisionDetail).
func boundaryDetail(res *policy.Result) *iamwire.PermissionsBoundaryDecisionDetail {
	allow, deny := effects(res, policy.TypeBoundary)
	ok := allow && !deny
	return &iamwire.PermissionsBoundaryDecisionDetail{AllowedByPermissionsBoundary: &ok}
}

// crossAccountSides is the decision of each account in a cross-account simulation: the
// caller's (identity policies within the boundary) and the resource's (its policy).
func crossAccountSides(res *policy.Result, hasBoundary bool) (identity, resource iamwire.PolicyEvaluationDecisionType) {
	idAllow, idDeny := effects(res, policy.TypeIdentity)
	bAllow, bDeny := effects(res, policy.TypeBoundary)
	switch {
	case idDeny || bDeny:
		identity = iamwire.PolicyEvaluationDecisionTypeExplicitDeny
	case idAllow && (bAllow || !hasBoundary):
		identity = iamwire.PolicyEvaluationDecisionTypeAllowed
	default:
		identity = iamwire.PolicyEvaluationDecisionTypeImplicitDeny
	}
	rAllow, rDeny := effects(res, policy.TypeResource)
	switch {
	case rDeny:
		resource = iamwire.PolicyEvaluationDecisionTypeExplicitDeny
	case rAllow:
		resource = iamwire.PolicyEvaluationDecisionTypeAllowed
	default:
		resource = iamwire.PolicyEvaluationDecisionTypeImplicitDeny
	}
	return identity, resource
}

func effects(res *policy.Result, t policy.PolicyType) (allow, deny bool) {
	for _, m := range res.Matched {
		if m.Type != t {
			continue
		}
		allow = allow || m.Effect == policy.EffectAllow
		deny = deny || m.Effect == policy.EffectDeny
	}
	return allow, deny
}

// addInputs compiles the request's own policies: PolicyInputList (identity policies, after
// the entity's), the permissions boundary that replaces the entity's, and the resource policy.
func (s *simulation) addInputs(identity, boundary []string, resource *string) *awserr.Error {
	for i, doc := range identity {
		c, aerr := compileInput(sourcePolicy{id: paramPolicyInput + "." + strconv.Itoa(i+1), typ: sourceIAMPolicy, doc: doc,
			kind: policy.Identity}, paramPolicyInput, i+1)
		if aerr != nil {
			return aerr
		}
		s.identity = append(s.identity, c)
	}
	if len(boundary) > maxBoundaryInputs {
		return iamerr.TooManyBoundaries.Err()
	}
	for i, doc := range boundary {
		c, aerr := compileInput(sourcePolicy{id: paramBoundaryInput + "." + strconv.Itoa(i+1), typ: sourceBoundaryPolicy,
			doc: doc, kind: policy.Boundary}, paramBoundaryInput, i+1)
		if aerr != nil {
			return aerr
		}
		s.boundary = &c
	}
	if resource != nil {
		c, aerr := compileInput(sourcePolicy{id: resourcePolicyID, typ: sourceResourcePolicy, doc: *resource,
			kind: policy.Resource}, resourcePolicyID, 1)
		if aerr != nil {
			return aerr
		}
		s.resource = &c
	}
	return nil
}

// finish checks the rest of the request and builds the simulated requests' context.
func (s *simulation) finish(entries []iamwire.ContextEntry, owner, handling *string) *awserr.Error {
	if aerr := checkHandlingOption(handling); aerr != nil {
		return aerr
	}
	acct, aerr := resourceOwner(owner)
	if aerr != nil {
		return aerr
	}
	if acct == "" {
		acct = s.principal.Account
	}
	s.defaultAccount = acct
	if s.context, aerr = contextFromEntries(entries); aerr != nil {
		return aerr
	}
	// The keys AWS derives from a known caller; values the request gives win.
	if s.principal.ARN != "" {
		policy.AddPrincipalKeys(s.context, &s.principal)
	}
	return nil
}

// withEntity completes a user caller with what the store knows of it: its unique ID and tags
// (aws:userid, aws:PrincipalTag/…).
func withEntity(p policy.Principal, e *principalEntity) policy.Principal {
	if e != nil && e.arn == p.ARN {
		p.ID, p.Tags = e.id, tagMap(e.tags)
	}
	return p
}

func tagMap(tags []store.Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[t.Key] = t.Value
	}
	return m
}
