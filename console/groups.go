package console

import (
	"net/http"
	"net/url"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

func (c *Console) groupRoutes() {
	m := c.mux
	m.HandleFunc("GET "+Prefix+"/groups", c.signedIn(c.groupsPage))
	m.HandleFunc("POST "+Prefix+"/groups", c.signedIn(c.createGroup))
	m.HandleFunc("GET "+Prefix+"/groups/{name}", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *session) {
		c.showGroup(w, r, s, &view{})
	}))
	m.HandleFunc("POST "+Prefix+"/groups/{name}/{action}", c.signedIn(c.groupAction))
}

func (c *Console) groupsPage(w http.ResponseWriter, r *http.Request, s *session) {
	listPage(c, w, r, s, &view{Title: "Groups", Section: "groups"}, "groups", "ListGroups",
		func(out *iamwire.ListGroupsOutput) (any, *bool, *string) {
			return out.Groups, out.IsTruncated, out.Marker
		})
}

// listPage renders a list page: the API's list operation with the page's filter and marker.
func listPage[O any](c *Console, w http.ResponseWriter, r *http.Request, s *session, v *view, page, op string,
	items func(*O) (any, *bool, *string)) {
	p := listParams(r)
	l := &listing{PathPrefix: p.Get("PathPrefix"), MaxItems: p.Get("MaxItems")}
	v.Data = l
	out, err := call[O](c, r, s, op, p)
	if err != nil {
		c.failed(w, r, page, v, err)
		return
	}
	var truncated *bool
	var marker *string
	l.Items, truncated, marker = items(out)
	l.Next = nextMarker(truncated, marker)
	c.render(w, r, http.StatusOK, page, v)
}

func (c *Console) createGroup(w http.ResponseWriter, r *http.Request, s *session) {
	c.create(w, r, s, "CreateGroup", []string{"GroupName", "Path"}, "/groups/", "GroupName",
		func(v *view) { v.Title, v.Section = "Groups", "groups" }, "groups")
}

// create runs a Create operation with the form's fields and shows what it made; on failure the
// list page again with the API's error.
func (c *Console) create(w http.ResponseWriter, r *http.Request, s *session, op string, fields []string, to, nameField string,
	title func(*view), page string) {
	p := url.Values{}
	for _, f := range fields {
		if v := r.PostForm.Get(f); v != "" {
			p.Set(f, v)
		}
	}
	if _, err := c.invoke(r, s, op, p); err != nil {
		v := &view{Data: &listing{}}
		title(v)
		c.failed(w, r, page, v, err)
		return
	}
	redirect(w, r, to+url.PathEscape(r.PostForm.Get(nameField)))
}

type groupDetail struct {
	Group    iamwire.Group
	Users    []iamwire.User
	Policies []iamwire.AttachedPolicy
	Errors   sectionErrors
}

func (c *Console) showGroup(w http.ResponseWriter, r *http.Request, s *session, v *view) {
	name := r.PathValue("name")
	status := v.status()
	v.Title, v.Section = "Group "+name, "groups"
	d := &groupDetail{Errors: sectionErrors{}}
	v.Data = d
	by := url.Values{"GroupName": {name}}
	g, err := call[iamwire.GetGroupOutput](c, r, s, "GetGroup", by)
	if err != nil {
		c.failed(w, r, "group", v, err)
		return
	}
	d.Group, d.Users = g.Group, g.Users
	if out, err := call[iamwire.ListAttachedGroupPoliciesOutput](c, r, s, "ListAttachedGroupPolicies", by); d.Errors.note("policies", err) {
		d.Policies = out.AttachedPolicies
	}
	c.render(w, r, status, "group", v)
}

var groupActions = actions{
	"users":        {"AddUserToGroup", []string{"UserName"}, "User added."},
	"users-remove": {"RemoveUserFromGroup", []string{"UserName"}, "User removed."},
	"attach":       {"AttachGroupPolicy", []string{"PolicyArn"}, "Policy attached."},
	"detach":       {"DetachGroupPolicy", []string{"PolicyArn"}, "Policy detached."},
}

func (c *Console) groupAction(w http.ResponseWriter, r *http.Request, s *session) {
	c.act(w, r, s, groupActions, url.Values{"GroupName": {r.PathValue("name")}}, func(v *view) { c.showGroup(w, r, s, v) })
}
