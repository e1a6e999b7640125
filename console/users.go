package console

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

func (c *Console) manageRoutes() {
	m := c.mux
	m.HandleFunc("GET "+Prefix+"/users", c.signedIn(c.usersPage))
	m.HandleFunc("POST "+Prefix+"/users", c.signedIn(c.createUser))
	m.HandleFunc("GET "+Prefix+"/users/{name}", c.signedIn(c.userPage))
	m.HandleFunc("POST "+Prefix+"/users/{name}/access-keys", c.signedIn(c.createAccessKey))
	m.HandleFunc("POST "+Prefix+"/users/{name}/{action}", c.signedIn(c.userAction))
	c.groupRoutes()
	c.roleRoutes()
	c.policyRoutes()
	c.accountRoutes()
	c.securityRoutes()
	c.validateRoutes()
	c.simulateRoutes()
	c.reachRoutes()
	m.HandleFunc("GET "+Prefix+"/audit", c.signedIn(c.trailPage))
	c.orgRoutes()
}

// listing is one page of a list: its items, the filter it was asked with, and the marker of the
// next page ("" on the last).
type listing struct {
	Items      any
	PathPrefix string
	MaxItems   string
	Next       string
}

// listParams reads a list page's query (PathPrefix, Marker, MaxItems), which are the API's own
// parameters, validated by its decoder.
func listParams(r *http.Request) url.Values {
	q := r.URL.Query()
	p := url.Values{}
	for _, k := range []string{"PathPrefix", "Marker", "MaxItems"} {
		if v := q.Get(k); v != "" {
			p.Set(k, v)
		}
	}
	return p
}

func nextMarker(truncated *bool, marker *string) string {
	if truncated != nil && *truncated && marker != nil {
		return *marker
	}
	return ""
}

func (c *Console) usersPage(w http.ResponseWriter, r *http.Request, s *session) {
	listPage(c, w, r, s, &view{Title: "Users", Section: "users"}, "users", "ListUsers",
		func(out *iamwire.ListUsersOutput) (any, *bool, *string) {
			return userRows(out.Users), out.IsTruncated, out.Marker
		})
}

// userRows renders the rows of the users page in Go, each value escaped for HTML: with 1,000
// users, the template's per-value escaping calls (reflective) cost more than the page's API call.
func userRows(users []iamwire.User) template.HTML {
	var b strings.Builder
	b.Grow(len(users) * 300)
	for _, u := range users {
		b.WriteString(`<tr><td><a href="`)
		b.WriteString(template.HTMLEscapeString(Prefix + "/users/" + url.PathEscape(u.UserName)))
		b.WriteString(`">`)
		b.WriteString(template.HTMLEscapeString(u.UserName))
		b.WriteString(`</a></td><td>`)
		b.WriteString(template.HTMLEscapeString(u.Path))
		b.WriteString(`</td><td><code>`)
		b.WriteString(template.HTMLEscapeString(u.Arn))
		b.WriteString(`</code></td><td>`)
		b.WriteString(u.CreateDate.UTC().Format(dateLayout))
		b.WriteString("</td></tr>\n")
	}
	return template.HTML(b.String())
}

// createUser creates a user (name, path, tags as the API takes them) and shows it.
func (c *Console) createUser(w http.ResponseWriter, r *http.Request, s *session) {
	f := r.PostForm
	p := url.Values{"UserName": {f.Get("UserName")}}
	if v := f.Get("Path"); v != "" {
		p.Set("Path", v)
	}
	if k := f.Get("TagKey"); k != "" {
		p.Set("Tags.member.1.Key", k)
		p.Set("Tags.member.1.Value", f.Get("TagValue"))
	}
	if _, err := call[iamwire.CreateUserOutput](c, r, s, "CreateUser", p); err != nil {
		v := &view{Title: "Users", Section: "users", Data: &listing{}}
		c.failed(w, r, "users", v, err)
		return
	}
	redirect(w, r, "/users/"+url.PathEscape(f.Get("UserName")))
}

// userDetail is everything the user page shows; each part that the principal may not read says
// so instead (SectionErrors).
type userDetail struct {
	User         iamwire.User
	AccessKeys   []iamwire.AccessKeyMetadata
	Groups       []iamwire.Group
	Tags         []iamwire.Tag
	Policies     []iamwire.AttachedPolicy
	MFADevices   []iamwire.MFADevice
	LoginProfile *iamwire.LoginProfile
	// Self: the page is the signed-in user's own (it may register passkeys).
	Self bool
	// NewKey is a just-created access key, whose secret is shown this once.
	NewKey *iamwire.AccessKey
	Errors sectionErrors
}

func (c *Console) userPage(w http.ResponseWriter, r *http.Request, s *session) {
	c.showUser(w, r, s, &view{}, nil)
}

// showUser renders the user page with v's notice or error (and its status, 200 when it has
// none), and a new access key when there is one.
func (c *Console) showUser(w http.ResponseWriter, r *http.Request, s *session, v *view, key *iamwire.AccessKey) {
	name := r.PathValue("name")
	status := v.status()
	v.Title, v.Section = "User "+name, "users"
	d := &userDetail{NewKey: key, Errors: sectionErrors{}}
	v.Data = d
	u, err := call[iamwire.GetUserOutput](c, r, s, "GetUser", url.Values{"UserName": {name}})
	if err != nil {
		c.failed(w, r, "user", v, err)
		return
	}
	d.User, d.Self = u.User, u.User.UserId == s.user.ID
	c.userSections(r, s, name, d)
	c.render(w, r, status, "user", v)
}

// userSections reads the parts of the user page, each as its own API call.
func (c *Console) userSections(r *http.Request, s *session, name string, d *userDetail) {
	by := url.Values{"UserName": {name}}
	note := d.Errors.note
	if out, err := call[iamwire.ListAccessKeysOutput](c, r, s, "ListAccessKeys", by); note("keys", err) {
		d.AccessKeys = out.AccessKeyMetadata
	}
	if out, err := call[iamwire.ListGroupsForUserOutput](c, r, s, "ListGroupsForUser", by); note("groups", err) {
		d.Groups = out.Groups
	}
	if out, err := call[iamwire.ListUserTagsOutput](c, r, s, "ListUserTags", by); note("tags", err) {
		d.Tags = out.Tags
	}
	if out, err := call[iamwire.ListAttachedUserPoliciesOutput](c, r, s, "ListAttachedUserPolicies", by); note("policies", err) {
		d.Policies = out.AttachedPolicies
	}
	if out, err := call[iamwire.ListMFADevicesOutput](c, r, s, "ListMFADevices", by); note("mfa", err) {
		d.MFADevices = out.MFADevices
	}
	out, err := call[iamwire.GetLoginProfileOutput](c, r, s, "GetLoginProfile", by)
	if err == nil {
		d.LoginProfile = &out.LoginProfile
	} else if !awserr.Is(err, "NoSuchEntity") {
		d.Errors.note("login", err)
	}
}

// errText is an API error as the console shows it: code and message.
func errText(err error) string {
	if e := apiError(err); e != nil && e.Code != "InternalFailure" {
		return e.Code + ": " + e.Message
	}
	return "InternalFailure: the request could not be completed"
}

// createAccessKey creates an access key and shows its secret, this once.
func (c *Console) createAccessKey(w http.ResponseWriter, r *http.Request, s *session) {
	out, err := call[iamwire.CreateAccessKeyOutput](c, r, s, "CreateAccessKey", url.Values{"UserName": {r.PathValue("name")}})
	if err != nil {
		c.afterAction(w, r, err, func(v *view) { c.showUser(w, r, s, v, nil) })
		return
	}
	c.showUser(w, r, s, &view{}, &out.AccessKey)
}

// userActions are the user page's other forms.
var userActions = actions{
	"access-key-status": {"UpdateAccessKey", []string{"AccessKeyId", "Status"}, "Access key updated."},
	"access-key-delete": {"DeleteAccessKey", []string{"AccessKeyId"}, "Access key deleted."},
	"tags":              {"TagUser", []string{"Tags.member.1.Key", "Tags.member.1.Value"}, "Tag saved."},
	"untag":             {"UntagUser", []string{"TagKeys.member.1"}, "Tag removed."},
	"groups":            {"AddUserToGroup", []string{"GroupName"}, "Added to the group."},
	"groups-remove":     {"RemoveUserFromGroup", []string{"GroupName"}, "Removed from the group."},
	"login-profile":     {"CreateLoginProfile", []string{"Password", "PasswordResetRequired"}, "Console password set."},
	"login-profile-update": {"UpdateLoginProfile", []string{"Password", "PasswordResetRequired"},
		"Console password changed."},
	"login-profile-delete": {"DeleteLoginProfile", nil, "Console access removed."},
	"attach":               {"AttachUserPolicy", []string{"PolicyArn"}, "Policy attached."},
	"detach":               {"DetachUserPolicy", []string{"PolicyArn"}, "Policy detached."},
	"boundary":             {"PutUserPermissionsBoundary", []string{"PermissionsBoundary"}, "Boundary set."},
	"boundary-delete":      {"DeleteUserPermissionsBoundary", nil, "Boundary removed."},
	"mfa-deactivate":       {"DeactivateMFADevice", []string{"SerialNumber"}, "MFA device deactivated."},
}

// userAction runs one of userActions and shows the user page with its outcome.
func (c *Console) userAction(w http.ResponseWriter, r *http.Request, s *session) {
	c.act(w, r, s, userActions, url.Values{"UserName": {r.PathValue("name")}}, func(v *view) {
		c.showUser(w, r, s, v, nil)
	})
}
