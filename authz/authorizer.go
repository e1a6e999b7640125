package authz

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
)

// ManagedLookup finds the default document of an AWS managed policy by ARN.
type ManagedLookup func(arn string) (document string, ok bool)

// Sealer seals and opens encoded authorization messages; *keyring.Keyring (purpose
// keyring.SessionTokens) is one.
type Sealer interface {
	Seal(plaintext, associatedData []byte) ([]byte, error)
	Open(sealed, associatedData []byte) ([]byte, error)
}

// AccessRecorder is told of every authorization attempt of an IAM user or role, for access
// advisor; *usage.Tracker is one. entity is the user's or role's ARN (for a federated session,
// the user it came from).
type AccessRecorder interface {
	RecordAccess(account, entity, action, region string)
}

// Options configure an Authorizer. Zero values mean the defaults documented on each field.
type Options struct {
	// Now is the clock (aws:CurrentTime, aws:MultiFactorAuthAge); nil means time.Now.
	Now func() time.Time
	// Logger receives cache problems; nil means slog.Default().
	Logger *slog.Logger
	// Managed finds AWS managed policies; nil means the embedded catalog (catalog/managed).
	Managed ManagedLookup
	// Messages seals encoded authorization messages (DecideEncoded, DecodeMessage); without
	// it they cannot be made or read.
	Messages Sealer
	// Accesses records authorization attempts for access advisor; nil records nothing.
	Accesses AccessRecorder
	// AuditOnly lets denied requests through (enforcement mode "audit"): Authorize still
	// decides and records each decision in the request's Trace, marked "enforcement":"audit",
	// but returns nil. Decide (the simulator, DecodeAuthorizationMessage) is unchanged.
	AuditOnly bool
}

// Authorizer is the decision point and the owner of the caches of compiled policies. It is
// safe for concurrent use. It is a feed.Subscriber: the change feed keeps its caches exact.
type Authorizer struct {
	raw       store.Store
	now       func() time.Time
	log       *slog.Logger
	managed   ManagedLookup
	seals     Sealer
	accesses  AccessRecorder
	auditOnly bool

	cache    *cache
	sessions *sessionSets

	results sync.Pool // *policy.Result, reused so that steady-state evaluation does not allocate
}

// New returns an Authorizer reading policies from st (the raw backend).
func New(st store.Store, o Options) *Authorizer {
	a := &Authorizer{raw: st, now: o.Now, log: o.Logger, managed: o.Managed, seals: o.Messages, accesses: o.Accesses,
		auditOnly: o.AuditOnly}
	if a.now == nil {
		a.now = time.Now
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.managed == nil {
		a.managed = func(arn string) (string, bool) {
			p, ok := managed.Lookup(arn)
			if !ok {
				return "", false
			}
			return p.Document, true
		}
	}
	a.cache = newCache()
	a.sessions = newSessionSets()
	a.results.New = func() any { return new(policy.Result) }
	return a
}

// Request is one authorization question about an authenticated call.
type Request struct {
	// Action is service:Operation, as AWS spells it ("iam:CreateUser").
	Action string
	// Resource is the ARN acted on, or "*" for actions without a resource.
	Resource string
	// ResourceAccount owns the resource; "" means the caller's account.
	ResourceAccount string
	// Keys are the operation's own condition keys: aws:RequestTag/…, aws:TagKeys,
	// aws:ResourceTag/…, iam:PermissionsBoundary, …
	Keys []Key
	// ResourcePolicy is the resource's policy document, "" when it has none; ResourceKind
	// says how to read it. For a role being assumed it is the trust policy, with
	// policy.ResourceRoleTrust: the trust policy must then allow even within the account
	// (evaluation-semantics.md §6.5).
	ResourcePolicy string
	ResourceKind   policy.ResourceKind
}

// Key is one condition key and its values. Multi marks a multi-valued key (ArrayOf… in the
// Service Authorization Reference), whose value is a list even with one element.
type Key struct {
	Name   string
	Values []string
	Multi  bool
}

// StringKey is a single-valued condition key.
func StringKey(name, value string) Key { return Key{Name: name, Values: []string{value}} }

// ListKey is a multi-valued condition key.
func ListKey(name string, values []string) Key { return Key{Name: name, Values: values, Multi: true} }

// Decision is an authorization answer with its reasons, for callers that keep them (the audit
// log, DecodeAuthorizationMessage, the simulator).
type Decision struct {
	Result policy.Result
	// Denied is the AccessDenied error when the request is not allowed; nil when it is.
	Denied *awserr.Error
}

// Authorize answers whether call may perform r: nil when allowed, an AccessDenied *awserr.Error
// with AWS's message when not, or another error when the policies could not be read.
func (a *Authorizer) Authorize(ctx context.Context, call *callctx.Call, r Request) error {
	res := a.results.Get().(*policy.Result)
	defer a.results.Put(res)
	e := evaluation{lazyContext: true}
	if err := a.evaluate(ctx, call, r, &e, res); err != nil {
		return err
	}
	tr := traceFrom(ctx)
	if res.Decision == policy.Allow {
		if tr != nil {
			tr.add(explain(e.req.Action, e.req.Resource, res, e.arns, nil))
		}
		return nil
	}
	denied := e.denied(call.Caller, res)
	if tr != nil {
		x := explain(e.req.Action, e.req.Resource, res, e.arns, denied)
		if a.auditOnly {
			x.Enforcement = "audit"
		}
		tr.add(x)
	}
	if a.auditOnly {
		// Audit mode: the decision is computed, recorded and counted, and the call goes on.
		return nil
	}
	return denied
}

// Decide is Authorize returning the whole decision.
func (a *Authorizer) Decide(ctx context.Context, call *callctx.Call, r Request) (*Decision, error) {
	d := new(Decision)
	var e evaluation
	if err := a.evaluate(ctx, call, r, &e, &d.Result); err != nil {
		return nil, err
	}
	if d.Result.Decision != policy.Allow {
		d.Denied = e.denied(call.Caller, &d.Result)
	}
	return d, nil
}

// evaluation is one evaluated request: what the engine was asked, with which policies.
type evaluation struct {
	req  policy.Request
	in   policy.Policies
	arns policyARNs
	// lazyContext lets evaluate skip the condition keys when no policy in force reads them
	// (Authorize, whose answer does not show them); Decide's callers show them.
	lazyContext bool
}

func (e *evaluation) denied(c *callctx.Caller, res *policy.Result) *awserr.Error {
	return accessDenied(c, &e.req, &e.in, e.arns, res)
}

// evaluate gathers the policies in force for call, asks the engine about r (filling e and res)
// and records the attempt for access advisor.
func (a *Authorizer) evaluate(ctx context.Context, call *callctx.Call, r Request, e *evaluation, res *policy.Result) error {
	if call == nil || call.Caller == nil {
		return errors.New("authz: no authenticated caller")
	}
	c := call.Caller
	in, p, arns, err := a.policiesFor(ctx, c)
	if err != nil {
		return err
	}
	*e = evaluation{in: in, arns: arns, lazyContext: e.lazyContext, req: policy.Request{Principal: *p, Action: r.Action,
		Resource: r.Resource, ResourceAccount: r.ResourceAccount, ResourceKind: r.ResourceKind}}
	if r.ResourcePolicy != "" {
		e.in.Resource = a.resourceSet(r)
	}
	if e.req.ResourceAccount == "" {
		e.req.ResourceAccount = c.AccountID
	}
	if e.req.Resource == "" {
		e.req.Resource = "*"
	}
	orgs, err := a.withOrganizations(ctx, c.AccountID, e)
	if err != nil {
		return err
	}
	switch {
	case !e.lazyContext:
		e.req.Context = a.context(call, p, r.Keys)
		orgs.keys(e.req.Context, e.req.ResourceAccount)
	case e.in.UsesContext():
		// Building the keys costs more than many evaluations: they are built when a
		// condition or variable first reads one (a root caller's policies, or those with no
		// condition and no variable, never do; an SCP's condition on other actions' statements
		// is never reached).
		account := e.req.ResourceAccount
		e.req.Context = policy.NewDeferredContext(func(ctx *policy.Context) {
			a.fillContext(ctx, call, p, r.Keys)
			orgs.keys(ctx, account)
		})
	}
	policy.Evaluate(&e.req, &e.in, res)
	a.recordAccess(call, p, r.Action)
	return nil
}

// recordAccess tells access advisor of an attempt, allowed or not, by an IAM user or role
// (through its sessions); the root user is not tracked.
func (a *Authorizer) recordAccess(call *callctx.Call, p *policy.Principal, action string) {
	if a.accesses == nil {
		return
	}
	entity := ""
	switch call.Caller.Kind {
	case callctx.KindUser:
		entity = p.ARN
	case callctx.KindFederatedUser:
		entity = p.FederatedFrom
	case callctx.KindRoleSession:
		entity = p.RoleARN
	}
	if entity != "" {
		a.accesses.RecordAccess(call.Caller.AccountID, entity, action, call.Region)
	}
}

// context builds the request's condition keys (evaluation-semantics.md §2.2, §2.3).
func (a *Authorizer) context(call *callctx.Call, p *policy.Principal, keys []Key) *policy.Context {
	ctx := policy.NewContext()
	a.fillContext(ctx, call, p, keys)
	return ctx
}

// fillContext sets the request's condition keys in ctx.
func (a *Authorizer) fillContext(ctx *policy.Context, call *callctx.Call, p *policy.Principal, keys []Key) {
	now := a.now().UTC()
	ctx.Set("aws:CurrentTime", now.Format(time.RFC3339))
	ctx.Set("aws:EpochTime", strconv.FormatInt(now.Unix(), 10))
	ctx.Set("aws:SecureTransport", strconv.FormatBool(call.Secure))
	if call.Region != "" {
		ctx.Set("aws:RequestedRegion", call.Region)
	}
	if call.SourceIP != "" {
		ctx.Set("aws:SourceIp", call.SourceIP)
	}
	if call.UserAgent != "" {
		ctx.Set("aws:UserAgent", call.UserAgent)
	}
	c := call.Caller
	if c.IsSession() {
		if !c.TokenIssued.IsZero() {
			ctx.Set("aws:TokenIssueTime", c.TokenIssued.UTC().Format(time.RFC3339))
		}
		ctx.Set("aws:MultiFactorAuthPresent", strconv.FormatBool(c.MFA))
		if c.MFA && !c.MFATime.IsZero() {
			ctx.Set("aws:MultiFactorAuthAge", strconv.FormatInt(int64(now.Sub(c.MFATime)/time.Second), 10))
		}
		if c.SourceIdentity != "" {
			ctx.Set("aws:SourceIdentity", c.SourceIdentity)
		}
		if c.Kind == callctx.KindRoleSession && c.SessionName != "" {
			ctx.Set("aws:RoleSessionName", c.SessionName)
		}
	}
	for _, k := range keys {
		if k.Multi {
			ctx.SetMulti(k.Name, k.Values)
		} else if len(k.Values) > 0 {
			ctx.Set(k.Name, k.Values[0])
		}
	}
	policy.AddPrincipalKeys(ctx, p)
}

// policiesFor returns the policies in force for c and its policy principal.
func (a *Authorizer) policiesFor(ctx context.Context, c *callctx.Caller) (policy.Policies, *policy.Principal, policyARNs, error) {
	switch c.Kind {
	case callctx.KindRoot:
		// A root session of sts:AssumeRoot is limited to its task policy (a session policy).
		session, err := a.sessionSet(ctx, c)
		if err != nil {
			return policy.Policies{}, nil, policyARNs{}, err
		}
		return policy.Policies{Session: session}, &policy.Principal{Kind: policy.PrincipalRoot, ARN: c.ARN, Account: c.AccountID}, policyARNs{}, nil
	case callctx.KindUser, callctx.KindFederatedUser:
		if c.Kind == callctx.KindFederatedUser && c.UserID == "" {
			return a.rootFederation(ctx, c)
		}
		return a.userPolicies(ctx, c)
	case callctx.KindRoleSession:
		e, err := a.principal(ctx, store.PrincipalRole, c.RoleID)
		if err != nil {
			return policy.Policies{}, nil, policyARNs{}, err
		}
		in := policy.Policies{Identity: e.identity.set, Boundary: e.boundary.set}
		if in.Session, err = a.sessionSet(ctx, c); err != nil {
			return policy.Policies{}, nil, policyARNs{}, err
		}
		p := &policy.Principal{Kind: policy.PrincipalRoleSession, ARN: c.ARN, Account: c.AccountID,
			ID: c.RoleID + ":" + c.SessionName, Tags: overlay(e.more().tags, c.SessionTags), RoleARN: e.arn,
			ServiceLinked: e.serviceLinked}
		return in, p, e.arns(), nil
	}
	return policy.Policies{}, nil, policyARNs{}, errors.New("authz: caller of unknown kind " + c.Kind.String())
}

// userPolicies is policiesFor for an IAM user and its sessions.
func (a *Authorizer) userPolicies(ctx context.Context, c *callctx.Caller) (policy.Policies, *policy.Principal, policyARNs, error) {
	e, err := a.principal(ctx, store.PrincipalUser, c.UserID)
	if err != nil {
		return policy.Policies{}, nil, policyARNs{}, err
	}
	in := policy.Policies{Identity: e.identity.set, Boundary: e.boundary.set}
	p := &policy.Principal{Kind: policy.PrincipalUser, ARN: e.arn, Account: c.AccountID, ID: c.UserID, Tags: e.more().tags}
	if c.Kind == callctx.KindFederatedUser {
		if in.Session, err = a.sessionSet(ctx, c); err != nil {
			return policy.Policies{}, nil, policyARNs{}, err
		}
		if in.Session == nil {
			in.Session = policy.NewSet()
		}
		p = &policy.Principal{Kind: policy.PrincipalFederatedUser, ARN: c.ARN, Account: c.AccountID,
			Tags: overlay(e.more().tags, c.SessionTags), FederatedFrom: e.arn}
	}
	return in, p, e.arns(), nil
}

// PrincipalExists reports whether the user or role with this ID exists, through the principal
// cache (authn asks on every request of a session).
func (a *Authorizer) PrincipalExists(ctx context.Context, kind store.PrincipalKind, id string) (bool, error) {
	_, err := a.principal(ctx, kind, id)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// User returns an IAM user's record and tags through the principal cache, which the change
// feed keeps exact as it keeps the user's policies: a warm GetUser of the caller itself reads
// no database. store.ErrNotFound when there is no such user. The tags are the cache's own: the
// caller must not modify them.
func (a *Authorizer) User(ctx context.Context, id string) (store.User, []store.Tag, error) {
	e, err := a.principal(ctx, store.PrincipalUser, id)
	if err != nil {
		return store.User{}, nil, err
	}
	return e.user(id), e.more().tagList, nil
}

// UserIdentity returns an IAM user's ARN and name through the principal cache (authn builds a
// long-term key's caller from them on every request); store.ErrNotFound when there is no such
// user.
func (a *Authorizer) UserIdentity(ctx context.Context, id string) (arn, name string, err error) {
	e, err := a.principal(ctx, store.PrincipalUser, id)
	if err != nil {
		return "", "", err
	}
	_, name = e.pathName()
	return e.arn, name, nil
}

// overlay returns base with over's keys replacing base's, ignoring case as tag keys do.
func overlay(base, over map[string]string) map[string]string {
	if len(over) == 0 {
		return base
	}
	out := make(map[string]string, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		for bk := range out {
			if strings.EqualFold(bk, k) {
				delete(out, bk)
			}
		}
		out[k] = v
	}
	return out
}
