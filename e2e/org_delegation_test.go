package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/federation/oidc"
	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
)

// TestOrganizationsDelegationBoto3: through boto3 against the server binary, a delegated
// administrator reads the organization and nothing more; a resource-based delegation policy
// lets it create and attach tag policies (its effective tag policy shows), but not the
// management account's operations, and the delegation ends when the policy is deleted; an RCP
// refuses a web identity subject outside the organization's repositories an assumption of a
// member account's role that its trust policy allows.
func TestOrganizationsDelegationBoto3(t *testing.T) {
	t.Parallel()
	requireBoto3(t)
	s := startServer(t, serverOptions{})
	s.createUser(t, "platform", "")
	s.putUserPolicy(t, "platform", "all", allow("*", "*"))
	admin := s.createAccessKey(t, "platform")
	is := fedtest.NewIssuer(t)
	mint := func(sub string) string {
		now := time.Now().Unix()
		return is.Mint(t, "k1", map[string]any{"iss": is.URL, "sub": sub, "aud": "sts.amazonaws.com", "iat": now, "exp": now + 900})
	}
	var got struct {
		Org, Member, Effective, ResourcePolicyArn string
		Admins, Services                          []string
		Steps                                     []botoStep
	}
	s.boto3(t, admin, "org_delegation.py", &got, "ISSUER_URL="+is.URL, "THUMBPRINT="+oidc.Thumbprint(is.CA.Cert),
		"GOOD_TOKEN="+mint("repo:acme/app"), "EVIL_TOKEN="+mint("repo:evil/app"))
	want := map[string]string{
		"member-list-accounts-before":                "AccessDeniedException",
		"register-without-trusted-access":            "ConstraintViolationException",
		"register":                                   "ok",
		"register-again":                             "AccountAlreadyRegisteredException",
		"delegated-list-accounts":                    "ok",
		"delegated-create-policy-without-delegation": "AccessDeniedException",
		"put-resource-policy-organizations-star":     "InvalidInputException",
		"put-resource-policy":                        "ok",
		"delegated-create-policy":                    "ok",
		"delegated-attach-policy":                    "ok",
		"member-put-resource-policy":                 "AccessDeniedException",
		"member-create-account":                      "AccessDeniedException",
		"member-list-accounts-after":                 "AccessDeniedException",
		"describe-resource-policy-deleted":           "ResourcePolicyNotFoundException",
		"web-evil-before-rcp":                        "ok",
		"web-evil-after-rcp":                         "AccessDenied",
		"web-acme-after-rcp":                         "ok",
	}
	for _, st := range got.Steps {
		if want[st.Step] != st.Code {
			t.Errorf("%s: %s %s, want %s", st.Step, st.Code, st.Message, want[st.Step])
		}
		delete(want, st.Step)
	}
	for step := range want {
		t.Errorf("step %s missing", step)
	}
	if len(got.Admins) != 1 || got.Admins[0] != got.Member || len(got.Services) != 1 || got.Services[0] != "config.amazonaws.com" {
		t.Errorf("delegated administrators %v, services %v", got.Admins, got.Services)
	}
	if !strings.HasPrefix(got.ResourcePolicyArn, "arn:aws:organizations::"+s.account+":resourcepolicy/"+got.Org+"/rp-") {
		t.Errorf("resource policy ARN %s", got.ResourcePolicyArn)
	}
	var eff map[string]any
	if err := json.Unmarshal([]byte(got.Effective), &eff); err != nil || !strings.Contains(got.Effective, `"tag_key":"Team"`) {
		t.Errorf("effective tag policy %s (%v)", got.Effective, err)
	}
}
