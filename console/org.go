package console

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// The organization page: AWS Organizations' operations called as the signed-in principal (so it
// needs organizations:Describe*/List*, which only the management account and delegated
// administrators have): the organization, its tree of OUs and accounts from the root, and its
// service and resource control policies with where each is attached and its document.

// orgPage is what the organization page shows.
type orgPage struct {
	Org      *orgwire.Organization
	Roots    []orgNode
	Policies []orgPolicy
	// NotInUse: the account is in no organization (AWSOrganizationsNotInUseException).
	NotInUse bool
	// Manage: the signed-in principal is in the management account, so the page offers the
	// forms that change the organization (Organizations still authorizes each call).
	Manage bool
	// Parents are the roots and OUs, Units the OUs alone, Accounts the accounts: the choices of
	// the forms.
	Parents, Units, Accounts []orgRef
}

// orgRef is a root, OU or account as a form offers it.
type orgRef struct {
	ID, Label string
}

// orgNode is a root or OU with what is under it.
type orgNode struct {
	ID, Name, Kind string
	PolicyTypes    []string
	Units          []orgNode
	Accounts       []orgwire.Account
}

// orgPolicy is a control policy with its attachments.
type orgPolicy struct {
	orgwire.PolicySummary
	Content string
	Targets []orgwire.PolicyTargetSummary
}

// orgCall runs one Organizations operation as the session's principal; in is its input as the
// API's JSON.
func orgCall[O any](c *Console, r *http.Request, s *session, action string, in any) (*O, error) {
	out, err := c.orgInvoke(r, s, action, in)
	if err != nil {
		return nil, err
	}
	return out.(*O), nil
}

// orgInvoke is orgCall with the output untyped.
func (c *Console) orgInvoke(r *http.Request, s *session, action string, in any) (any, error) {
	op, _ := orgwire.Lookup(action)
	body, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	return c.jsonCall(r, s, jsonOp{service: "organizations", action: action, target: orgwire.Service.TargetPrefix,
		decode: op.Decode, call: func(ctx context.Context, in any) (any, error) { return op.Call(ctx, c.orgs.Handlers, in) }}, body)
}

func (c *Console) organizationPage(w http.ResponseWriter, r *http.Request, s *session) {
	c.showOrganization(w, r, s, &view{})
}

// showOrganization renders the organization page with v's notice or error (and its status).
func (c *Console) showOrganization(w http.ResponseWriter, r *http.Request, s *session, v *view) {
	status := v.status()
	d := &orgPage{}
	v.Title, v.Section, v.Data = "Organization", "organization", d
	org, err := orgCall[orgwire.DescribeOrganizationOutput](c, r, s, "DescribeOrganization", struct{}{})
	if e := apiError(err); e != nil && e.Code == orgwire.ErrCodeAWSOrganizationsNotInUseException {
		d.NotInUse = true
		c.render(w, r, http.StatusOK, "organization", v)
		return
	}
	if err == nil {
		d.Org = org.Organization
		d.Manage = d.Org != nil && deref(d.Org.MasterAccountId) == s.account
		err = c.orgTree(r, s, d)
	}
	if err == nil {
		err = c.orgPolicies(r, s, d)
	}
	if err != nil && v.Error == "" { // an action's refusal stays what the page says
		c.failed(w, r, "organization", v, err)
		return
	}
	for _, root := range d.Roots {
		d.choices(root, "")
	}
	c.render(w, r, status, "organization", v)
}

// choices lists n and what is under it as the forms' choices, labelled by their place.
func (d *orgPage) choices(n orgNode, above string) {
	label := above + n.Name
	d.Parents = append(d.Parents, orgRef{n.ID, label + " (" + n.ID + ")"})
	if n.Kind == "OU" {
		d.Units = append(d.Units, orgRef{n.ID, label + " (" + n.ID + ")"})
	}
	for _, a := range n.Accounts {
		d.Accounts = append(d.Accounts, orgRef{deref(a.Id), deref(a.Name) + " (" + deref(a.Id) + ") in " + label})
	}
	for _, u := range n.Units {
		d.choices(u, label+" / ")
	}
}

// orgTree reads the roots and, under each, its OUs and accounts (every page).
func (c *Console) orgTree(r *http.Request, s *session, d *orgPage) error {
	roots, err := orgCall[orgwire.ListRootsOutput](c, r, s, "ListRoots", struct{}{})
	if err != nil {
		return err
	}
	for _, root := range roots.Roots {
		n := orgNode{ID: deref(root.Id), Name: deref(root.Name), Kind: "Root"}
		for _, t := range root.PolicyTypes {
			if t.Status != nil && *t.Status == orgwire.PolicyTypeStatusEnabled {
				n.PolicyTypes = append(n.PolicyTypes, string(deref(t.Type)))
			}
		}
		if err := c.orgChildren(r, s, &n, 0); err != nil {
			return err
		}
		d.Roots = append(d.Roots, n)
	}
	return nil
}

// maxOrgDepth bounds the walk down the tree: Organizations nests OUs five deep.
const maxOrgDepth = 6

// orgChildren fills n's OUs (recursively) and accounts.
func (c *Console) orgChildren(r *http.Request, s *session, n *orgNode, depth int) error {
	if depth > maxOrgDepth {
		return nil
	}
	for next := ""; ; {
		in := map[string]any{"ParentId": n.ID}
		if next != "" {
			in["NextToken"] = next
		}
		out, err := orgCall[orgwire.ListOrganizationalUnitsForParentOutput](c, r, s, "ListOrganizationalUnitsForParent", in)
		if err != nil {
			return err
		}
		for _, u := range out.OrganizationalUnits {
			child := orgNode{ID: deref(u.Id), Name: deref(u.Name), Kind: "OU"}
			if err := c.orgChildren(r, s, &child, depth+1); err != nil {
				return err
			}
			n.Units = append(n.Units, child)
		}
		if next = deref(out.NextToken); next == "" {
			break
		}
	}
	for next := ""; ; {
		in := map[string]any{"ParentId": n.ID}
		if next != "" {
			in["NextToken"] = next
		}
		out, err := orgCall[orgwire.ListAccountsForParentOutput](c, r, s, "ListAccountsForParent", in)
		if err != nil {
			return err
		}
		n.Accounts = append(n.Accounts, out.Accounts...)
		if next = deref(out.NextToken); next == "" {
			return nil
		}
	}
}

// orgPolicies reads the service and resource control policies, their documents and targets.
func (c *Console) orgPolicies(r *http.Request, s *session, d *orgPage) error {
	for _, typ := range []orgwire.PolicyType{orgwire.PolicyTypeServiceControlPolicy, orgwire.PolicyTypeResourceControlPolicy} {
		for next := ""; ; {
			in := map[string]any{"Filter": typ}
			if next != "" {
				in["NextToken"] = next
			}
			out, err := orgCall[orgwire.ListPoliciesOutput](c, r, s, "ListPolicies", in)
			if err != nil {
				return err
			}
			for _, p := range out.Policies {
				op, err := c.orgPolicy(r, s, p)
				if err != nil {
					return err
				}
				d.Policies = append(d.Policies, op)
			}
			if next = deref(out.NextToken); next == "" {
				break
			}
		}
	}
	return nil
}

// orgPolicy reads a policy's document and every target it is attached to.
func (c *Console) orgPolicy(r *http.Request, s *session, p orgwire.PolicySummary) (orgPolicy, error) {
	op := orgPolicy{PolicySummary: p}
	desc, err := orgCall[orgwire.DescribePolicyOutput](c, r, s, "DescribePolicy", map[string]any{"PolicyId": deref(p.Id)})
	if err != nil {
		return op, err
	}
	if desc.Policy != nil {
		op.Content = deref(desc.Policy.Content)
		var pretty bytes.Buffer
		if json.Indent(&pretty, []byte(op.Content), "", "  ") == nil {
			op.Content = pretty.String()
		}
	}
	for next := ""; ; {
		in := map[string]any{"PolicyId": deref(p.Id)}
		if next != "" {
			in["NextToken"] = next
		}
		out, err := orgCall[orgwire.ListTargetsForPolicyOutput](c, r, s, "ListTargetsForPolicy", in)
		if err != nil {
			return op, err
		}
		op.Targets = append(op.Targets, out.Targets...)
		if next = deref(out.NextToken); next == "" {
			return op, nil
		}
	}
}
