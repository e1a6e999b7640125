package identity

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
)

// A principal's permissions policies and the actions they allow, as access advisor (IAM) and
// Access Analyzer's unused access findings and recommendations read them.

// Policy is one permissions policy in force for a user or role: an inline policy of the
// principal or of one of its groups, or an attached managed policy (the principal's or a
// group's).
type Policy struct {
	// Name is the policy's name; ARN is a managed policy's ARN ("" for an inline one).
	Name, ARN string
	// Owner is the ARN of the user, group or role the policy is attached to or embedded in.
	Owner    string
	Document string
	// Updated is when a managed policy's default version last changed (zero for an inline
	// policy).
	Updated time.Time
}

// Policies reads the permissions policies of the user or role p (boundaries are not
// permissions policies): each managed policy once, even when attached both to a user and to
// one of its groups. A managed policy whose document is gone is left out.
func Policies(ctx context.Context, tx store.Tx, p *Principal) ([]Policy, error) {
	var out []Policy
	seen := map[string]bool{}
	var docs map[string]store.PolicyVersion
	addManaged := func(owner string, arns []string) error {
		for _, a := range arns {
			if seen[a] {
				continue
			}
			seen[a] = true
			pol, err := managedPolicy(ctx, tx, p.Account, a, docs)
			if err != nil {
				return err
			}
			if pol.Document != "" {
				pol.Owner = owner
				out = append(out, pol)
			}
		}
		return nil
	}
	addInline := func(owner string, ps []store.InlinePolicy) {
		for _, ip := range ps {
			out = append(out, Policy{Name: ip.Name, Owner: owner, Document: ip.Document})
		}
	}
	switch p.Kind {
	case store.PrincipalUser:
		ua, err := tx.Authz().User(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		docs = ua.Documents
		addInline(p.ARN, ua.Inline)
		if err := addManaged(p.ARN, ua.Attached); err != nil {
			return nil, err
		}
		for _, g := range ua.Groups {
			addInline(g.Group.ARN, g.Inline)
			if err := addManaged(g.Group.ARN, g.Attached); err != nil {
				return nil, err
			}
		}
	case store.PrincipalRole:
		ra, err := tx.Authz().Role(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		docs = ra.Documents
		addInline(p.ARN, ra.Inline)
		if err := addManaged(p.ARN, ra.Attached); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// managedPolicy reads a managed policy's default document: from the catalog for an AWS managed
// policy, from docs (a bulk read's) or the store for a customer managed one; a policy that no
// longer exists has an empty Document.
func managedPolicy(ctx context.Context, tx store.Tx, account, policyARN string, docs map[string]store.PolicyVersion) (Policy, error) {
	name := policyARN[strings.LastIndexByte(policyARN, '/')+1:]
	if strings.HasPrefix(policyARN, managed.ARNPrefix+"/") {
		if m, ok := managed.Lookup(policyARN); ok {
			return Policy{Name: name, ARN: policyARN, Document: m.Document, Updated: m.UpdateDate}, nil
		}
		return Policy{}, nil
	}
	v, ok := docs[policyARN]
	if !ok {
		var err error
		if v, err = tx.Policies().DefaultVersion(ctx, account, policyARN); errors.Is(err, store.ErrNotFound) {
			return Policy{}, nil
		} else if err != nil {
			return Policy{}, err
		}
	}
	return Policy{Name: name, ARN: policyARN, Document: v.Document, Updated: v.Created}, nil
}

// GrantedActions are the actions the Allow statements of the identity policies docs name, by
// service prefix and action name (with the catalog's capitalization). Documents that do not
// parse are skipped; conditions, resources and Deny statements are not considered.
func GrantedActions(docs []string) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, text := range docs {
		doc, _ := policy.Parse([]byte(text), policy.Identity)
		if doc == nil {
			continue
		}
		for i := range doc.Statements {
			for _, a := range StatementActions(&doc.Statements[i]) {
				if out[a.Service] == nil {
					out[a.Service] = map[string]bool{}
				}
				out[a.Service][a.Name] = true
			}
		}
	}
	return out
}

// StatementActions are the catalog's actions an Allow statement names (through Action or
// NotAction); none for a Deny statement.
func StatementActions(st *policy.Statement) []*authref.ActionInfo {
	if st.Effect != policy.EffectAllow {
		return nil
	}
	if !st.NotAction {
		var out []*authref.ActionInfo
		for _, v := range st.Actions {
			out = append(out, authref.ExpandActions(v.Text)...)
		}
		return out
	}
	var out []*authref.ActionInfo
	for _, a := range authref.ExpandActions("*") {
		excluded := false
		for _, v := range st.Actions {
			excluded = excluded || arn.Glob(strings.ToLower(v.Text), strings.ToLower(a.String()))
		}
		if !excluded {
			out = append(out, a)
		}
	}
	return out
}
