package console_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

func TestCreateUserAndAccessKey(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("admin", goodPassword, false, fullAccess)
	b := f.browser().signIn(f.account, "admin", goodPassword)
	b.get("/console/users").want(http.StatusOK, "admin")

	b.post("/console/users", url.Values{"UserName": {"bad name!"}})
	b.want(http.StatusBadRequest, "ValidationError")
	b.post("/console/users", url.Values{"UserName": {"erin"}, "Path": {"/eng/"}, "TagKey": {"team"}, "TagValue": {"core"}})
	b.want(http.StatusOK, "arn:aws:iam::"+f.account+":user/eng/erin", "team", "core")
	b.post("/console/users", url.Values{"UserName": {"erin"}})
	b.want(http.StatusConflict, "EntityAlreadyExists")

	b.get("/console/users/erin")
	b.post("/console/users/erin/access-keys", url.Values{})
	b.want(http.StatusOK, "This is the only time the secret access key is shown")
	id := regexp.MustCompile(`id="new-access-key-id">([A-Z0-9]+)<`).FindStringSubmatch(b.page)
	secret := regexp.MustCompile(`id="new-secret-access-key">([^<]+)<`).FindStringSubmatch(b.page)
	if secret != nil {
		secret[1] = html.UnescapeString(secret[1])
	}
	if id == nil || secret == nil || len(secret[1]) != 40 {
		t.Fatalf("no new key on the page:\n%s", b.page)
	}
	keys, err := f.iam.ListAccessKeys(f.asRoot(), &iamwire.ListAccessKeysInput{UserName: ptr("erin")})
	if err != nil || len(keys.AccessKeyMetadata) != 1 || *keys.AccessKeyMetadata[0].AccessKeyId != id[1] {
		t.Fatalf("ListAccessKeys = %+v, %v; want the key %s", keys, err, id[1])
	}
	// The secret is shown once: the user page never shows it again.
	b.get("/console/users/erin")
	if strings.Contains(html.UnescapeString(b.page), secret[1]) {
		t.Error("the user page shows the secret again")
	}
	b.want(http.StatusOK, id[1])

	b.post("/console/users/erin/groups", url.Values{"GroupName": {"nosuchgroup"}})
	b.want(http.StatusNotFound, "NoSuchEntity")
	b.post("/console/users/erin/access-key-status", url.Values{"AccessKeyId": {id[1]}, "Status": {"Inactive"}})
	b.want(http.StatusOK, "Access key updated.", "Inactive")
	b.post("/console/users/erin/login-profile", url.Values{"Password": {goodPassword}, "PasswordResetRequired": {"true"}})
	b.want(http.StatusOK, "Console password set.", "must be changed at next sign-in")
}

func TestDeniedAsTheAPIDenies(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("reader", goodPassword, false, readOnly)
	b := f.browser().signIn(f.account, "reader", goodPassword)
	b.get("/console/users").want(http.StatusOK, "reader")
	b.post("/console/users", url.Values{"UserName": {"sneaky"}})
	b.want(http.StatusForbidden, "AccessDenied", "is not authorized to perform: iam:CreateUser")
	if _, err := f.iam.GetUser(f.asRoot(), &iamwire.GetUserInput{UserName: ptr("sneaky")}); err == nil {
		t.Error("a denied request created a user")
	}
}

func TestUsersListPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("admin", goodPassword, false, fullAccess)
	for _, n := range []string{"u1", "u2", "u3"} {
		if _, err := f.iam.CreateUser(f.asRoot(), &iamwire.CreateUserInput{UserName: n, Path: ptr("/team/")}); err != nil {
			t.Fatal(err)
		}
	}
	b := f.browser().signIn(f.account, "admin", goodPassword)
	b.get("/console/users?PathPrefix=/team/&MaxItems=2").want(http.StatusOK, ">u1<", ">u2<", "Next page")
	if strings.Contains(b.page, ">u3<") || strings.Contains(b.page, ">admin<") {
		t.Errorf("first page shows more than it should:\n%s", b.page)
	}
	m := regexp.MustCompile(`name="Marker" value="([^"]+)"`).FindStringSubmatch(b.page)
	if m == nil {
		t.Fatal("no marker")
	}
	b.get("/console/users?PathPrefix=/team/&MaxItems=2&Marker="+url.QueryEscape(m[1])).want(http.StatusOK, ">u3<")
	b.get("/console/users?MaxItems=0").want(http.StatusBadRequest, "ValidationError")
}
