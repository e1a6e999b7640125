package console_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// TestScreenshots writes screenshots of the main pages to the directory named by
// GATEHOUSE_CONSOLE_SCREENSHOTS (scripts/console-screenshots.sh sets docs/console); without it
// the test is skipped. Every page is also checked for an input without a label.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("GATEHOUSE_CONSOLE_SCREENSHOTS")
	if dir == "" {
		t.Skip("GATEHOUSE_CONSOLE_SCREENSHOTS is not set (scripts/console-screenshots.sh sets it)")
	}
	f := newFixture(t)
	f.user("alice", goodPassword, false, "arn:aws:iam::aws:policy/AdministratorAccess")
	f.sampleAccount(t)
	f.sampleOrg(t)
	browser := newChrome(t)
	b := f.newTab(t, browser)
	shot := func(name string) {
		t.Helper()
		b.checkLabels()
		png := value(b, chromedp.FullScreenshot(100))
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b.open("/console/")
	shot("signin")
	b.open("/console/signin/root")
	shot("signin-root")
	f.user("viewer", goodPassword, false, readOnly)
	v := f.newTab(t, browser)
	v.signIn("viewer", otherPassword)
	v.signIn("viewer", goodPassword)
	v.open("/console/users")
	v.submit("#create-user", map[string]string{"UserName": "intern"})
	f.node.Trail.Flush(context.Background())
	b.signIn("alice", goodPassword)
	shot("home")
	pages := []struct{ name, path string }{
		{"users", "/console/users"}, {"user", "/console/users/carol"}, {"role", "/console/roles/deployer"},
		{"policy", "/console/policy?arn=arn:aws:iam::" + f.account + ":policy/s3-read&version=v2&diff=v1"},
		{"graph", "/console/graph"}, {"account", "/console/account"}, {"organization", "/console/organization"},
	}
	for _, p := range pages {
		b.open(p.path)
		shot(p.name)
	}
	b.open("/console/validate")
	b.run(chromedp.Evaluate[chromedp.Void](`document.querySelector("#PolicyDocument").value = ""`),
		chromedp.SendKeys(chromedp.CSS("#PolicyDocument"), badActionPolicy))
	b.waitFor(`document.querySelector("#findings mark.finding-error") !== null`)
	shot("policy-editor")
	b.open("/console/simulate")
	b.submit("#simulate", map[string]string{"principal": "arn:aws:iam::" + f.account + ":user/carol",
		"actions": "s3:GetObject\ns3:DeleteBucket\niam:CreateUser"})
	shot("simulator")
	b.open("/console/audit?attribute=Username&value=viewer")
	shot("audit")
	f.setRootPassword(goodPassword)
	root := f.newTab(t, browser)
	root.open("/console/signin/root")
	root.submit("#signin-root", map[string]string{"email": rootEmail, "password": goodPassword})
	root.open("/console/security")
	root.submit("#virtual-mfa", map[string]string{"VirtualMFADeviceName": "root-phone"})
	root.checkLabels()
	if err := os.WriteFile(filepath.Join(dir, "security.png"), value(root, chromedp.FullScreenshot(100)), 0o644); err != nil {
		t.Fatal(err)
	}
	b.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	b.open("/console/users")
	shot("users-phone")
}

// sampleAccount fills the account with what the screenshots show.
func (f *fixture) sampleAccount(t *testing.T) {
	ctx := f.asRoot()
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"bob", "carol", "dave"} {
		must(f.iam.CreateUser(ctx, &iamwire.CreateUserInput{UserName: n, Path: ptr("/eng/")}))
	}
	must(f.iam.CreateGroup(ctx, &iamwire.CreateGroupInput{GroupName: "developers"}))
	must(f.iam.AddUserToGroup(ctx, &iamwire.AddUserToGroupInput{GroupName: "developers", UserName: "carol"}))
	must(f.iam.PutUserPolicy(ctx, &iamwire.PutUserPolicyInput{UserName: "carol", PolicyName: "s3",
		PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},` +
			`{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"},{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`}))
	must(f.iam.CreateAccessKey(ctx, &iamwire.CreateAccessKeyInput{UserName: ptr("carol")}))
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + f.account +
		`:root","Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	must(f.iam.CreateRole(ctx, &iamwire.CreateRoleInput{RoleName: "deployer", AssumeRolePolicyDocument: trust,
		Description: ptr("Deploys the services")}))
	must(f.iam.CreatePolicy(ctx, &iamwire.CreatePolicyInput{PolicyName: "s3-read",
		PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`}))
	must(f.iam.CreatePolicyVersion(ctx, &iamwire.CreatePolicyVersionInput{PolicyArn: "arn:aws:iam::" + f.account + ":policy/s3-read",
		SetAsDefault: ptr(true), PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
			`"Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::reports","arn:aws:s3:::reports/*"]}]}`}))
	must(f.iam.AttachRolePolicy(ctx, &iamwire.AttachRolePolicyInput{RoleName: "deployer",
		PolicyArn: "arn:aws:iam::" + f.account + ":policy/s3-read"}))
}

// checkLabels fails the test when the page has a form control without a label (an accessible
// name from a <label>, aria-label or aria-labelledby), hidden inputs and buttons aside.
func (b *tab) checkLabels() {
	b.t.Helper()
	unlabelled := value(b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("input, select, textarea")]
		.filter(e => e.type !== "hidden" && e.labels.length === 0 && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby"))
		.map(e => e.name || e.id)`))
	if len(unlabelled) > 0 {
		b.t.Errorf("%s: controls without a label: %v", value(b, chromedp.Location()), unlabelled)
	}
}
