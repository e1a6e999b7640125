package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// admin signs in a user with AdministratorAccess.
func (f *fixture) admin() *browser {
	f.user("admin", goodPassword, false, "arn:aws:iam::aws:policy/AdministratorAccess")
	b := f.browser().signIn(f.account, "admin", goodPassword)
	b.want(http.StatusOK, "user/admin")
	return b
}

func TestGroups(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := f.admin()
	b.get("/console/groups")
	b.post("/console/groups", url.Values{"GroupName": {"devs"}, "Path": {"/eng/"}})
	b.want(http.StatusOK, "arn:aws:iam::"+f.account+":group/eng/devs")
	b.post("/console/groups/devs/users", url.Values{"UserName": {"admin"}})
	b.want(http.StatusOK, "User added.", `href="/console/users/admin"`)
	b.post("/console/groups/devs/attach", url.Values{"PolicyArn": {readOnly}})
	b.want(http.StatusOK, "Policy attached.", readOnly)
	b.post("/console/groups/devs/attach", url.Values{"PolicyArn": {"arn:aws:iam::aws:policy/NoSuchPolicy"}})
	b.want(http.StatusNotFound, "NoSuchEntity")
	b.get("/console/groups?PathPrefix=/eng/").want(http.StatusOK, ">devs<")
	b.get("/console/groups?PathPrefix=/ops/")
	if strings.Contains(b.page, ">devs<") {
		t.Error("the path filter kept a group outside it")
	}
}

func TestRolesTrustAndAssumers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := f.admin()
	f.user("ops", goodPassword, false)
	_, err := f.iam.PutUserPolicy(f.asRoot(), &iamwire.PutUserPolicyInput{UserName: "ops", PolicyName: "assume",
		PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`})
	if err != nil {
		t.Fatal(err)
	}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + f.account +
		`","Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	b.get("/console/roles")
	b.post("/console/roles", url.Values{"RoleName": {"deployer"}, "AssumeRolePolicyDocument": {trust}})
	b.want(http.StatusOK, "arn:aws:iam::"+f.account+":role/deployer", "ec2.amazonaws.com",
		"arn:aws:iam::"+f.account+":root", "arn:aws:iam::"+f.account+":user/ops")
	// admin may assume too (AdministratorAccess); a user without a policy may not.
	b.want(http.StatusOK, "arn:aws:iam::"+f.account+":user/admin")

	b.post("/console/roles/deployer/trust", url.Values{"PolicyDocument": {`{"Version":"2012-10-17","Statement":[]}`}})
	b.want(http.StatusBadRequest, "MalformedPolicyDocument")
	only := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	b.post("/console/roles/deployer/trust", url.Values{"PolicyDocument": {only}})
	b.want(http.StatusOK, "Trust policy saved.", "lambda.amazonaws.com")
	if strings.Contains(b.page, "user/ops") {
		t.Error("after the account is no longer trusted, the page still lists its users as assumers")
	}
}

func TestPolicyVersionsAndDiff(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := f.admin()
	v1 := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	v2 := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}`
	b.get("/console/policies")
	b.post("/console/policies", url.Values{"PolicyName": {"s3"}, "PolicyDocument": {v1}})
	arn := "arn:aws:iam::" + f.account + ":policy/s3"
	b.want(http.StatusOK, arn, "s3:GetObject")
	b.post("/console/policy/version", url.Values{"PolicyArn": {arn}, "PolicyDocument": {v2}, "SetAsDefault": {"true"}})
	b.want(http.StatusOK, "New version saved.", "Version v2", "s3:PutObject")
	b.get("/console/policy?arn=" + url.QueryEscape(arn) + "&version=v2&diff=v1")
	b.want(http.StatusOK, "Changes from v1 to v2")
	if !strings.Contains(b.page, `<span class="diff-del">-       &#34;Action&#34;: &#34;s3:GetObject&#34;,`) ||
		!strings.Contains(b.page, `<span class="diff-add">&#43;       &#34;Action&#34;: &#34;s3:PutObject&#34;,`) {
		t.Errorf("the diff does not show the changed action:\n%s", b.page)
	}
	b.post("/console/policy/attach-user", url.Values{"PolicyArn": {arn}, "UserName": {"admin"}})
	b.want(http.StatusOK, "Attached to the user.", `href="/console/users/admin"`)
	b.post("/console/policy/default", url.Values{"PolicyArn": {arn}, "VersionId": {"v1"}})
	b.want(http.StatusOK, "Default version set.")
	// AWS managed policies are listed with the AWS scope.
	b.get("/console/policies?Scope=AWS&MaxItems=5").want(http.StatusOK, "Next page")
	b.post("/console/policies", url.Values{"PolicyName": {"broken"}, "PolicyDocument": {`{"Statement":`}})
	b.want(http.StatusBadRequest, "MalformedPolicyDocument", "{&#34;Statement&#34;:")
}

func TestAccountSettings(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := f.admin()
	b.get("/console/account").want(http.StatusOK, "No password policy")
	b.post("/console/account/password-policy", url.Values{"MinimumPasswordLength": {"16"}, "RequireSymbols": {"true"}})
	b.want(http.StatusOK, "Password policy saved.", `value="16"`)
	got, err := f.iam.GetAccountPasswordPolicy(f.asRoot(), &iamwire.GetAccountPasswordPolicyInput{})
	if err != nil || deref(got.PasswordPolicy.MinimumPasswordLength) != 16 || !deref(got.PasswordPolicy.RequireSymbols) {
		t.Fatalf("GetAccountPasswordPolicy = %+v, %v", got, err)
	}
	b.post("/console/account/password-policy", url.Values{"MinimumPasswordLength": {"3"}})
	b.want(http.StatusBadRequest, "ValidationError")
	b.post("/console/account/alias", url.Values{"AccountAlias": {"acme-prod"}})
	b.want(http.StatusOK, "Alias set.", "acme-prod")
	b.post("/console/account/oidc", url.Values{"Url": {"https://token.example.com"}, "ClientIDList.member.1": {"sts.amazonaws.com"},
		"ThumbprintList.member.1": {strings.Repeat("ab", 20)}})
	b.want(http.StatusOK, "OIDC provider created.", "oidc-provider/token.example.com")
}

func TestValidateShowsFindings(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := f.admin()
	b.get("/console/validate").want(http.StatusOK, "Check the policy")
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjectt","Resource":"*"}]}`
	b.post("/console/validate", url.Values{"PolicyDocument": {doc}, "policyType": {"IDENTITY_POLICY"}})
	b.want(http.StatusOK, "INVALID_ACTION", `<mark class="finding-error"`, "s3:GetObjectt")
	// The underline is at the finding's location: the action's string.
	if !strings.Contains(b.page, `>&#34;s3:GetObjectt&#34;</mark>`) {
		t.Errorf("the invalid action is not the underlined text:\n%s", b.page)
	}
	b.post("/console/validate", url.Values{"PolicyDocument": {sampleOK}, "policyType": {"IDENTITY_POLICY"}})
	b.want(http.StatusOK, "No findings")

	f.user("nobody", goodPassword, false)
	nb := f.browser().signIn(f.account, "nobody", goodPassword)
	nb.get("/console/validate")
	nb.post("/console/validate", url.Values{"PolicyDocument": {doc}})
	nb.want(http.StatusForbidden, "AccessDenied", "access-analyzer:ValidatePolicy")
}

const sampleOK = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`

func TestSimulatorExplainsDenial(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := f.admin()
	f.user("limited", goodPassword, false)
	_, err := f.iam.PutUserPolicy(f.asRoot(), &iamwire.PutUserPolicyInput{UserName: "limited", PolicyName: "p",
		PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},` +
			`{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}`})
	if err != nil {
		t.Fatal(err)
	}
	user := "arn:aws:iam::" + f.account + ":user/limited"
	b.get("/console/simulate")
	b.post("/console/simulate", url.Values{"principal": {user}, "actions": {"s3:GetObject, s3:DeleteBucket\niam:CreateUser"}})
	b.want(http.StatusOK, "allowed", "explicitDeny", "implicitDeny", "Denied explicitly",
		"Denied implicitly: no statement allows it", "Matched statement: user_limited_p (IAM Policy), line 1 column")
	b.post("/console/simulate", url.Values{"principal": {"arn:aws:iam::" + f.account + ":user/ghost"}, "actions": {"s3:GetObject"}})
	b.want(http.StatusNotFound, "NoSuchEntity")
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func TestGraphAndEffectivePermissions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := f.admin()
	f.user("dev", goodPassword, false)
	ctx := f.asRoot()
	if _, err := f.iam.CreateGroup(ctx, &iamwire.CreateGroupInput{GroupName: "devs"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.iam.AddUserToGroup(ctx, &iamwire.AddUserToGroupInput{GroupName: "devs", UserName: "dev"}); err != nil {
		t.Fatal(err)
	}
	_, err := f.iam.PutGroupPolicy(ctx, &iamwire.PutGroupPolicyInput{GroupName: "devs", PolicyName: "assume-deploy",
		PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/deploy"}]}`})
	if err != nil {
		t.Fatal(err)
	}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + f.account +
		`:root"},"Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}`
	for _, name := range []string{"deploy", "other"} {
		if _, err := f.iam.CreateRole(ctx, &iamwire.CreateRoleInput{RoleName: name, AssumeRolePolicyDocument: trust}); err != nil {
			t.Fatal(err)
		}
	}
	userARN := "arn:aws:iam::" + f.account + ":user/dev"
	b.get("/console/graph").want(http.StatusOK, "<svg", "member of the group", "arn:aws:iam::111122223333:root")
	wantEdge := "<tr><td><code>" + userARN + "</code></td><td><code>arn:aws:iam::" + f.account +
		":role/deploy</code></td><td>may assume the role"
	if !strings.Contains(b.page, wantEdge) {
		t.Errorf("the graph does not show that dev may assume deploy:\n%s", b.page)
	}
	if strings.Contains(b.page, "<tr><td><code>"+userARN+"</code></td><td><code>arn:aws:iam::"+f.account+":role/other</code>") {
		t.Error("the graph says dev may assume a role its policies do not allow")
	}
	b.get("/console/effective?arn=" + url.QueryEscape(userARN))
	b.want(http.StatusOK, "sts:AssumeRole", "arn:aws:iam::*:role/deploy", "group devs inline policy assume-deploy", "member of devs")
}
