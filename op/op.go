package op

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/policy"
)

// Authorizer decides; *authz.Authorizer is one.
type Authorizer interface {
	Authorize(ctx context.Context, call *callctx.Call, r authz.Request) error
}

// Host is the service (or operation family) an operation belongs to: it supplies the
// decision point. S, the service type of a row, satisfies it.
type Host interface {
	Authorizer() Authorizer
}

// None is the entity type of operations whose resolver finds nothing to hand on.
type None = struct{}

// Target is what a request acts on, as a Resolver found it.
type Target[E any] struct {
	// ARN is the resource the action is authorized on; "" means "*" (actions without a
	// resource, such as iam:ListUsers's account-wide form).
	ARN string
	// Account owns the resource; "" means the caller's account.
	Account string
	// Keys are the resource's own condition keys: its tags (aws:ResourceTag/…), its
	// permissions boundary (iam:PermissionsBoundary), …
	Keys []authz.Key
	// Policy is the resource's resource-based policy ("" for none) and PolicyKind how the
	// engine reads it (a role's trust policy: policy.ResourceRoleTrust).
	Policy     string
	PolicyKind policy.ResourceKind
	// Entity is what the resolver read, handed to the handler.
	Entity E
	// Missing, when not nil, says the target does not exist: Run answers it after
	// authorization (so an unauthorized caller learns nothing) instead of calling the handler.
	Missing error
}

// Resolver finds the target of a request, before authorization.
type Resolver[S, In, E any] struct {
	// Keys names the condition keys its targets may carry, as the Service Authorization
	// Reference spells them ("aws:ResourceTag/${TagKey}", "iam:PermissionsBoundary").
	Keys []string
	// Find reads the target. It must not reveal whether the target exists through its error
	// (set Target.Missing instead), except where AWS does (malformed names and ARNs).
	Find func(s S, ctx context.Context, call *callctx.Call, in *In) (Target[E], error)
}

// KeySource is a set of condition keys a request carries (aws:RequestTag/…, aws:TagKeys,
// iam:PermissionsBoundary of a boundary being set, …).
type KeySource[In any] struct {
	// Keys names them as the Service Authorization Reference spells them.
	Keys []string
	// Of computes them from the request.
	Of func(in *In) []authz.Key
}

// Request is one call of an operation, as its handler sees it.
type Request[In, E any] struct {
	// Call is the authenticated call (nil for a Public operation).
	Call *callctx.Call
	In   *In
	// Target is what the resolver found.
	Target Target[E]

	authz authz.Request
	auth  Authorizer
	also  []string
	name  string
}

// Account is the caller's account.
func (r *Request[In, E]) Account() string { return r.Call.Caller.AccountID }

// Entity is the target's entity.
func (r *Request[In, E]) Entity() E { return r.Target.Entity }

// AuthorizeAlso authorizes a further action the request needs on the same target with the
// same condition keys (AssumeRole's sts:TagSession). The action must be one of the row's Also.
func (r *Request[In, E]) AuthorizeAlso(ctx context.Context, action string) error {
	req := r.authz
	req.Action = action
	return r.AuthorizeOther(ctx, req)
}

// AuthorizeOther authorizes a further action on another resource (AddRoleToInstanceProfile's
// iam:PassRole on the role). The action must be one of the row's Also.
func (r *Request[In, E]) AuthorizeOther(ctx context.Context, req authz.Request) error {
	if !slices.Contains(r.also, req.Action) {
		return awserr.Internal(fmt.Errorf("op %s: action %s is not declared in Also", r.name, req.Action))
	}
	return r.auth.Authorize(ctx, r.Call, req)
}

// Op is one operation, as a row of its service's table. S is the service type (the host the
// row is bound to, Bind), In and Out the generated input and output
// shapes, and E what the resolver hands the handler (None for nothing).
type Op[S Host, In, Out, E any] struct {
	// Name is the operation's name in the service model ("CreateUser").
	Name string
	// Action is the IAM action the operation is authorized as ("iam:CreateUser").
	Action string
	// Also lists further actions the handler may authorize (Request.AuthorizeAlso and
	// AuthorizeOther), such as iam:PassRole or sts:TagSession.
	Also []string
	// Resolve finds the target; without Find the target is "*" in the caller's account.
	Resolve Resolver[S, In, E]
	// Keys are the request's own condition keys.
	Keys []KeySource[In]
	// NoPermission marks an operation AWS lets every authenticated caller perform without
	// any permission (sts:GetSessionToken): Run does not ask the authorizer.
	NoPermission bool
	// Public marks an operation called without AWS credentials (AssumeRoleWithWebIdentity,
	// AssumeRoleWithSAML): Run requires no caller and does not authorize; the handler
	// decides (against the role's trust policy).
	Public bool
	// Handle is the operation's own work, after authorization.
	Handle func(s S, ctx context.Context, r *Request[In, E]) (*Out, error)
}

// Run executes the operation for in: begin → resolve → authorize → not found → handle.
func (o *Op[S, In, Out, E]) Run(ctx context.Context, s S, in *In) (*Out, error) {
	call, ok := callctx.From(ctx)
	if !ok && !o.Public {
		return nil, awserr.Internal(fmt.Errorf("op %s: request without an authenticated caller", o.Name))
	}
	r := &Request[In, E]{Call: call, In: in, also: o.Also, name: o.Name}
	if o.Resolve.Find != nil {
		t, err := o.Resolve.Find(s, ctx, call, in)
		if err != nil {
			return nil, err
		}
		r.Target = t
	}
	if !o.Public {
		r.auth = s.Authorizer()
		req, err := o.request(r)
		if err != nil {
			return nil, err
		}
		r.authz = req
		if !o.NoPermission {
			if err := r.auth.Authorize(ctx, call, req); err != nil {
				return nil, err
			}
		}
	}
	if r.Target.Missing != nil {
		return nil, r.Target.Missing
	}
	return o.Handle(s, ctx, r)
}

// Bind returns the operation served for host s: Run with s, as the generated wire package's
// Handlers field of the operation holds it. Binding is done once, when the service is built;
// calling the result costs what calling Run does.
func (o *Op[S, In, Out, E]) Bind(s S) func(context.Context, *In) (*Out, error) {
	return func(ctx context.Context, in *In) (*Out, error) { return o.Run(ctx, s, in) }
}

// bind binds the row to the first of hosts whose type is the row's service type S.
func (o *Op[S, In, Out, E]) bind(hosts []any) (any, bool) {
	for _, h := range hosts {
		if s, ok := h.(S); ok {
			return o.Bind(s), true
		}
	}
	return nil, false
}

// request builds the authorization request of r, checking that every condition key it
// carries is one the row declares, so the tables stay true to the code.
func (o *Op[S, In, Out, E]) request(r *Request[In, E]) (authz.Request, error) {
	t := &r.Target
	keys := t.Keys
	for _, src := range o.Keys {
		if src.Of != nil {
			keys = append(keys[:len(keys):len(keys)], src.Of(r.In)...)
		}
	}
	for _, k := range keys {
		if !o.declares(k.Name) {
			return authz.Request{}, awserr.Internal(fmt.Errorf("op %s: condition key %s is not declared in its row", o.Name, k.Name))
		}
	}
	resource := t.ARN
	if resource == "" {
		resource = "*"
	}
	return authz.Request{Action: o.Action, Resource: resource, ResourceAccount: t.Account, Keys: keys,
		ResourcePolicy: t.Policy, ResourceKind: t.PolicyKind}, nil
}

// declares reports whether the row declares the condition key name.
func (o *Op[S, In, Out, E]) declares(name string) bool {
	if slices.ContainsFunc(o.Resolve.Keys, func(d string) bool { return KeyMatches(d, name) }) {
		return true
	}
	for _, src := range o.Keys {
		if slices.ContainsFunc(src.Keys, func(d string) bool { return KeyMatches(d, name) }) {
			return true
		}
	}
	return false
}

// KeyMatches reports whether a concrete condition key is the declared one, ignoring case: a
// declared key with a variable ("aws:RequestTag/${TagKey}", "s3:ExistingObjectTag/<key>")
// matches every key that begins with the text before the variable and names something after.
func KeyMatches(declared, key string) bool {
	i := strings.IndexAny(declared, "$<")
	if i < 0 {
		return strings.EqualFold(declared, key)
	}
	return len(key) > i && strings.EqualFold(declared[:i], key[:i])
}

// Info is what a row says about its operation, for the derived checks and documents.
type Info struct {
	Name   string
	Action string
	Also   []string
	// Keys are every condition key the operation may add: its resolver's and its request's.
	Keys         []string
	NoPermission bool
	Public       bool
}

// Info describes the row.
func (o *Op[S, In, Out, E]) Info() Info {
	keys := slices.Clone(o.Resolve.Keys)
	for _, src := range o.Keys {
		keys = append(keys, src.Keys...)
	}
	slices.Sort(keys)
	return Info{Name: o.Name, Action: o.Action, Also: slices.Clone(o.Also), Keys: slices.Compact(keys),
		NoPermission: o.NoPermission, Public: o.Public}
}

// Row is any operation of a table: an *Op.
type Row interface {
	Info() Info
	bind(hosts []any) (any, bool)
}

// Table is a service's (or family's) operations.
type Table []Row

// Concat joins tables.
func Concat(tables ...Table) Table { return slices.Concat(tables...) }

// Names returns the operations' names, sorted.
func (t Table) Names() []string {
	names := make([]string, len(t))
	for i, r := range t {
		names[i] = r.Info().Name
	}
	slices.Sort(names)
	return names
}

// Infos returns every row's Info, sorted by name.
func (t Table) Infos() []Info {
	out := make([]Info, len(t))
	for i, r := range t {
		out[i] = r.Info()
	}
	slices.SortFunc(out, func(a, b Info) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Validate checks a table's own consistency: names unique and present, actions of the form
// service:Name, handlers present. Services call it in a test.
func (t Table) Validate() error {
	var errs []error
	seen := map[string]bool{}
	for _, info := range t.Infos() {
		switch {
		case info.Name == "":
			errs = append(errs, errors.New("op: a row without a name"))
		case seen[info.Name]:
			errs = append(errs, fmt.Errorf("op: %s appears twice", info.Name))
		}
		seen[info.Name] = true
		if svc, act, ok := strings.Cut(info.Action, ":"); !ok || svc == "" || act == "" {
			errs = append(errs, fmt.Errorf("op %s: action %q is not service:Name", info.Name, info.Action))
		}
	}
	for _, r := range t {
		if h, ok := r.(interface{ hasHandler() bool }); ok && !h.hasHandler() {
			errs = append(errs, fmt.Errorf("op %s: no handler", r.Info().Name))
		}
	}
	return errors.Join(errs...)
}

func (o *Op[S, In, Out, E]) hasHandler() bool { return o.Handle != nil }

// Bind binds every row to its host — the one of hosts whose type is the row's service type —
// and hands the bound function (Op.Bind) to set under the row's name. set is the generated
// wire package's Handlers.Set, which refuses a name that is no operation of the model and a
// function of another type than the operation's, so a row that serves nothing cannot pass.
func (t Table) Bind(set func(name string, f any) error, hosts ...any) error {
	var errs []error
	for _, r := range t {
		name := r.Info().Name
		f, ok := r.bind(hosts)
		if !ok {
			errs = append(errs, fmt.Errorf("op %s: none of the %d hosts has the row's service type", name, len(hosts)))
			continue
		}
		if err := set(name, f); err != nil {
			errs = append(errs, fmt.Errorf("op %s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}

// MustBind is Bind for a service's constructor: a row that cannot be bound is a programming
// error its tests catch (every service builds itself in them), so it panics.
func (t Table) MustBind(set func(name string, f any) error, hosts ...any) {
	if err := t.Bind(set, hosts...); err != nil {
		panic(err)
	}
}

// DeniedAs is next with its AccessDenied refusals answered as as makes them, with IAM's
// message: the JSON services' AccessDeniedException.
func DeniedAs(next Authorizer, as func(format string, args ...any) *awserr.Error) Authorizer {
	return deniedAs{next: next, as: as}
}

type deniedAs struct {
	next Authorizer
	as   func(format string, args ...any) *awserr.Error
}

func (d deniedAs) Authorize(ctx context.Context, call *callctx.Call, r authz.Request) error {
	err := d.next.Authorize(ctx, call, r)
	var e *awserr.Error
	if errors.As(err, &e) && e.Code == "AccessDenied" {
		return d.as("%s", e.Message)
	}
	return err
}
