package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/org"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

const denyDeleteRole = `{"Version":"2012-10-17","Statement":[{"Sid":"KeepRoles","Effect":"Deny","Action":"iam:DeleteRole","Resource":"*"}]}`

// rootOf is a context of a call by an account's root user to a service.
func rootOf(account, service string) context.Context {
	c := &callctx.Caller{Kind: callctx.KindRoot, AccountID: account, ARN: arn.Root(account), UniqueID: account}
	return callctx.With(context.Background(), &callctx.Call{Caller: c, Service: service, Region: "us-east-1"})
}

// sampleOrg makes the fixture's account the management account of an organization with SCPs
// enabled, an OU "Engineering" holding a new member account "dev", and an SCP denying
// iam:DeleteRole attached to the OU. It returns the member account's ID.
func (f *fixture) sampleOrg(t testing.TB) string {
	t.Helper()
	svc := org.New(f.node)
	ctx := rootOf(f.account, "organizations")
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(svc.CreateOrganization(ctx, &orgwire.CreateOrganizationInput{}))
	roots, err := svc.ListRoots(ctx, &orgwire.ListRootsInput{})
	if err != nil {
		t.Fatal(err)
	}
	root := *roots.Roots[0].Id
	must(svc.EnablePolicyType(ctx, &orgwire.EnablePolicyTypeInput{RootId: root, PolicyType: orgwire.PolicyTypeServiceControlPolicy}))
	ou, err := svc.CreateOrganizationalUnit(ctx, &orgwire.CreateOrganizationalUnitInput{ParentId: root, Name: "Engineering"})
	if err != nil {
		t.Fatal(err)
	}
	acct, err := svc.CreateAccount(ctx, &orgwire.CreateAccountInput{Email: "dev@example.com", AccountName: "dev"})
	if err != nil || acct.CreateAccountStatus.AccountId == nil {
		t.Fatalf("CreateAccount = %+v, %v", acct, err)
	}
	member := *acct.CreateAccountStatus.AccountId
	must(svc.MoveAccount(ctx, &orgwire.MoveAccountInput{AccountId: member, SourceParentId: root,
		DestinationParentId: *ou.OrganizationalUnit.Id}))
	p, err := svc.CreatePolicy(ctx, &orgwire.CreatePolicyInput{Name: "keep-roles", Description: "Roles stay",
		Type: orgwire.PolicyTypeServiceControlPolicy, Content: denyDeleteRole})
	if err != nil {
		t.Fatal(err)
	}
	must(svc.AttachPolicy(ctx, &orgwire.AttachPolicyInput{PolicyId: *p.Policy.PolicySummary.Id, TargetId: *ou.OrganizationalUnit.Id}))
	return member
}

// TestOrganizationPage: the management account's administrator sees the organization's tree and
// its control policies with their attachments; others get Organizations' refusal; an account in
// no organization says so.
func TestOrganizationPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.browser().signIn(f.account, "nobody", goodPassword)
	f.user("lonely", goodPassword, false, "arn:aws:iam::aws:policy/AdministratorAccess")
	f.browser().signIn(f.account, "lonely", goodPassword).get("/console/organization").
		want(http.StatusOK, "not a member of an organization")

	member := f.sampleOrg(t)
	f.user("orgadmin", goodPassword, false, "arn:aws:iam::aws:policy/AdministratorAccess")
	f.user("iamonly", goodPassword, false, fullAccess)
	b := f.browser().signIn(f.account, "orgadmin", goodPassword).get("/console/organization")
	b.want(http.StatusOK, "Management account</dt><dd>"+f.account, "OU <strong>Engineering</strong>",
		"Account <strong>dev</strong> <code>"+member+"</code>", "SERVICE_CONTROL_POLICY",
		"<strong>keep-roles</strong>", "Roles stay", "ORGANIZATIONAL_UNIT Engineering", "<strong>FullAWSAccess</strong>",
		`&#34;iam:DeleteRole&#34;`)
	// The member account sits under the OU, not under the root.
	tree := b.page[strings.Index(b.page, `id="org-tree"`):]
	if strings.Index(tree, "Engineering") > strings.Index(tree, member) {
		t.Errorf("the member account is not under its OU:\n%s", tree)
	}
	f.browser().signIn(f.account, "iamonly", goodPassword).get("/console/organization").
		want(http.StatusBadRequest, "AccessDeniedException", "is not authorized to perform: organizations:")
}

// TestEffectiveSCPs: a member account's user sees the SCPs above its account level by level, the
// OU's Deny among them; the management account's are said not to apply.
func TestEffectiveSCPs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	member := f.sampleOrg(t)
	ctx := rootOf(member, "iam")
	if _, err := f.iam.CreateUser(ctx, &iamwire.CreateUserInput{UserName: "devuser"}); err != nil {
		t.Fatal(err)
	}
	pw := goodPassword
	if _, err := f.iam.CreateLoginProfile(ctx, &iamwire.CreateLoginProfileInput{UserName: ptr("devuser"), Password: &pw}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.iam.AttachUserPolicy(ctx, &iamwire.AttachUserPolicyInput{UserName: "devuser", PolicyArn: readOnly}); err != nil {
		t.Fatal(err)
	}
	b := f.browser().signIn(member, "devuser", goodPassword).get("/console/effective")
	b.want(http.StatusOK, "Service control policies", "root r-", "OU ou-", "account "+member,
		"<code>iam:DeleteRole</code>", "and the service control policies allow it at every level")

	f.user("boss", goodPassword, false, readOnly)
	f.browser().signIn(f.account, "boss", goodPassword).get("/console/effective").
		want(http.StatusOK, "management account: service control policies do not restrict it")
}

const rcpDenyOutside = `{"Version":"2012-10-17","Statement":[{"Sid":"OrgOnly","Effect":"Deny","Principal":"*",` +
	`"Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]}`

// TestEffectiveRCPs: with RCPs enabled and one attached to the member account, the member's user
// sees the RCPs over its own account's resources level by level; a management account user
// whose policy names a role of the member account sees them for that account, and is told its
// own account's resources are not restricted.
func TestEffectiveRCPs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	member := f.sampleOrg(t)
	svc := org.New(f.node)
	ctx := rootOf(f.account, "organizations")
	roots, err := svc.ListRoots(ctx, &orgwire.ListRootsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.EnablePolicyType(ctx, &orgwire.EnablePolicyTypeInput{RootId: *roots.Roots[0].Id,
		PolicyType: orgwire.PolicyTypeResourceControlPolicy}); err != nil {
		t.Fatal(err)
	}
	p, err := svc.CreatePolicy(ctx, &orgwire.CreatePolicyInput{Name: "org-only", Description: "S3 for the org",
		Type: orgwire.PolicyTypeResourceControlPolicy, Content: rcpDenyOutside})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AttachPolicy(ctx, &orgwire.AttachPolicyInput{PolicyId: *p.Policy.PolicySummary.Id, TargetId: member}); err != nil {
		t.Fatal(err)
	}
	mctx := rootOf(member, "iam")
	pw := goodPassword
	if _, err := f.iam.CreateUser(mctx, &iamwire.CreateUserInput{UserName: "devuser"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.iam.CreateLoginProfile(mctx, &iamwire.CreateLoginProfileInput{UserName: ptr("devuser"), Password: &pw}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.iam.AttachUserPolicy(mctx, &iamwire.AttachUserPolicyInput{UserName: "devuser", PolicyArn: readOnly}); err != nil {
		t.Fatal(err)
	}
	b := f.browser().signIn(member, "devuser", goodPassword).get("/console/effective")
	b.want(http.StatusOK, "Resource control policies", `id="rcp-`+member+`"`, "root r-", "account "+member,
		"<code>s3:*</code>")

	f.user("boss", goodPassword, false, readOnly)
	if _, err := f.iam.PutUserPolicy(f.asRoot(), &iamwire.PutUserPolicyInput{UserName: "boss", PolicyName: "assume-dev",
		PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",` +
			`"Resource":"arn:aws:iam::` + member + `:role/admin"}]}`}); err != nil {
		t.Fatal(err)
	}
	b = f.browser().signIn(f.account, "boss", goodPassword).get("/console/effective")
	b.want(http.StatusOK, `id="rcp-`+f.account+`"`, "resource control policies do not restrict its resources",
		`id="rcp-`+member+`"`, "<code>s3:*</code>")
}

var (
	ouIDOf = func(name string) *regexp.Regexp {
		return regexp.MustCompile(`OU <strong>` + name + `</strong> <code>(ou-[a-z0-9-]+)</code>`)
	}
	policyIDOf = func(name string) *regexp.Regexp {
		return regexp.MustCompile(`<strong>` + name + `</strong> <code>(p-[a-z0-9]+)</code>`)
	}
)

// find is the first group of re on the browser's page.
func (b *browser) find(re *regexp.Regexp) string {
	b.t.Helper()
	m := re.FindStringSubmatch(b.page)
	if m == nil {
		b.t.Fatalf("%s is not on the page:\n%s", re, b.page)
	}
	return m[1]
}

// TestOrganizationManage: the management account's administrator creates, renames and deletes
// an OU, moves an account, creates an SCP (a malformed one refused with Organizations' error),
// attaches, edits, detaches and deletes it — each a call recorded in the trail; a user the
// API refuses sees the API's refusal.
func TestOrganizationManage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	member := f.sampleOrg(t)
	f.user("orgadmin", goodPassword, false, "arn:aws:iam::aws:policy/AdministratorAccess")
	b := f.browser().signIn(f.account, "orgadmin", goodPassword).get("/console/organization")
	b.want(http.StatusOK, "Manage the organization")
	root := b.find(regexp.MustCompile(`Root <strong>Root</strong> <code>(r-[a-z0-9]+)</code>`))

	b.post("/console/organization/ou-create", url.Values{"ParentId": {root}, "Name": {"Platform"}})
	b.want(http.StatusOK, "Organizational unit created.", "OU <strong>Platform</strong>")
	ou := b.find(ouIDOf("Platform"))
	b.post("/console/organization/ou-rename", url.Values{"OrganizationalUnitId": {ou}, "Name": {"Platform2"}})
	b.want(http.StatusOK, "Organizational unit renamed.", "OU <strong>Platform2</strong> <code>"+ou)
	b.post("/console/organization/account-move", url.Values{"AccountId": {member}, "DestinationParentId": {ou}})
	b.want(http.StatusOK, "Account moved.")
	tree := b.page[strings.Index(b.page, `id="org-tree"`):]
	if i, j := strings.Index(tree, "Platform2"), strings.Index(tree, member); i < 0 || j < i {
		t.Errorf("the account is not under its new OU:\n%s", tree)
	}
	b.post("/console/organization/ou-delete", url.Values{"OrganizationalUnitId": {ou}})
	b.want(http.StatusBadRequest, "OrganizationalUnitNotEmptyException")

	b.post("/console/organization/policy-create", url.Values{"Type": {"SERVICE_CONTROL_POLICY"}, "Name": {"bad"},
		"Description": {""}, "Content": {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}`}})
	b.want(http.StatusBadRequest, "MalformedPolicyDocumentException")
	b.post("/console/organization/policy-create", url.Values{"Type": {"SERVICE_CONTROL_POLICY"}, "Name": {"no-leave"},
		"Description": {""}, "Content": {`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}`}})
	b.want(http.StatusOK, "Policy created.", "<strong>no-leave</strong>")
	p := b.find(policyIDOf("no-leave"))
	b.post("/console/organization/attach", url.Values{"PolicyId": {p}, "TargetId": {ou}})
	b.want(http.StatusOK, "Policy attached.", "ORGANIZATIONAL_UNIT Platform2")
	b.post("/console/organization/policy-update", url.Values{"PolicyId": {p}, "Name": {"stay"}, "Description": {"Members stay"},
		"Content": {denyDeleteRole}})
	b.want(http.StatusOK, "Policy saved.", "<strong>stay</strong>", "Members stay", "iam:DeleteRole")
	b.post("/console/organization/detach", url.Values{"PolicyId": {p}, "TargetId": {ou}})
	b.want(http.StatusOK, "Policy detached.")
	b.post("/console/organization/policy-delete", url.Values{"PolicyId": {p}})
	b.want(http.StatusOK, "Policy deleted.")
	if strings.Contains(b.page, "<strong>stay</strong>") {
		t.Error("the deleted policy is still listed")
	}
	b.post("/console/organization/account-move", url.Values{"AccountId": {member}, "DestinationParentId": {root}})
	b.want(http.StatusOK, "Account moved.")
	b.post("/console/organization/ou-delete", url.Values{"OrganizationalUnitId": {ou}})
	b.want(http.StatusOK, "Organizational unit deleted.")

	f.node.Trail.Flush(context.Background())
	events, _, err := f.node.Trail.Lookup(context.Background(), store.EventQuery{AccountID: f.account, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range events {
		if e.Username == "orgadmin" {
			seen[e.Name] = true
		}
	}
	for _, name := range []string{"CreateOrganizationalUnit", "UpdateOrganizationalUnit", "MoveAccount", "CreatePolicy",
		"AttachPolicy", "UpdatePolicy", "DetachPolicy", "DeletePolicy", "DeleteOrganizationalUnit"} {
		if !seen[name] {
			t.Errorf("%s by orgadmin is not in the trail", name)
		}
	}

	f.user("iamonly", goodPassword, false, fullAccess)
	o := f.browser().signIn(f.account, "iamonly", goodPassword).get("/console/users")
	o.post("/console/organization/ou-create", url.Values{"ParentId": {root}, "Name": {"Sneaky"}})
	o.want(http.StatusBadRequest, "AccessDeniedException", "organizations:CreateOrganizationalUnit")
}
