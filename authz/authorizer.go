package authz

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
)

// Opener opens sealed secrets; *keyring.Keyring (purpose keyring.SecretAccessKeys) is one.
// authz needs only this one method, so it does not depend on how keys are held.
type Opener interface {
	Open(sealed, associatedData []byte) ([]byte, error)
}

// ManagedLookup finds the default document of an AWS managed policy by ARN.
type ManagedLookup func(arn string) (document string, ok bool)

// Options configure an Authorizer. Zero values mean the defaults documented on each field.
type Options struct {
	// Secrets opens sealed secret access keys. Required for Lookup.
	Secrets Opener
	// Now is the clock (aws:CurrentTime, last-used times); nil means time.Now.
	Now func() time.Time
	// Logger receives cache and feed problems; nil means slog.Default().
	Logger *slog.Logger
	// Managed finds AWS managed policies; nil means the embedded catalog (catalog/managed).
	Managed ManagedLookup
	// PollInterval is how often Run reads the change feed; 0 means DefaultPollInterval.
	PollInterval time.Duration
	// Sessions seals and opens STS session tokens and authorization messages; a
	// *keyring.Keyring of purpose keyring.SessionTokens is one. Without it no temporary
	// credentials can be issued or used.
	Sessions Sealer
}

// Authorizer is the decision point and the owner of the authorization caches. It is safe for
// concurrent use.
type Authorizer struct {
	raw     store.Store
	secrets Opener
	now     func() time.Time
	log     *slog.Logger
	managed ManagedLookup
	poll    time.Duration
	seals   Sealer

	cache *cache
	sess  *sessionCache
	roles *roleUsage
	usage *usage

	// syncMu serializes change-feed catch-up, so revisions are applied in order; it guards
	// rev (the last revision applied) and synced (whether rev is known yet).
	syncMu sync.Mutex
	rev    int64
	synced bool

	results sync.Pool // *policy.Result, reused so that steady-state evaluation does not allocate
}

// New returns an Authorizer over st (the raw backend). Services must write through
// Authorizer.Store so that their writes reach the caches before they return.
func New(st store.Store, o Options) *Authorizer {
	a := &Authorizer{raw: st, secrets: o.Secrets, now: o.Now, log: o.Logger, managed: o.Managed, poll: o.PollInterval,
		seals: o.Sessions}
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
	if a.poll <= 0 {
		a.poll = DefaultPollInterval
	}
	a.cache = newCache()
	a.usage = newUsage()
	a.sess = newSessionCache()
	a.roles = newRoleUsage()
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
func (a *Authorizer) Authorize(ctx context.Context, call *Call, r Request) error {
	res := a.results.Get().(*policy.Result)
	defer a.results.Put(res)
	denied, err := a.decide(ctx, call, r, res)
	if err != nil {
		return err
	}
	if denied != nil {
		return denied
	}
	return nil
}

// Decide is Authorize returning the whole decision.
func (a *Authorizer) Decide(ctx context.Context, call *Call, r Request) (*Decision, error) {
	d := new(Decision)
	denied, err := a.decide(ctx, call, r, &d.Result)
	if err != nil {
		return nil, err
	}
	d.Denied = denied
	return d, nil
}

func (a *Authorizer) decide(ctx context.Context, call *Call, r Request, res *policy.Result) (*awserr.Error, error) {
	if call == nil || call.Caller == nil {
		return nil, errors.New("authz: no authenticated caller")
	}
	c := call.Caller
	in, p, arns, err := a.policiesFor(ctx, c)
	if err != nil {
		return nil, err
	}
	req := policy.Request{
		Principal:       *p,
		Action:          r.Action,
		Resource:        r.Resource,
		ResourceAccount: r.ResourceAccount,
		ResourceKind:    r.ResourceKind,
		Context:         a.context(call, p, r.Keys),
	}
	if r.ResourcePolicy != "" {
		in.Resource = a.resourceSet(r)
	}
	if req.ResourceAccount == "" {
		req.ResourceAccount = c.AccountID
	}
	if req.Resource == "" {
		req.Resource = "*"
	}
	policy.Evaluate(&req, &in, res)
	// Access advisor records every attempt, allowed or not (lastaccessed.go).
	a.recordAccess(call, p, r.Action)
	if res.Decision == policy.Allow {
		return nil, nil
	}
	return accessDenied(c, &req, &in, arns, res), nil
}

// context builds the request's condition keys (evaluation-semantics.md §2.2, §2.3).
func (a *Authorizer) context(call *Call, p *policy.Principal, keys []Key) *policy.Context {
	ctx := policy.NewContext()
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
		if c.Kind == KindRoleSession && c.SessionName != "" {
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
	return ctx
}

// policiesFor returns the policies in force for c and its policy principal.
func (a *Authorizer) policiesFor(ctx context.Context, c *Caller) (policy.Policies, *policy.Principal, policyARNs, error) {
	switch c.Kind {
	case KindRoot:
		return policy.Policies{}, &policy.Principal{Kind: policy.PrincipalRoot, ARN: c.ARN, Account: c.AccountID}, policyARNs{}, nil
	case KindUser, KindFederatedUser:
		if c.Kind == KindFederatedUser && c.UserID == "" {
			return a.rootFederation(ctx, c)
		}
		e, err := a.principal(ctx, principalKey{kind: store.PrincipalUser, id: c.UserID})
		if err != nil {
			return policy.Policies{}, nil, policyARNs{}, err
		}
		in := policy.Policies{Identity: e.identity.set, Boundary: e.boundary.set}
		p := &policy.Principal{Kind: policy.PrincipalUser, ARN: e.arn, Account: c.AccountID, ID: c.UserID, Tags: e.tags}
		if c.Kind == KindFederatedUser {
			if in.Session, err = a.sessionSet(ctx, c); err != nil {
				return policy.Policies{}, nil, policyARNs{}, err
			}
			if in.Session == nil {
				in.Session = policy.NewSet()
			}
			p = &policy.Principal{Kind: policy.PrincipalFederatedUser, ARN: c.ARN, Account: c.AccountID,
				Tags: overlay(e.tags, c.SessionTags), FederatedFrom: e.arn}
		}
		return in, p, e.arns(), nil
	case KindRoleSession:
		e, err := a.principal(ctx, principalKey{kind: store.PrincipalRole, id: c.RoleID})
		if err != nil {
			return policy.Policies{}, nil, policyARNs{}, err
		}
		in := policy.Policies{Identity: e.identity.set, Boundary: e.boundary.set}
		if in.Session, err = a.sessionSet(ctx, c); err != nil {
			return policy.Policies{}, nil, policyARNs{}, err
		}
		p := &policy.Principal{Kind: policy.PrincipalRoleSession, ARN: c.ARN, Account: c.AccountID,
			ID: c.RoleID + ":" + c.SessionName, Tags: overlay(e.tags, c.SessionTags), RoleARN: e.arn,
			ServiceLinked: e.serviceLinked}
		return in, p, e.arns(), nil
	}
	return policy.Policies{}, nil, policyARNs{}, fmt.Errorf("authz: caller of unknown kind %d", c.Kind)
}

// sessionSet is the caller's session policies as a Set, nil when none were passed.
func (c *Caller) sessionSet() *policy.Set {
	if len(c.SessionPolicies) == 0 {
		return nil
	}
	return policy.NewSet(c.SessionPolicies...)
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
