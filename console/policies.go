package console

import (
	"net/http"
	"net/url"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

func (c *Console) policyRoutes() {
	m := c.mux
	m.HandleFunc("GET "+Prefix+"/policies", c.signedIn(c.policiesPage))
	m.HandleFunc("POST "+Prefix+"/policies", c.signedIn(c.createPolicy))
	m.HandleFunc("GET "+Prefix+"/policy", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *session) {
		c.showPolicy(w, r, s, r.URL.Query().Get("arn"), &view{})
	}))
	m.HandleFunc("POST "+Prefix+"/policy/{action}", c.signedIn(c.policyAction))
}

// policyListing is the policies page: a listing with the API's extra filters.
type policyListing struct {
	listing
	Scope, OnlyAttached string
	// Draft is the document of a policy that could not be created, kept in the editor.
	Draft string
}

func (c *Console) policiesPage(w http.ResponseWriter, r *http.Request, s *session) {
	p := listParams(r)
	q := r.URL.Query()
	l := &policyListing{listing: listing{PathPrefix: p.Get("PathPrefix"), MaxItems: p.Get("MaxItems")},
		Scope: q.Get("Scope"), OnlyAttached: q.Get("OnlyAttached")}
	if l.Scope == "" {
		l.Scope = "Local"
	}
	p.Set("Scope", l.Scope)
	if l.OnlyAttached != "" {
		p.Set("OnlyAttached", l.OnlyAttached)
	}
	v := &view{Title: "Policies", Section: "policies", Data: l}
	out, err := call[iamwire.ListPoliciesOutput](c, r, s, "ListPolicies", p)
	if err != nil {
		c.failed(w, r, "policies", v, err)
		return
	}
	l.Items, l.Next = out.Policies, nextMarker(out.IsTruncated, out.Marker)
	c.render(w, r, http.StatusOK, "policies", v)
}

// createPolicy creates a customer managed policy and shows it; on failure the editor again with
// the API's error and the document as typed.
func (c *Console) createPolicy(w http.ResponseWriter, r *http.Request, s *session) {
	f := r.PostForm
	p := url.Values{"PolicyName": {f.Get("PolicyName")}, "PolicyDocument": {f.Get("PolicyDocument")}}
	for _, k := range []string{"Path", "Description"} {
		if v := f.Get(k); v != "" {
			p.Set(k, v)
		}
	}
	out, err := call[iamwire.CreatePolicyOutput](c, r, s, "CreatePolicy", p)
	if err != nil {
		v := &view{Title: "Policies", Section: "policies", Data: &policyListing{Scope: "Local"}}
		c.failedEditor(w, r, v, f.Get("PolicyDocument"), err)
		return
	}
	redirect(w, r, "/policy?arn="+url.QueryEscape(deref(out.Policy.Arn)))
}

// failedEditor shows the policies page with the API's error, the document kept in the editor.
func (c *Console) failedEditor(w http.ResponseWriter, r *http.Request, v *view, doc string, err error) {
	v.Data.(*policyListing).Draft = doc
	c.failed(w, r, "policies", v, err)
}

type policyDetail struct {
	Policy   iamwire.Policy
	Versions []iamwire.PolicyVersion
	// Version is the version shown (the default unless ?version= names another), Document its
	// text; Diff, with ?diff=, compares Against with it line by line.
	Version  string
	Document string
	Against  string
	Diff     []diffLine
	Entities *iamwire.ListEntitiesForPolicyOutput
	Errors   sectionErrors
}

func (c *Console) showPolicy(w http.ResponseWriter, r *http.Request, s *session, arn string, v *view) {
	status := v.status()
	v.Title, v.Section = "Policy", "policies"
	d := &policyDetail{Errors: sectionErrors{}}
	v.Data = d
	by := url.Values{"PolicyArn": {arn}}
	out, err := call[iamwire.GetPolicyOutput](c, r, s, "GetPolicy", by)
	if err != nil {
		c.failed(w, r, "policy", v, err)
		return
	}
	d.Policy = deref(out.Policy)
	v.Title = "Policy " + deref(d.Policy.PolicyName)
	q := r.URL.Query()
	d.Version = q.Get("version")
	if d.Version == "" {
		d.Version = deref(d.Policy.DefaultVersionId)
	}
	if vs, err := call[iamwire.ListPolicyVersionsOutput](c, r, s, "ListPolicyVersions", by); d.Errors.note("versions", err) {
		d.Versions = vs.Versions
	}
	d.Document, err = c.policyVersion(r, s, arn, d.Version)
	d.Errors.note("document", err)
	if d.Against = q.Get("diff"); d.Against != "" && err == nil {
		old, err := c.policyVersion(r, s, arn, d.Against)
		if d.Errors.note("diff", err) {
			d.Diff = diffLines(old, d.Document)
		}
	}
	if ents, err := call[iamwire.ListEntitiesForPolicyOutput](c, r, s, "ListEntitiesForPolicy", by); d.Errors.note("entities", err) {
		d.Entities = ents
	}
	c.render(w, r, status, "policy", v)
}

// policyVersion is one version's document, indented.
func (c *Console) policyVersion(r *http.Request, s *session, arn, version string) (string, error) {
	out, err := call[iamwire.GetPolicyVersionOutput](c, r, s, "GetPolicyVersion", url.Values{"PolicyArn": {arn}, "VersionId": {version}})
	if err != nil {
		return "", err
	}
	return prettyJSON(document(deref(out.PolicyVersion).Document)), nil
}

var policyActions = actions{
	"version":        {"CreatePolicyVersion", []string{"PolicyDocument", "SetAsDefault"}, "New version saved."},
	"default":        {"SetDefaultPolicyVersion", []string{"VersionId"}, "Default version set."},
	"version-delete": {"DeletePolicyVersion", []string{"VersionId"}, "Version deleted."},
	"attach-user":    {"AttachUserPolicy", []string{"UserName"}, "Attached to the user."},
	"attach-group":   {"AttachGroupPolicy", []string{"GroupName"}, "Attached to the group."},
	"attach-role":    {"AttachRolePolicy", []string{"RoleName"}, "Attached to the role."},
	"detach-user":    {"DetachUserPolicy", []string{"UserName"}, "Detached from the user."},
	"detach-group":   {"DetachGroupPolicy", []string{"GroupName"}, "Detached from the group."},
	"detach-role":    {"DetachRolePolicy", []string{"RoleName"}, "Detached from the role."},
}

func (c *Console) policyAction(w http.ResponseWriter, r *http.Request, s *session) {
	arn := r.PostForm.Get("PolicyArn")
	if r.PathValue("action") == "delete" {
		if _, err := c.invoke(r, s, "DeletePolicy", url.Values{"PolicyArn": {arn}}); err != nil {
			c.afterAction(w, r, err, func(v *view) { c.showPolicy(w, r, s, arn, v) })
			return
		}
		redirect(w, r, "/policies")
		return
	}
	c.act(w, r, s, policyActions, url.Values{"PolicyArn": {arn}}, func(v *view) { c.showPolicy(w, r, s, arn, v) })
}
