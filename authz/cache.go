package authz

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unique"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/internal/slab"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
)

// Cache bounds. The caches hold what active principals need; past these sizes a cache is
// simply emptied and refilled on demand, which is correct (only slower) and keeps memory
// bounded however many principals and keys an attacker makes us look at.
//
// Only principals that exist are ever cached (a load that finds nothing stores nothing), so
// maxPrincipals bounds memory by the size of the deployment: it is large enough to hold every
// user and role of a million-user node, each entry a few hundred bytes because the compiled
// policy sets are shared (sets).
const (
	maxPrincipals = 2_000_000
	maxCompiled   = 20_000
	maxSets       = 100_000
)

// dependency is something cached principals are built from and share (a policy set, a group):
// a change to it marks it stale, and each principal built from it is loaded again on its next
// use. A change is then a walk over the shared things (a few sets, one group), never over every
// principal cached: a million cached users attached to the same ten policies are one set.
type dependency struct{ stale atomic.Bool }

// policySet is a compiled Set with the ARN of each of its policies ("" for inline policies),
// by PolicyIndex, so an AccessDenied message can name the managed policy that denied.
type policySet struct {
	dependency
	set  *policy.Set
	arns []string
	// skipped are the managed policies attached whose document could not be found or read
	// (so in no set): the set's principals depend on them too (their creation grants).
	skipped []string
}

// dependsOn reports whether the set names the managed policy arn.
func (ps *policySet) dependsOn(arn string) bool {
	return slices.Contains(ps.arns, arn) || slices.Contains(ps.skipped, arn)
}

// principalEntry is a user's or role's authorization data, compiled. A million-user node holds
// one per user, so it is small (64 bytes): what most principals do not have (tags, groups, a
// boundary, a password) is behind rare, nil for them; the user's record is held field by field
// rather than as a copy of the store.User beside it, and its path and name are read from its
// ARN, which ends with them.
type principalEntry struct {
	// account is the principal's account, shared by every principal of it.
	account *accountDep
	arn     string
	// created is a user's creation time in Unix nanoseconds, as the store keeps it (0 for a
	// role's entry).
	created int64
	// identity and boundary are shared with every principal with the same policies (never
	// nil: boundary.set is nil when the principal has no boundary).
	identity *policySet
	boundary *policySet
	// rare is nil for a principal without tags, groups, boundary or password use.
	rare          *rareFields
	serviceLinked bool
}

// rareFields are the parts of a principal many have not.
type rareFields struct {
	// tagList are a user's tags as stored (nil for a role), tags every principal's by key.
	tagList []store.Tag
	tags    map[string]string
	// groups are the user's groups: with account, identity and boundary, what the entry
	// depends on besides the principal itself (whose own change drops it).
	groups           []*dependency
	boundaryARN      string
	passwordLastUsed time.Time
	// path and name are set when the ARN does not end with them (a store written by another
	// tool, say): named says so.
	path, name string
	named      bool
}

// noRare are the rare fields of a principal that has none of them.
var noRare = &rareFields{}

// more returns the entry's rare fields (noRare, not to be modified, when it has none).
func (e *principalEntry) more() *rareFields {
	if e.rare == nil {
		return noRare
	}
	return e.rare
}

// setRare keeps r as the entry's rare fields unless it holds nothing.
func (e *principalEntry) setRare(r *rareFields) {
	if len(r.tagList) > 0 || len(r.tags) > 0 || len(r.groups) > 0 || r.boundaryARN != "" || !r.passwordLastUsed.IsZero() ||
		r.named {
		e.rare = r
	}
}

// setName keeps the principal's path and name in rare unless its ARN ends with them.
func (e *principalEntry) setName(r *rareFields, path, name string) {
	if p, n := pathName(e.arn); p != path || n != name {
		r.path, r.name, r.named = path, name, true
	}
}

// pathName reads the path and name an IAM user's or role's ARN ends with
// ("arn:aws:iam::123456789012:user/division/alice": "/division/", "alice").
func pathName(arn string) (path, name string) {
	last := strings.LastIndexByte(arn, '/')
	first := strings.IndexByte(arn, '/')
	if last < 0 {
		return "", ""
	}
	return arn[first : last+1], arn[last+1:]
}

// pathName is the principal's path and name.
func (e *principalEntry) pathName() (path, name string) {
	if e.rare != nil && e.rare.named {
		return e.rare.path, e.rare.name
	}
	return pathName(e.arn)
}

// user is the store.User the entry of user id was loaded from.
func (e *principalEntry) user(id string) store.User {
	r := e.more()
	path, name := e.pathName()
	return store.User{AccountID: e.account.id, ID: id, Name: name, Path: path, ARN: e.arn,
		Created: fromNanos(e.created), PasswordLastUsed: r.passwordLastUsed, BoundaryARN: r.boundaryARN}
}

// nanos is t in Unix nanoseconds, 0 for the zero time (as the store keeps times).
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// fromNanos is the time the store reads back from nanoseconds: UTC, the zero time for 0.
func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// accountDep is an account cached principals belong to: its closing or removal marks it stale,
// and each of its principals loads again on its next use (no walk over every principal).
type accountDep struct {
	dependency
	id string
}

// noBoundary is the boundary of a principal without one.
var noBoundary = &policySet{}

func (e *principalEntry) arns() policyARNs {
	return policyARNs{identity: e.identity.arns, boundary: e.boundary.arns}
}

// dependsOn reports whether the entry names the managed policy arn.
func (e *principalEntry) dependsOn(arn string) bool {
	return e.identity.dependsOn(arn) || e.boundary.dependsOn(arn)
}

// stale reports whether something the entry was built from has changed since.
func (e *principalEntry) stale() bool {
	if e.identity.stale.Load() || e.boundary.stale.Load() || e.account.stale.Load() {
		return true
	}
	for _, g := range e.more().groups {
		if g.stale.Load() {
			return true
		}
	}
	return false
}

type compileKey struct {
	kind policy.Kind
	doc  string
}

// compiled is a compiled document with a number of its own, which names it in set keys: never
// reused, so a key stays exact however the compiled cache is emptied and refilled.
type compiled struct {
	p  *policy.Policy
	id uint64
}

// cache holds everything authz keeps in memory. epoch grows with every invalidation, so that
// a load that started before an invalidation does not store what it read (it may be stale).
type cache struct {
	mu    sync.RWMutex
	epoch uint64
	// users and roles are the principals cached, by ID: a million users' entries are a few
	// thousand chunks to the collector, and their index one it does not scan (slab).
	users, roles slab.Table[principalEntry]
	// orgs holds each account's organization chain (noOrg for one in none).
	orgs map[string]*orgEntry
	// groups are the current dependency of each group a cached user is in (replaced when
	// the group changes).
	groups map[string]*dependency
	// accounts are the current dependency of each account a cached principal is in (replaced
	// when the account is closed or removed).
	accounts map[string]*accountDep

	compiledMu sync.Mutex
	compiled   map[compileKey]compiled
	lastID     uint64
	// sets are the indexed policy sets in use, shared by every principal whose policies are the
	// same documents in the same order with the same ARNs (thousands of users attached to the
	// same few managed policies share one Set), keyed by setBuilder.key.
	sets map[string]*policySet
}

func newCache() *cache {
	return &cache{
		orgs:     make(map[string]*orgEntry),
		groups:   make(map[string]*dependency),
		accounts: make(map[string]*accountDep),
		compiled: make(map[compileKey]compiled),
		sets:     make(map[string]*policySet),
	}
}

// principals is the table of users or of roles.
func (c *cache) principals(role bool) *slab.Table[principalEntry] {
	if role {
		return &c.roles
	}
	return &c.users
}

// cached returns the entry of a user or role unless it is missing or stale.
func (c *cache) cached(role bool, id string) (e *principalEntry, epoch uint64, ok bool) {
	c.mu.RLock()
	e, ok = c.principals(role).Get(id)
	epoch = c.epoch
	c.mu.RUnlock()
	return e, epoch, ok && !e.stale()
}

// keep caches e, read when the cache was at epoch, unless the cache has moved on since (e may
// be stale), and returns the entry to use: the cache's copy, or e. Past maxPrincipals the
// tables are emptied first.
func (c *cache) keep(epoch uint64, role bool, id string, e *principalEntry) *principalEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.epoch != epoch {
		return e
	}
	if c.users.Len()+c.roles.Len() >= maxPrincipals {
		c.users.Clear()
		c.roles.Clear()
	}
	return c.principals(role).Put(id, *e)
}

// principal returns the cached entry of a user or role, loading it on a miss.
func (a *Authorizer) principal(ctx context.Context, kind store.PrincipalKind, id string) (*principalEntry, error) {
	role := kind == store.PrincipalRole
	if !role && kind != store.PrincipalUser {
		return nil, fmt.Errorf("authz: no policies for a principal of kind %q", kind)
	}
	e, epoch, ok := a.cache.cached(role, id)
	if ok {
		return e, nil
	}
	var err error
	if role {
		e, err = a.loadRole(ctx, id)
	} else {
		e, err = a.loadUser(ctx, id)
	}
	if err != nil {
		return nil, err
	}
	return a.cache.keep(epoch, role, id, e), nil
}

// keepIfCurrent caches v under k in m (one of c's maps, at most max entries: a full map is
// emptied first) unless the cache has moved past epoch since v was read, when v may be stale.
func keepIfCurrent[K comparable, V any](c *cache, epoch uint64, m map[K]V, max int, k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.epoch != epoch {
		return
	}
	if len(m) >= max {
		clear(m)
	}
	m[k] = v
}

func (a *Authorizer) loadUser(ctx context.Context, id string) (e *principalEntry, err error) {
	err = a.raw.View(ctx, func(tx store.Tx) error {
		e, err = a.readUser(ctx, tx, id)
		return err
	})
	return e, err
}

// UserLoad returns a function that reads a user's authorization data in a read transaction its
// caller has open, and caches it, unless it is cached already: authn reads a key's first use
// and its user in one transaction instead of two. Call UserLoad before the transaction begins
// (what it reads is kept only if no change was applied since the call, as principal's loads).
func (a *Authorizer) UserLoad() func(ctx context.Context, tx store.Tx, id string) error {
	c := a.cache
	c.mu.RLock()
	epoch := c.epoch
	c.mu.RUnlock()
	return func(ctx context.Context, tx store.Tx, id string) error {
		if _, _, ok := c.cached(false, id); ok {
			return nil
		}
		e, err := a.readUser(ctx, tx, id)
		if err != nil {
			return err
		}
		c.keep(epoch, false, id, e)
		return nil
	}
}

// readUser reads and compiles a user's authorization data in tx.
func (a *Authorizer) readUser(ctx context.Context, tx store.Tx, id string) (*principalEntry, error) {
	ua, err := tx.Authz().User(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("authz: loading user %s: %w", id, err)
	}
	tags, err := tx.Tags().List(ctx, store.Resource{Kind: store.KindUser, Key: id})
	if err != nil {
		return nil, fmt.Errorf("authz: loading user %s: %w", id, err)
	}
	u := ua.User
	e := &principalEntry{account: a.cache.account(u.AccountID), arn: u.ARN, created: nanos(u.Created), boundary: noBoundary}
	rare := &rareFields{tagList: tags, tags: tagMap(tags), boundaryARN: u.BoundaryARN, passwordLastUsed: u.PasswordLastUsed}
	e.setName(rare, u.Path, u.Name)
	var b setBuilder
	for _, p := range ua.Inline {
		b.add(a, policy.Identity, "", p.Document)
	}
	for _, arn := range ua.Attached {
		b.add(a, policy.Identity, arn, a.document(arn, ua.Documents))
	}
	if len(ua.Groups) > 0 {
		rare.groups = make([]*dependency, 0, len(ua.Groups))
	}
	for _, g := range ua.Groups {
		rare.groups = append(rare.groups, a.cache.group(g.Group.ID))
		for _, p := range g.Inline {
			b.add(a, policy.Identity, "", p.Document)
		}
		for _, arn := range g.Attached {
			b.add(a, policy.Identity, arn, a.document(arn, ua.Documents))
		}
	}
	e.setRare(rare)
	e.identity = b.build(a)
	if ua.User.BoundaryARN != "" {
		e.boundary = a.boundary(ua.User.BoundaryARN, ua.Documents)
	}
	return e, nil
}

func (a *Authorizer) loadRole(ctx context.Context, id string) (*principalEntry, error) {
	var ra store.RoleAuthz
	var tags []store.Tag
	err := a.raw.View(ctx, func(tx store.Tx) error {
		var err error
		if ra, err = tx.Authz().Role(ctx, id); err != nil {
			return err
		}
		tags, err = tx.Tags().List(ctx, store.Resource{Kind: store.KindRole, Key: id})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("authz: loading role %s: %w", id, err)
	}
	e := &principalEntry{account: a.cache.account(ra.Role.AccountID), arn: ra.Role.ARN, serviceLinked: ra.Role.ServiceLinked,
		boundary: noBoundary}
	rare := &rareFields{tags: tagMap(tags)}
	e.setName(rare, ra.Role.Path, ra.Role.Name)
	e.setRare(rare)
	var b setBuilder
	for _, p := range ra.Inline {
		b.add(a, policy.Identity, "", p.Document)
	}
	for _, arn := range ra.Attached {
		b.add(a, policy.Identity, arn, a.document(arn, ra.Documents))
	}
	e.identity = b.build(a)
	if ra.Role.BoundaryARN != "" {
		e.boundary = a.boundary(ra.Role.BoundaryARN, ra.Documents)
	}
	return e, nil
}

// boundary compiles a permissions boundary. A boundary whose document cannot be found (a
// policy deleted under us) is an empty set: it allows nothing, so it fails closed; its ARN is
// the set's skipped one.
func (a *Authorizer) boundary(arn string, docs map[string]store.PolicyVersion) *policySet {
	var b setBuilder
	b.add(a, policy.Boundary, arn, a.document(arn, docs))
	return b.build(a)
}

// group returns the current dependency of a group.
func (c *cache) group(id string) *dependency {
	return dependencyOf(c, c.groups, id, func() *dependency { return new(dependency) })
}

// account returns the current dependency of an account.
func (c *cache) account(id string) *accountDep {
	return dependencyOf(c, c.accounts, id, func() *accountDep { return &accountDep{id: intern(id)} })
}

// dependencyOf returns the dependency of id in m (c.groups or c.accounts), made by make on the
// first use. A full map empties every cache: what is out of the map is out of reach of
// invalidate.
func dependencyOf[D any](c *cache, m map[string]D, id string, make func() D) D {
	c.mu.RLock()
	d, ok := m[id]
	c.mu.RUnlock()
	if ok {
		return d
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if d, ok := m[id]; ok {
		return d
	}
	if len(m) >= maxPrincipals {
		c.staleAll()
	}
	d = make()
	m[intern(id)] = d
	return d
}

// document returns the default document of a managed policy: AWS managed ones from the
// catalog, customer managed ones from what the store read. "" when unknown.
func (a *Authorizer) document(arn string, docs map[string]store.PolicyVersion) string {
	if strings.HasPrefix(arn, managed.ARNPrefix+"/") {
		doc, _ := a.managed(arn)
		return doc
	}
	return docs[arn].Document
}

// setBuilder collects compiled policies for one Set.
type setBuilder struct {
	policies []*policy.Policy
	arns     []string
	ids      []uint64
	// skipped are the managed policies whose document was not found or did not read.
	skipped []string
}

func (b *setBuilder) add(a *Authorizer, kind policy.Kind, arn, doc string) {
	if doc != "" {
		if c, ok := a.compile(kind, doc); ok {
			b.policies = append(b.policies, c.p)
			b.arns = append(b.arns, arn)
			b.ids = append(b.ids, c.id)
			return
		}
	}
	if arn != "" {
		b.skipped = append(b.skipped, intern(arn))
	}
}

// key names the set: its documents' numbers and ARNs, in order, then the ARNs skipped.
func (b *setBuilder) key() string {
	k := make([]byte, 0, 32*len(b.ids))
	for i, id := range b.ids {
		k = strconv.AppendUint(k, id, 36)
		k = append(k, ' ')
		k = append(k, b.arns[i]...)
		k = append(k, '\n')
	}
	for _, arn := range b.skipped {
		k = append(k, '!')
		k = append(k, arn...)
		k = append(k, '\n')
	}
	return string(k)
}

// build returns the indexed set of the policies added, the one already in use when another
// principal has the same policies.
func (b *setBuilder) build(a *Authorizer) *policySet {
	c := a.cache
	k := b.key()
	c.compiledMu.Lock()
	ps, ok := c.sets[k]
	c.compiledMu.Unlock()
	if ok {
		return ps
	}
	arns := make([]string, len(b.arns))
	for i, arn := range b.arns {
		arns[i] = intern(arn)
	}
	ps = &policySet{set: policy.NewSet(b.policies...), arns: arns, skipped: b.skipped}
	c.compiledMu.Lock()
	defer c.compiledMu.Unlock()
	if prev, ok := c.sets[k]; ok {
		return prev // built meanwhile by another load
	}
	if len(c.sets) >= maxSets {
		// A set out of the map is out of reach of invalidate: its principals load again.
		for _, old := range c.sets {
			old.stale.Store(true)
		}
		clear(c.sets)
	}
	c.sets[k] = ps
	return ps
}

// compile returns the compiled form of a stored document, shared by every principal that
// uses the same text. Documents were validated when written; one that no longer parses as
// JSON (written by another tool, say) is skipped and logged: it grants nothing.
func (a *Authorizer) compile(kind policy.Kind, doc string) (compiled, bool) {
	c := a.cache
	k := compileKey{kind: kind, doc: doc}
	c.compiledMu.Lock()
	p, ok := c.compiled[k]
	c.compiledMu.Unlock()
	if ok {
		return p, true
	}
	parsed, err := policy.Parse([]byte(doc), kind)
	if parsed == nil {
		a.log.Warn("authz: stored policy is not JSON; it is ignored", "error", err)
		return compiled{}, false
	}
	p = compiled{p: policy.Compile(parsed)}
	c.compiledMu.Lock()
	defer c.compiledMu.Unlock()
	if prev, ok := c.compiled[k]; ok {
		return prev, true
	}
	if len(c.compiled) >= maxCompiled {
		clear(c.compiled)
	}
	c.lastID++
	p.id = c.lastID
	c.compiled[k] = p
	return p, true
}

// intern returns the one copy of s this process keeps: the ARNs and group IDs that thousands
// of cached principals name are held once.
func intern(s string) string { return unique.Make(s).Value() }

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

// Invalidate drops what the changes make stale (feed.Subscriber).
func (a *Authorizer) Invalidate(changes []store.Change) {
	c := a.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ch := range changes {
		c.invalidate(ch)
	}
}

// Reset empties the caches (feed.Subscriber): the feed was pruned past us, or could not be read.
func (a *Authorizer) Reset() { a.cache.reset() }

// invalidate drops what a change makes stale. The caller holds c.mu.
func (c *cache) invalidate(ch store.Change) {
	switch ch.Kind {
	case store.KindUser:
		c.users.Delete(ch.Key)
	case store.KindRole:
		c.roles.Delete(ch.Key)
	case store.KindGroup:
		if d, ok := c.groups[ch.Key]; ok {
			d.stale.Store(true)
			delete(c.groups, ch.Key)
		}
	case store.KindPolicy:
		// The sets that name the policy (a managed policy's ARN is in every set of the
		// principals it is attached to, or in their skipped ARNs): those principals load
		// again, with sets built anew.
		c.compiledMu.Lock()
		for k, ps := range c.sets {
			if ps.dependsOn(ch.Key) {
				ps.stale.Store(true)
				delete(c.sets, k)
			}
		}
		c.compiledMu.Unlock()
	case store.KindOrganization:
		clear(c.orgs) // any account's chain may have changed: memberships, OUs, attachments, policies
	case store.KindAccount:
		delete(c.orgs, ch.Key) // a deleted account's membership goes with it
		// Its principals load again on their next use (closed or removed, the account's
		// state decides what they may do): one mark, not a walk over every principal.
		if d, ok := c.accounts[ch.AccountID]; ok {
			d.stale.Store(true)
			delete(c.accounts, ch.AccountID)
		}
	default:
		return // nothing cached depends on other kinds yet
	}
	c.epoch++
}

// reset empties every cache (the change feed was pruned past us, or could not be read).
func (c *cache) reset() {
	c.mu.Lock()
	c.staleAll()
	c.mu.Unlock()
}

// staleAll drops every principal and organization chain. The caller holds c.mu.
func (c *cache) staleAll() {
	c.users.Clear()
	c.roles.Clear()
	clear(c.orgs)
	for _, d := range c.groups {
		d.stale.Store(true)
	}
	clear(c.groups)
	for _, d := range c.accounts {
		d.stale.Store(true)
	}
	clear(c.accounts)
	c.epoch++
}
