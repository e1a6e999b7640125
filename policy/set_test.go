package policy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUsesContext checks which statements make a Set read the request's context, and that a
// Set that reads none decides every request the same with and without one (authz then skips
// building it).
func TestUsesContext(t *testing.T) {
	full := NewContext()
	full.Set("aws:SourceIp", "192.0.2.1")
	full.Set("aws:username", "alice")
	AddPrincipalKeys(full, &alice)
	cases := []struct {
		name string
		doc  string
		uses bool
	}{
		{"plain", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"},
			{"Effect":"Deny","Action":"iam:Delete*","Resource":"arn:aws:iam::*:user/*"}]}`, false},
		{"not-action", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:*","NotResource":"arn:aws:s3:::b"}]}`, false},
		{"condition", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*",
			"Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}`, true},
		{"variable", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser",
			"Resource":"arn:aws:iam::*:user/${aws:username}"}]}`, true},
		{"variable-2008", `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser",
			"Resource":"arn:aws:iam::*:user/${aws:username}"}]}`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := ParseCompile([]byte(c.doc), Identity)
			if err != nil {
				t.Fatal(err)
			}
			in := &Policies{Identity: NewSet(p)}
			if got := in.UsesContext(); got != c.uses {
				t.Fatalf("UsesContext = %v, want %v", got, c.uses)
			}
			if c.uses {
				return
			}
			for _, action := range []string{"iam:GetUser", "iam:DeleteUser", "s3:GetObject", "ec2:RunInstances"} {
				for _, resource := range []string{"*", "arn:aws:iam::" + acct + ":user/alice", "arn:aws:s3:::b"} {
					var with, without Result
					Evaluate(&Request{Principal: alice, Action: action, Resource: resource, ResourceAccount: acct, Context: full}, in, &with)
					Evaluate(&Request{Principal: alice, Action: action, Resource: resource, ResourceAccount: acct}, in, &without)
					if diff := cmp.Diff(with, without, cmp.AllowUnexported(Result{})); diff != "" {
						t.Errorf("%s on %s: results differ without a context (-with +without):\n%s", action, resource, diff)
					}
				}
			}
		})
	}
	if (&Policies{}).UsesContext() || (*Set)(nil).UsesContext() {
		t.Error("no policies in force read no context")
	}
	cond, _ := ParseCompile([]byte(cases[2].doc), SCP)
	if !(&Policies{SCPs: []*Set{NewSet(), NewSet(cond)}}).UsesContext() {
		t.Error("an SCP level with a condition reads the context")
	}
}
