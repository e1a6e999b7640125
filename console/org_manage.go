package console

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// The organization page's forms: each an Organizations operation called as the signed-in
// principal (decoded by the API's decoder, authorized, recorded in the trail), its JSON input the
// form's fields as the API names them. The page offers them to principals of the management
// account; whether a call may be made is Organizations' decision, and its errors are shown as the
// API's messages.

// orgAction is one form: the operation, the fields it takes, what the page says when it worked.
type orgAction struct {
	op     string
	fields []string
	done   string
}

var orgActions = map[string]orgAction{
	"ou-create":     {"CreateOrganizationalUnit", []string{"ParentId", "Name"}, "Organizational unit created."},
	"ou-rename":     {"UpdateOrganizationalUnit", []string{"OrganizationalUnitId", "Name"}, "Organizational unit renamed."},
	"ou-delete":     {"DeleteOrganizationalUnit", []string{"OrganizationalUnitId"}, "Organizational unit deleted."},
	"account-move":  {"MoveAccount", []string{"AccountId", "SourceParentId", "DestinationParentId"}, "Account moved."},
	"policy-create": {"CreatePolicy", []string{"Name", "Description", "Type", "Content"}, "Policy created."},
	"policy-update": {"UpdatePolicy", []string{"PolicyId", "Name", "Description", "Content"}, "Policy saved."},
	"policy-delete": {"DeletePolicy", []string{"PolicyId"}, "Policy deleted."},
	"attach":        {"AttachPolicy", []string{"PolicyId", "TargetId"}, "Policy attached."},
	"detach":        {"DetachPolicy", []string{"PolicyId", "TargetId"}, "Policy detached."},
}

func (c *Console) orgRoutes() {
	c.mux.HandleFunc("GET "+Prefix+"/organization", c.signedIn(c.organizationPage))
	c.mux.HandleFunc("POST "+Prefix+"/organization/{action}", c.signedIn(c.orgAct))
}

// orgAct runs the form the path names and shows the page again with its outcome.
func (c *Console) orgAct(w http.ResponseWriter, r *http.Request, s *session) {
	a, ok := orgActions[r.PathValue("action")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	in := map[string]any{}
	for _, f := range a.fields {
		// A description may be empty; any other empty field is left out for the API to require.
		if v, ok := r.PostForm[f]; ok && (v[0] != "" || f == "Description") {
			in[f] = v[0]
		}
	}
	if a.op == "MoveAccount" && in["SourceParentId"] == nil && in["AccountId"] != nil {
		// The form names the account; where it is now is the API's answer (ListParents).
		parents, err := orgCall[orgwire.ListParentsOutput](c, r, s, "ListParents", map[string]any{"ChildId": in["AccountId"]})
		if err != nil {
			c.afterAction(w, r, err, func(v *view) { c.showOrganization(w, r, s, v) })
			return
		}
		if len(parents.Parents) > 0 {
			in["SourceParentId"] = deref(parents.Parents[0].Id)
		}
	}
	if _, err := c.orgInvoke(r, s, a.op, in); err != nil {
		c.afterAction(w, r, err, func(v *view) { c.showOrganization(w, r, s, v) })
		return
	}
	c.showOrganization(w, r, s, &view{Notice: a.done})
}
