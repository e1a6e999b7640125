package organizations

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
)

// The scope of an Organizations access report: which accounts' activity it reports, and
// which services the SCPs (or one SCP) allow them, as GenerateOrganizationsAccessReport's
// documentation describes for a root, an OU, the management account or another account.

// scope is an entity path resolved against the organization.
type scope struct {
	path     string
	levels   []string // root → OUs → the entity (an account's ID last when it is one)
	accounts []string // the accounts whose activity is reported
	// all says every service is listed: the management account, which SCPs do not limit.
	all bool
	// services are the namespaces the report lists when all is false.
	services map[string]bool
}

var accountID = regexp.MustCompile(`^\d{12}$`)

// errScope is a problem with the request that the job reports as its failure.
type errScope struct{ code, message string }

func (e *errScope) Error() string { return e.code + ": " + e.message }

func entityNotFound(path string) error {
	return &errScope{code: "EntityNotFound", message: fmt.Sprintf("The entity path %s does not name an entity of your organization.", path)} // unconfirmed (see access_report.go: where we looked)
}

// resolveScope checks an entity path ("o-…/r-…/ou-…/…/account") against the caller's
// organization, level by level, and gathers the accounts it covers.
func resolveScope(ctx context.Context, tx store.Tx, o *orgOf, path string) (*scope, error) {
	parts := strings.Split(strings.TrimSuffix(path, "/"), "/")
	if len(parts) < 2 || parts[0] != o.id {
		return nil, entityNotFound(path)
	}
	recs := tx.Organizations()
	sc := &scope{path: path, levels: parts[1:]}
	for i, id := range sc.levels {
		part := store.OrgUnit
		switch {
		case i == 0:
			part = store.OrgRoot
		case accountID.MatchString(id) && i == len(sc.levels)-1:
			part = store.OrgMember
		}
		rec, err := recs.Get(ctx, o.id, part, id)
		if errors.Is(err, store.ErrNotFound) || err == nil && i > 0 && rec.Parent != sc.levels[i-1] {
			return nil, entityNotFound(path)
		} else if err != nil {
			return nil, err
		}
	}
	last := sc.levels[len(sc.levels)-1]
	if accountID.MatchString(last) {
		sc.accounts, sc.all = []string{last}, last == o.management
		return sc, nil
	}
	members, err := recs.List(ctx, o.id, store.OrgMember, store.OrgFilter{})
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		if m.ID == o.management {
			continue // the management account is not limited by SCPs
		}
		chain, err := orgdata.Load(ctx, tx, m.ID)
		if err != nil {
			return nil, err
		}
		if chain != nil && slices.Contains(chain.Path, last) {
			sc.accounts = append(sc.accounts, m.ID)
		}
	}
	return sc, nil
}

// allowedBy sets the services the SCPs attached from the root down to the entity allow: a
// service is listed when every level has an SCP whose Allow statements grant one of its
// actions.
func (sc *scope) allowedBy(ctx context.Context, tx store.Tx, orgID string, granted func([]string) map[string]map[string]bool) error {
	if sc.all {
		return nil
	}
	docs, err := orgdata.Documents(ctx, tx, orgID, orgdata.SCP, sc.levels)
	if err != nil {
		return err
	}
	for i, level := range docs {
		g := granted(level)
		if i == 0 {
			sc.services = map[string]bool{}
			for ns := range g {
				sc.services[ns] = true
			}
			continue
		}
		for ns := range sc.services {
			if g[ns] == nil {
				delete(sc.services, ns)
			}
		}
	}
	return nil
}

// onlyPolicy narrows the scope to one SCP: the services it allows, and the accounts it
// applies to (attached at a level of their chain).
func (sc *scope) onlyPolicy(ctx context.Context, tx store.Tx, orgID, policyID string, granted func([]string) map[string]map[string]bool) error {
	doc := ""
	if m, ok := orgdata.LookupManaged(policyID); ok && m.Type == orgdata.SCP {
		doc = m.Content
	} else {
		rec, err := tx.Organizations().Get(ctx, orgID, store.OrgPolicy, policyID)
		if errors.Is(err, store.ErrNotFound) || err == nil && rec.Parent != orgdata.SCP {
			return &errScope{code: "PolicyNotFound", message: fmt.Sprintf("The policy %s is not a service control policy of your organization.", policyID)} // unconfirmed (see access_report.go)
		} else if err != nil {
			return err
		}
		var p orgdata.Policy
		if err := orgdata.Decode(rec, &p); err != nil {
			return err
		}
		doc = p.Content
	}
	sc.all, sc.services = false, map[string]bool{}
	for ns := range granted([]string{doc}) {
		sc.services[ns] = true
	}
	atts, err := tx.Organizations().List(ctx, orgID, store.OrgAttachment, store.OrgFilter{Name: policyID})
	if err != nil {
		return err
	}
	targets := map[string]bool{}
	for _, a := range atts {
		targets[a.Parent] = true
	}
	var keep []string
	for _, acct := range sc.accounts {
		chain, err := orgdata.Load(ctx, tx, acct)
		if err != nil {
			return err
		}
		if chain != nil && (targets[acct] || slices.ContainsFunc(chain.Path, func(id string) bool { return targets[id] })) {
			keep = append(keep, acct)
		}
	}
	sc.accounts = keep
	return nil
}
