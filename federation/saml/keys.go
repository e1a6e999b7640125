package saml

// attributeKeys maps the SAML attributes AWS turns into trust-policy context keys, by attribute
// Name (the LDAP/eduPerson OID URNs), to their keys (IAM User Guide, "Available keys for
// SAML-based AWS STS federation" and "Mapping SAML attributes to AWS trust policy context keys").
var attributeKeys = map[string][]string{
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.1":   {"saml:edupersonaffiliation"},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.2":   {"saml:edupersonnickname"},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.3":   {"saml:edupersonorgdn"},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.4":   {"saml:edupersonorgunitdn"},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.5":   {"saml:edupersonprimaryaffiliation"},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.6":   {"saml:edupersonprincipalname"},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.7":   {"saml:edupersonentitlement"},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.8":   {"saml:edupersonprimaryorgunitdn"},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.9":   {"saml:edupersonscopedaffiliation"},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.10":  {"saml:edupersontargetedid"},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.11":  {"saml:edupersonassurance"},
	"urn:oid:1.3.6.1.4.1.5923.1.2.1.2":   {"saml:eduorghomepageuri"},
	"urn:oid:1.3.6.1.4.1.5923.1.2.1.3":   {"saml:eduorgidentityauthnpolicyuri"},
	"urn:oid:1.3.6.1.4.1.5923.1.2.1.4":   {"saml:eduorglegalname"},
	"urn:oid:1.3.6.1.4.1.5923.1.2.1.5":   {"saml:eduorgsuperioruri"},
	"urn:oid:1.3.6.1.4.1.5923.1.2.1.6":   {"saml:eduorgwhitepagesuri"},
	"urn:oid:2.5.4.3":                    {"saml:cn", "saml:commonName"},
	"urn:oid:2.5.4.42":                   {"saml:givenName"},
	"urn:oid:2.5.4.4":                    {"saml:surname"},
	"urn:oid:2.5.4.41":                   {"saml:name"},
	"urn:oid:0.9.2342.19200300.100.1.3":  {"saml:mail"},
	"urn:oid:0.9.2342.19200300.100.1.1":  {"saml:uid"},
	"urn:oid:2.5.4.45":                   {"saml:x500UniqueIdentifier"},
	"urn:oid:0.9.2342.19200300.100.1.45": {"saml:organizationStatus"},
	"urn:oid:1.2.840.113556.1.4.98":      {"saml:primaryGroupSID"},
}

// ConditionKeys are the request context keys of a role trust policy for this assertion, for
// the provider named providerName in account accountID: saml:aud (the Recipient), saml:iss,
// saml:sub, saml:sub_type, saml:doc (ACCOUNT/PROVIDER), saml:namequalifier, and the attribute
// keys (saml:edupersonaffiliation, saml:mail, …) for the attributes present, multivalued.
func (a *Assertion) ConditionKeys(accountID, providerName string) map[string][]string {
	keys := map[string][]string{
		"saml:aud":           {a.Recipient},
		"saml:iss":           {a.Issuer},
		"saml:sub":           {a.Subject},
		"saml:doc":           {accountID + "/" + providerName},
		"saml:namequalifier": {NameQualifier(a.Issuer, accountID, providerName)},
	}
	if a.SubjectType != "" {
		keys["saml:sub_type"] = []string{a.SubjectType}
	}
	for name, ks := range attributeKeys {
		vals := a.Attributes[name]
		if len(vals) == 0 {
			continue
		}
		for _, k := range ks {
			keys[k] = append([]string(nil), vals...)
		}
	}
	return keys
}
