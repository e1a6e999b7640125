package console

import (
	"net/http"
	"net/url"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

func (c *Console) accountRoutes() {
	m := c.mux
	m.HandleFunc("GET "+Prefix+"/account", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *session) {
		c.showAccount(w, r, s, &view{})
	}))
	m.HandleFunc("POST "+Prefix+"/account/{action}", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *session) {
		c.act(w, r, s, accountActions, url.Values{}, func(v *view) { c.showAccount(w, r, s, v) })
	}))
}

// accountDetail is the account page: the password policy, the alias and the identity providers.
type accountDetail struct {
	// Policy is nil when the account has no password policy.
	Policy  *iamwire.PasswordPolicy
	Aliases []string
	OIDC    []iamwire.OpenIDConnectProviderListEntry
	SAML    []iamwire.SAMLProviderListEntry
	Errors  sectionErrors
}

func (c *Console) showAccount(w http.ResponseWriter, r *http.Request, s *session, v *view) {
	status := v.status()
	v.Title, v.Section = "Account settings", "account"
	d := &accountDetail{Errors: sectionErrors{}}
	v.Data = d
	if out, err := call[iamwire.GetAccountPasswordPolicyOutput](c, r, s, "GetAccountPasswordPolicy", nil); err == nil {
		d.Policy = &out.PasswordPolicy
	} else if !awserr.Is(err, "NoSuchEntity") {
		d.Errors.note("policy", err)
	}
	if out, err := call[iamwire.ListAccountAliasesOutput](c, r, s, "ListAccountAliases", nil); d.Errors.note("alias", err) {
		d.Aliases = out.AccountAliases
	}
	if out, err := call[iamwire.ListOpenIDConnectProvidersOutput](c, r, s, "ListOpenIDConnectProviders", nil); d.Errors.note("oidc", err) {
		d.OIDC = out.OpenIDConnectProviderList
	}
	if out, err := call[iamwire.ListSAMLProvidersOutput](c, r, s, "ListSAMLProviders", nil); d.Errors.note("saml", err) {
		d.SAML = out.SAMLProviderList
	}
	c.render(w, r, status, "account", v)
}

var accountActions = actions{
	"password-policy": {"UpdateAccountPasswordPolicy", []string{"MinimumPasswordLength", "RequireSymbols", "RequireNumbers",
		"RequireUppercaseCharacters", "RequireLowercaseCharacters", "AllowUsersToChangePassword", "MaxPasswordAge",
		"PasswordReusePrevention", "HardExpiry"}, "Password policy saved."},
	"password-policy-delete": {"DeleteAccountPasswordPolicy", nil, "Password policy removed."},
	"alias":                  {"CreateAccountAlias", []string{"AccountAlias"}, "Alias set."},
	"alias-delete":           {"DeleteAccountAlias", []string{"AccountAlias"}, "Alias removed."},
	"oidc": {"CreateOpenIDConnectProvider", []string{"Url", "ClientIDList.member.1", "ThumbprintList.member.1"},
		"OIDC provider created."},
	"oidc-delete": {"DeleteOpenIDConnectProvider", []string{"OpenIDConnectProviderArn"}, "OIDC provider deleted."},
	"saml":        {"CreateSAMLProvider", []string{"Name", "SAMLMetadataDocument"}, "SAML provider created."},
	"saml-delete": {"DeleteSAMLProvider", []string{"SAMLProviderArn"}, "SAML provider deleted."},
}
