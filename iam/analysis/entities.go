package analysis

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
)

// entityRef is an ARN naming a user, group, role or (for access advisor) a managed policy, as
// a request gives it.
type entityRef struct {
	raw     string
	kind    entityKind
	account string
	// name is the entity's name: the last element of the resource path. IAM looks entities up
	// by name, whatever path the ARN gives (observed from AWS for the context-key operations).
	name string
}

type entityKind uint8

const (
	kindUser entityKind = iota + 1
	kindGroup
	kindRole
	kindPolicy
)

func (k entityKind) principal() store.PrincipalKind {
	switch k {
	case kindGroup:
		return store.PrincipalGroup
	case kindRole:
		return store.PrincipalRole
	}
	return store.PrincipalUser
}

// parseEntityARN reads an IAM ARN of one of the kinds allowed: a global (region-less) ARN in
// the IAM service with a 12-digit account (or "aws" for an AWS managed policy). Anything else
// is InvalidInput.
func parseEntityARN(s string, allowed ...entityKind) (entityRef, *awserr.Error) {
	a, err := arn.Parse(s)
	if err != nil || a.Service != "iam" || a.Region != "" {
		return entityRef{}, iamerr.InvalidARN.Err(s)
	}
	typ, rest, ok := strings.Cut(a.Resource, "/")
	if !ok || rest == "" || strings.HasSuffix(rest, "/") {
		return entityRef{}, iamerr.InvalidARN.Err(s)
	}
	var kind entityKind
	switch typ {
	case "user":
		kind = kindUser
	case "group":
		kind = kindGroup
	case "role":
		kind = kindRole
	case "policy":
		kind = kindPolicy
	default:
		return entityRef{}, iamerr.InvalidARN.Err(s)
	}
	permitted := false
	for _, k := range allowed {
		permitted = permitted || k == kind
	}
	if !permitted || !(arn.IsAccountID(a.AccountID) || kind == kindPolicy && a.AccountID == "aws") {
		return entityRef{}, iamerr.InvalidARN.Err(s)
	}
	name := rest[strings.LastIndexByte(rest, '/')+1:]
	return entityRef{raw: s, kind: kind, account: a.AccountID, name: name}, nil
}

// sourcePolicy is one policy a simulation or context-key report reads, identified as the
// simulator identifies it in MatchedStatements.
type sourcePolicy struct {
	// id is the SourcePolicyId: the name of a managed policy, "user_NAME_POLICY" (or group_,
	// role_) for an inline policy, "PolicyInputList.N" and so on for the request's own.
	id   string
	typ  string // the SourcePolicyType (see sourceIAMPolicy)
	doc  string
	kind policy.Kind
	// arn is a managed policy's ARN; owner, ownerKind ("user", "group" or "role") and name
	// are an inline policy's: what SimulatePrincipalPolicy's PolicyExclusionList names them
	// by. All empty for the request's own policies.
	arn, owner, ownerKind, name string
}

// The SourcePolicyType values AWS answers. The API reference lists user, group, role,
// aws-managed, user-managed, resource and none, but responses recorded from AWS (2020–2026,
// inline, customer managed, AWS managed and PolicyInputList policies alike) carry these
// strings; we answer what AWS answers.
const (
	sourceIAMPolicy      = "IAM Policy"
	sourceResourcePolicy = "Resource Policy"
	sourceBoundaryPolicy = "Permissions Boundary Policy"
)

// entityPolicies are the policies in force for an entity: its permissions policies
// (for a user, its groups' too) and its permissions boundary.
type entityPolicies struct {
	identity []sourcePolicy
	boundary *sourcePolicy
}

// principalEntity is a user, group or role found in the store.
type principalEntity struct {
	kind    entityKind
	id      string
	name    string
	path    string
	arn     string
	account string
	tags    []store.Tag
}

// findEntity reads the user, group or role ref names in account, with its tags; nil when
// there is none (or ref names another account or partition).
func findEntity(ctx context.Context, tx store.Tx, account string, ref entityRef) (*principalEntity, error) {
	if ref.account != account || !strings.HasPrefix(ref.raw, "arn:aws:") {
		return nil, nil
	}
	var e principalEntity
	var err error
	switch ref.kind {
	case kindUser:
		var u store.User
		if u, err = tx.Users().Get(ctx, account, ref.name); err == nil {
			e = principalEntity{kind: kindUser, id: u.ID, name: u.Name, path: u.Path, arn: u.ARN, account: account}
			e.tags, err = tx.Tags().List(ctx, store.Resource{Kind: store.KindUser, Key: u.ID})
		}
	case kindGroup:
		var g store.Group
		if g, err = tx.Groups().Get(ctx, account, ref.name); err == nil {
			e = principalEntity{kind: kindGroup, id: g.ID, name: g.Name, path: g.Path, arn: g.ARN, account: account}
		}
	case kindRole:
		var r store.Role
		if r, err = tx.Roles().Get(ctx, account, ref.name); err == nil {
			e = principalEntity{kind: kindRole, id: r.ID, name: r.Name, path: r.Path, arn: r.ARN, account: account}
			e.tags, err = tx.Tags().List(ctx, store.Resource{Kind: store.KindRole, Key: r.ID})
		}
	default:
		return nil, nil
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// loadPolicies reads the policies of e: inline policies, attached managed policies (each
// once, even when attached both to a user and to one of its groups), its groups' for a user,
// and its permissions boundary.
func loadPolicies(ctx context.Context, tx store.Tx, e *principalEntity) (entityPolicies, error) {
	c := &collector{ctx: ctx, tx: tx, account: e.account, seen: map[string]bool{}}
	var boundaryARN string
	switch e.kind {
	case kindUser:
		ua, err := tx.Authz().User(ctx, e.id)
		if err != nil {
			return c.out, err
		}
		c.docs = ua.Documents
		c.inline("user", e.name, ua.Inline)
		if err := c.managed(ua.Attached); err != nil {
			return c.out, err
		}
		for _, g := range ua.Groups {
			c.inline("group", g.Group.Name, g.Inline)
			if err := c.managed(g.Attached); err != nil {
				return c.out, err
			}
		}
		boundaryARN = ua.User.BoundaryARN
	case kindRole:
		ra, err := tx.Authz().Role(ctx, e.id)
		if err != nil {
			return c.out, err
		}
		c.docs = ra.Documents
		c.inline("role", e.name, ra.Inline)
		if err := c.managed(ra.Attached); err != nil {
			return c.out, err
		}
		boundaryARN = ra.Role.BoundaryARN
	case kindGroup:
		if err := c.group(e); err != nil {
			return c.out, err
		}
	}
	if boundaryARN != "" {
		doc, err := managedDocument(ctx, tx, e.account, boundaryARN, c.docs)
		if err != nil {
			return c.out, err
		}
		// A boundary whose document is gone allows nothing, as authz treats it.
		c.out.boundary = &sourcePolicy{id: policyName(boundaryARN), typ: sourceBoundaryPolicy, doc: doc, kind: policy.Boundary}
	}
	return c.out, nil
}

// collector gathers an entity's identity policies for loadPolicies.
type collector struct {
	ctx     context.Context
	tx      store.Tx
	account string
	docs    map[string]store.PolicyVersion
	seen    map[string]bool
	out     entityPolicies
}

// inline adds inline policies of the principal owner (of kind prefix).
func (c *collector) inline(prefix, owner string, ps []store.InlinePolicy) {
	for _, p := range ps {
		c.out.identity = append(c.out.identity, sourcePolicy{id: prefix + "_" + owner + "_" + p.Name, typ: sourceIAMPolicy,
			doc: p.Document, kind: policy.Identity, owner: owner, ownerKind: prefix, name: p.Name})
	}
}

// managed adds attached managed policies, each once.
func (c *collector) managed(arns []string) error {
	for _, policyARN := range arns {
		if c.seen[policyARN] {
			continue
		}
		c.seen[policyARN] = true
		doc, err := managedDocument(c.ctx, c.tx, c.account, policyARN, c.docs)
		if err != nil {
			return err
		}
		if doc != "" {
			c.out.identity = append(c.out.identity, sourcePolicy{id: policyName(policyARN), typ: sourceIAMPolicy, doc: doc,
				kind: policy.Identity, arn: policyARN})
		}
	}
	return nil
}

// group adds a group's inline and attached policies.
func (c *collector) group(e *principalEntity) error {
	p := store.Principal{Kind: store.PrincipalGroup, ID: e.id}
	inline, err := core.All(
		func(o store.ListOptions) ([]store.InlinePolicy, bool, error) {
			return c.tx.InlinePolicies().List(c.ctx, p, o)
		},
		func(v *store.InlinePolicy) string { return v.Name })
	if err != nil {
		return err
	}
	c.inline("group", e.name, inline)
	attached, err := core.All(
		func(o store.ListOptions) ([]store.AttachedPolicy, bool, error) {
			return c.tx.Attachments().List(c.ctx, p, o)
		},
		func(a *store.AttachedPolicy) string { return a.ARN })
	if err != nil {
		return err
	}
	arns := make([]string, len(attached))
	for i, a := range attached {
		arns[i] = a.ARN
	}
	return c.managed(arns)
}

// managedDocument returns the default document of a managed policy: from the catalog for an
// AWS managed policy, from docs (what a bulk read returned) or the store for a customer
// managed one; "" when it no longer exists.
func managedDocument(ctx context.Context, tx store.Tx, account, policyARN string, docs map[string]store.PolicyVersion) (string, error) {
	if strings.HasPrefix(policyARN, managed.ARNPrefix+"/") {
		if p, ok := managed.Lookup(policyARN); ok {
			return p.Document, nil
		}
		return "", nil
	}
	if v, ok := docs[policyARN]; ok {
		return v.Document, nil
	}
	v, err := tx.Policies().DefaultVersion(ctx, account, policyARN)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	return v.Document, err
}

// policyName is the name of a managed policy: the last element of its ARN.
func policyName(policyARN string) string {
	return policyARN[strings.LastIndexByte(policyARN, '/')+1:]
}

// resourceOf is the resource a request about ref is authorized against, and its account: the
// entity's own ARN (with its path) when it exists, else the path-less ARN its name would have
// in the caller's account, else (another account or partition) the ARN as given, which the
// caller's account cannot grant.
func resourceOf(account string, ref entityRef, e *principalEntity) (resource, owner string) {
	switch {
	case e != nil:
		return e.arn, e.account
	case ref.account == account && strings.HasPrefix(ref.raw, "arn:aws:"):
		typ := map[entityKind]string{kindUser: "user", kindGroup: "group", kindRole: "role", kindPolicy: "policy"}[ref.kind]
		return "arn:aws:iam::" + account + ":" + typ + "/" + ref.name, account
	}
	return ref.raw, ref.account
}
