package console

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

func (c *Console) roleRoutes() {
	m := c.mux
	m.HandleFunc("GET "+Prefix+"/roles", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *session) {
		listPage(c, w, r, s, &view{Title: "Roles", Section: "roles"}, "roles", "ListRoles",
			func(out *iamwire.ListRolesOutput) (any, *bool, *string) {
				return out.Roles, out.IsTruncated, out.Marker
			})
	}))
	m.HandleFunc("POST "+Prefix+"/roles", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *session) {
		c.create(w, r, s, "CreateRole", []string{"RoleName", "Path", "Description", "AssumeRolePolicyDocument"}, "/roles/",
			"RoleName", func(v *view) { v.Title, v.Section = "Roles", "roles" }, "roles")
	}))
	m.HandleFunc("GET "+Prefix+"/roles/{name}", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *session) {
		c.showRole(w, r, s, &view{})
	}))
	m.HandleFunc("POST "+Prefix+"/roles/{name}/{action}", c.signedIn(c.roleAction))
}

type roleDetail struct {
	Role     iamwire.Role
	Trust    string
	Policies []iamwire.AttachedPolicy
	Tags     []iamwire.Tag
	// Trusted are the principals the trust policy names; Assumers, when the trust policy
	// trusts this account, the account's users and roles whose own policies let them assume the
	// role (from SimulatePrincipalPolicy).
	Trusted  []string
	Assumers []string
	Errors   sectionErrors
}

func (c *Console) showRole(w http.ResponseWriter, r *http.Request, s *session, v *view) {
	name := r.PathValue("name")
	status := v.status()
	v.Title, v.Section = "Role "+name, "roles"
	d := &roleDetail{Errors: sectionErrors{}}
	v.Data = d
	by := url.Values{"RoleName": {name}}
	out, err := call[iamwire.GetRoleOutput](c, r, s, "GetRole", by)
	if err != nil {
		c.failed(w, r, "role", v, err)
		return
	}
	d.Role, d.Trust = out.Role, prettyJSON(document(out.Role.AssumeRolePolicyDocument))
	d.Tags = out.Role.Tags
	if out, err := call[iamwire.ListAttachedRolePoliciesOutput](c, r, s, "ListAttachedRolePolicies", by); d.Errors.note("policies", err) {
		d.Policies = out.AttachedPolicies
	}
	d.Trusted = trustedPrincipals(d.Trust)
	if slices.Contains(d.Trusted, "arn:aws:iam::"+s.account+":root") || slices.Contains(d.Trusted, s.account) {
		d.Assumers, err = c.assumers(r, s, d.Role.Arn)
		d.Errors.note("assumers", err)
	}
	c.render(w, r, status, "role", v)
}

var roleActions = actions{
	"trust":           {"UpdateAssumeRolePolicy", []string{"PolicyDocument"}, "Trust policy saved."},
	"attach":          {"AttachRolePolicy", []string{"PolicyArn"}, "Policy attached."},
	"detach":          {"DetachRolePolicy", []string{"PolicyArn"}, "Policy detached."},
	"tags":            {"TagRole", []string{"Tags.member.1.Key", "Tags.member.1.Value"}, "Tag saved."},
	"untag":           {"UntagRole", []string{"TagKeys.member.1"}, "Tag removed."},
	"boundary":        {"PutRolePermissionsBoundary", []string{"PermissionsBoundary"}, "Boundary set."},
	"boundary-delete": {"DeleteRolePermissionsBoundary", nil, "Boundary removed."},
	"description":     {"UpdateRole", []string{"Description", "MaxSessionDuration"}, "Role updated."},
}

func (c *Console) roleAction(w http.ResponseWriter, r *http.Request, s *session) {
	c.act(w, r, s, roleActions, url.Values{"RoleName": {r.PathValue("name")}}, func(v *view) { c.showRole(w, r, s, v) })
}

// trustedPrincipals lists the principals an Allow statement of a trust policy names for an
// sts:AssumeRole action (AWS, Service and Federated principals, "*" for anyone).
func trustedPrincipals(doc string) []string {
	var p struct {
		Statement json.RawMessage
	}
	if json.Unmarshal([]byte(doc), &p) != nil {
		return nil
	}
	var out []string
	for _, st := range statements(p.Statement) {
		if st.Effect != "Allow" || !slices.ContainsFunc(strs(st.Action), func(a string) bool {
			return strings.HasPrefix(strings.ToLower(a), "sts:assumerole") || a == "*" || a == "sts:*"
		}) {
			continue
		}
		out = append(out, principals(st.Principal)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

type statement struct {
	Effect    string
	Action    json.RawMessage
	Principal json.RawMessage
}

// statements reads a Statement element: one statement or a list.
func statements(raw json.RawMessage) []statement {
	var list []statement
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	var one statement
	if json.Unmarshal(raw, &one) == nil {
		return []statement{one}
	}
	return nil
}

// strs reads a string or a list of strings.
func strs(raw json.RawMessage) []string {
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	return nil
}

// principals reads a Principal element: "*" or a map of kinds to principals. An account ID is
// written as its root ARN, as IAM shows it.
func principals(raw json.RawMessage) []string {
	var star string
	if json.Unmarshal(raw, &star) == nil {
		return []string{star}
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	var out []string
	for _, v := range m {
		for _, p := range strs(v) {
			if len(p) == 12 && strings.Trim(p, "0123456789") == "" {
				p = "arn:aws:iam::" + p + ":root"
			}
			out = append(out, p)
		}
	}
	return out
}

// assumers are the users and roles of the account whose identity policies (and boundaries)
// allow sts:AssumeRole on role, by SimulatePrincipalPolicy as the signed-in principal; at most
// the first 100 of each.
func (c *Console) assumers(r *http.Request, s *session, role string) ([]string, error) {
	var arns []string
	users, err := call[iamwire.ListUsersOutput](c, r, s, "ListUsers", nil)
	if err != nil {
		return nil, err
	}
	for _, u := range users.Users {
		arns = append(arns, u.Arn)
	}
	roles, err := call[iamwire.ListRolesOutput](c, r, s, "ListRoles", nil)
	if err != nil {
		return nil, err
	}
	for _, x := range roles.Roles {
		arns = append(arns, x.Arn)
	}
	var out []string
	for _, a := range arns {
		res, err := call[iamwire.SimulatePrincipalPolicyOutput](c, r, s, "SimulatePrincipalPolicy", url.Values{
			"PolicySourceArn": {a}, "ActionNames.member.1": {"sts:AssumeRole"}, "ResourceArns.member.1": {role}})
		if err != nil {
			return nil, err
		}
		if len(res.EvaluationResults) > 0 && res.EvaluationResults[0].EvalDecision == "allowed" {
			out = append(out, a)
		}
	}
	return out, nil
}

// prettyJSON indents a JSON document for reading, keeping its order; anything else is returned
// as it is.
func prettyJSON(doc string) string {
	var b bytes.Buffer
	if json.Indent(&b, []byte(strings.TrimSpace(doc)), "", "  ") != nil {
		return doc
	}
	return b.String()
}
