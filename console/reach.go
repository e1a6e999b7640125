package console

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Understanding access: an identity's effective permissions (every statement in force for it,
// from its own policies, its groups' and its boundary) and a graph of who can reach what
// (users → groups → roles → the principals outside the account that roles trust). Both read
// the account with GetAccountAuthorizationDetails as the signed-in principal; which users may
// assume which roles comes from SimulatePrincipalPolicy.

func (c *Console) reachRoutes() {
	m := c.mux
	m.HandleFunc("GET "+Prefix+"/effective", c.signedIn(c.effectivePage))
	m.HandleFunc("GET "+Prefix+"/graph", c.signedIn(c.graphPage))
}

// authorizationDetails reads the whole account (every page).
func (c *Console) authorizationDetails(r *http.Request, s *session) (*iamwire.GetAccountAuthorizationDetailsOutput, error) {
	all := &iamwire.GetAccountAuthorizationDetailsOutput{}
	marker := ""
	for {
		p := url.Values{"MaxItems": {"1000"}}
		if marker != "" {
			p.Set("Marker", marker)
		}
		out, err := call[iamwire.GetAccountAuthorizationDetailsOutput](c, r, s, "GetAccountAuthorizationDetails", p)
		if err != nil {
			return nil, err
		}
		all.UserDetailList = append(all.UserDetailList, out.UserDetailList...)
		all.GroupDetailList = append(all.GroupDetailList, out.GroupDetailList...)
		all.RoleDetailList = append(all.RoleDetailList, out.RoleDetailList...)
		all.Policies = append(all.Policies, out.Policies...)
		if marker = nextMarker(out.IsTruncated, out.Marker); marker == "" {
			return all, nil
		}
	}
}

// grant is one statement in force for an identity, in words.
type grant struct {
	Effect, Actions, Resources, Condition, From string
}

type effective struct {
	ARN      string
	Grants   []grant
	Boundary []grant
	Groups   []string
	// SCPs are the service control policies of the identity's organization, level by level
	// (root, OUs, the account): at every level some statement must allow a request. InOrg: the
	// account is in an organization; Management: it is the management account, which SCPs do not
	// restrict.
	SCPs              []scpLevel
	InOrg, Management bool
	// RCPs are the resource control policies that fence the resources of each account of the
	// identity's organization it may reach: its own, then the others its statements name.
	RCPs []rcpAccount
}

// rcpAccount is the resource control policies over one account's resources, level by level;
// Management: the management account, whose resources RCPs do not restrict.
type rcpAccount struct {
	Account    string
	Management bool
	Levels     []scpLevel
}

// scpLevel is one level of the organization above an account and the SCPs attached there.
type scpLevel struct {
	Target string
	Grants []grant
}

func (c *Console) effectivePage(w http.ResponseWriter, r *http.Request, s *session) {
	arn := r.URL.Query().Get("arn")
	if arn == "" {
		arn = s.caller.ARN
	}
	d := &effective{ARN: arn}
	v := &view{Title: "Effective permissions", Section: "graph", Data: d}
	all, err := c.authorizationDetails(r, s)
	if err != nil {
		c.failed(w, r, "effective", v, err)
		return
	}
	docs := managedDocuments(all.Policies)
	for _, u := range all.UserDetailList {
		if deref(u.Arn) != arn {
			continue
		}
		d.Groups = u.GroupList
		d.Grants = append(d.Grants, inlineGrants(u.UserPolicyList, "user inline policy ")...)
		d.Grants = append(d.Grants, attachedGrants(u.AttachedManagedPolicies, docs)...)
		for _, g := range all.GroupDetailList {
			if slices.Contains(u.GroupList, deref(g.GroupName)) {
				d.Grants = append(d.Grants, inlineGrants(g.GroupPolicyList, "group "+deref(g.GroupName)+" inline policy ")...)
				d.Grants = append(d.Grants, attachedGrants(g.AttachedManagedPolicies, docs)...)
			}
		}
		d.Boundary = boundaryGrants(u.PermissionsBoundary, docs)
	}
	for _, x := range all.RoleDetailList {
		if deref(x.Arn) == arn {
			d.Grants = append(d.Grants, inlineGrants(x.RolePolicyList, "role inline policy ")...)
			d.Grants = append(d.Grants, attachedGrants(x.AttachedManagedPolicies, docs)...)
			d.Boundary = boundaryGrants(x.PermissionsBoundary, docs)
		}
	}
	if err := c.serviceControlPolicies(r, d); err != nil {
		c.internal(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "effective", v)
}

// serviceControlPolicies fills in the SCPs that bound the identity's account and the RCPs that
// fence the resources it may reach, read as the authorizer reads them (orgdata): the page shows
// why a request its own policies allow may still be denied, for a principal the signed-in user
// may already read the details of.
func (c *Console) serviceControlPolicies(r *http.Request, d *effective) error {
	a, err := arn.Parse(d.ARN)
	if err != nil || a.AccountID == "" {
		return nil
	}
	return c.cfg.Node.Store.View(r.Context(), func(tx store.Tx) error {
		chain, err := orgdata.Load(r.Context(), tx, a.AccountID)
		if err != nil || chain == nil {
			return err
		}
		d.InOrg, d.Management = true, chain.Management == a.AccountID
		if !d.Management {
			d.SCPs = policyLevels(chain, a.AccountID, chain.SCPs)
		}
		return c.resourceControlPolicies(r.Context(), tx, chain, a.AccountID, d)
	})
}

// resourceControlPolicies fills in the RCPs over the resources of the identity's own account and
// of every other account of its organization its statements name (never another organization's:
// the page does not show what the signed-in user could not see).
func (c *Console) resourceControlPolicies(ctx context.Context, tx store.Tx, own *orgdata.Chain, account string, d *effective) error {
	accounts := []string{account}
	for _, g := range append(append([]grant(nil), d.Grants...), d.Boundary...) {
		for _, res := range strings.Split(strings.TrimPrefix(g.Resources, "everything except "), ", ") {
			if ra, err := arn.Parse(res); err == nil && arn.IsAccountID(ra.AccountID) && !slices.Contains(accounts, ra.AccountID) {
				accounts = append(accounts, ra.AccountID)
			}
		}
	}
	for _, acct := range accounts {
		chain := own
		if acct != account {
			var err error
			if chain, err = orgdata.Load(ctx, tx, acct); err != nil {
				return err
			}
		}
		if chain == nil || chain.OrgID != own.OrgID || chain.RCPs == nil {
			continue
		}
		ra := rcpAccount{Account: acct, Management: chain.Management == acct}
		if !ra.Management {
			ra.Levels = policyLevels(chain, acct, chain.RCPs)
		}
		d.RCPs = append(d.RCPs, ra)
	}
	return nil
}

// policyLevels are an account's levels (root, OUs, the account) with the grants of the policies
// of one type attached at each.
func policyLevels(chain *orgdata.Chain, account string, docs [][]string) []scpLevel {
	targets := append(append([]string(nil), chain.Path...), account)
	var out []scpLevel
	for i, level := range docs {
		l := scpLevel{Target: scpTarget(targets[i])}
		for _, doc := range level {
			l.Grants = append(l.Grants, grants(doc, l.Target)...)
		}
		out = append(out, l)
	}
	return out
}

// scpTarget names a level of the organization by its ID's form.
func scpTarget(id string) string {
	switch {
	case strings.HasPrefix(id, "r-"):
		return "root " + id
	case strings.HasPrefix(id, "ou-"):
		return "OU " + id
	}
	return "account " + id
}

// managedDocuments are the default versions' documents of the managed policies, by ARN.
func managedDocuments(ps []iamwire.ManagedPolicyDetail) map[string]string {
	docs := map[string]string{}
	for _, p := range ps {
		for _, v := range p.PolicyVersionList {
			if deref(v.IsDefaultVersion) {
				docs[deref(p.Arn)] = document(v.Document)
			}
		}
	}
	return docs
}

func inlineGrants(ps []iamwire.PolicyDetail, from string) []grant {
	var out []grant
	for _, p := range ps {
		out = append(out, grants(document(p.PolicyDocument), from+deref(p.PolicyName))...)
	}
	return out
}

func attachedGrants(ps []iamwire.AttachedPolicy, docs map[string]string) []grant {
	var out []grant
	for _, p := range ps {
		out = append(out, grants(docs[deref(p.PolicyArn)], deref(p.PolicyArn))...)
	}
	return out
}

func boundaryGrants(b *iamwire.AttachedPermissionsBoundary, docs map[string]string) []grant {
	if b == nil {
		return nil
	}
	return grants(docs[deref(b.PermissionsBoundaryArn)], deref(b.PermissionsBoundaryArn))
}

// grants reads a policy's statements as grants.
func grants(doc, from string) []grant {
	var p struct{ Statement json.RawMessage }
	if json.Unmarshal([]byte(doc), &p) != nil {
		return nil
	}
	var list []map[string]json.RawMessage
	if json.Unmarshal(p.Statement, &list) != nil {
		var one map[string]json.RawMessage
		if json.Unmarshal(p.Statement, &one) != nil {
			return nil
		}
		list = []map[string]json.RawMessage{one}
	}
	var out []grant
	for _, st := range list {
		g := grant{From: from, Condition: string(st["Condition"])}
		json.Unmarshal(st["Effect"], &g.Effect)
		g.Actions = listOrNot(st, "Action", "NotAction")
		g.Resources = listOrNot(st, "Resource", "NotResource")
		out = append(out, g)
	}
	return out
}

// listOrNot shows an element or, when the statement has its Not form, everything but it.
func listOrNot(st map[string]json.RawMessage, name, not string) string {
	if raw, ok := st[name]; ok {
		return strings.Join(strs(raw), ", ")
	}
	if raw, ok := st[not]; ok {
		return "everything except " + strings.Join(strs(raw), ", ")
	}
	return ""
}
