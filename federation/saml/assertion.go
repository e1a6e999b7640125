package saml

import (
	"crypto/sha1"
	"encoding/base64"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"
)

// The attributes AWS reads (IAM User Guide, "Configure SAML assertions for the authentication
// response").
const (
	AttrRole              = "https://aws.amazon.com/SAML/Attributes/Role"
	AttrRoleSessionName   = "https://aws.amazon.com/SAML/Attributes/RoleSessionName"
	AttrSessionDuration   = "https://aws.amazon.com/SAML/Attributes/SessionDuration"
	AttrSourceIdentity    = "https://aws.amazon.com/SAML/Attributes/SourceIdentity"
	AttrTransitiveTagKeys = "https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys"
	AttrPrincipalTag      = "https://aws.amazon.com/SAML/Attributes/PrincipalTag:" // + tag key

	nameIDFormatPrefix = "urn:oasis:names:tc:SAML:2.0:nameid-format:"
)

// AWSAudiences are the sign-in endpoints an assertion may be addressed to, besides the regional
// https://REGION.signin.aws.amazon.com/saml ones.
var AWSAudiences = []string{"https://signin.aws.amazon.com/saml", "urn:amazon:webservices", "https://signin.aws.amazon.com/static/saml"}

var regionalEndpoint = regexp.MustCompile(`^https://[a-z]{2}(-[a-z]+)+-[0-9]+\.signin\.aws\.amazon\.com/saml$`)

var sessionName = regexp.MustCompile(`^[\w+=,.@-]{2,64}$`)

// RolePair is one value of the Role attribute: a role and the SAML provider it may be assumed
// through.
type RolePair struct{ RoleARN, ProviderARN string }

// Assertion is what a verified response says.
type Assertion struct {
	Issuer string
	// Subject is the NameID; SubjectType its Format as AWS answers it ("persistent", "transient",
	// or the full URI of any other format).
	Subject, SubjectType string
	// Recipient is SubjectConfirmationData's Recipient: the answer's Audience and SAML:aud.
	Recipient string
	Audiences []string
	// NotOnOrAfter is the earliest end of the assertion's windows.
	NotOnOrAfter      time.Time
	Roles             []RolePair
	RoleSessionName   string
	SessionDuration   int // seconds; 0 when absent
	SourceIdentity    string
	PrincipalTags     map[string]string
	TransitiveTagKeys []string
	// Attributes holds every attribute's values by Name.
	Attributes map[string][]string
}

// HasRole reports whether the Role attribute pairs role with provider, in either order.
func (a *Assertion) HasRole(roleARN, providerARN string) bool {
	return slices.Contains(a.Roles, RolePair{roleARN, providerARN})
}

// NameQualifier is AWS's hash of issuer, account and provider name:
// BASE64(SHA1(issuer + accountID + "/" + providerName)) (STS API reference, AssumeRoleWithSAML).
func NameQualifier(issuer, accountID, providerName string) string {
	sum := sha1.Sum([]byte(issuer + accountID + "/" + providerName))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func (v *Verifier) read(as *etree.Element, p Provider, now time.Time) (*Assertion, error) {
	a := &Assertion{Attributes: map[string][]string{}}
	if a.Issuer = text(child(as, NamespaceAssertion, "Issuer")); a.Issuer != p.EntityID {
		return nil, invalid(MsgIssuer, "", nil)
	}
	if err := v.readSubject(a, child(as, NamespaceAssertion, "Subject"), now); err != nil {
		return nil, err
	}
	if err := v.readConditions(a, child(as, NamespaceAssertion, "Conditions"), now); err != nil {
		return nil, err
	}
	for _, st := range children(as, NamespaceAssertion, "AttributeStatement") {
		for _, at := range children(st, NamespaceAssertion, "Attribute") {
			name := at.SelectAttrValue("Name", "")
			for _, val := range children(at, NamespaceAssertion, "AttributeValue") {
				a.Attributes[name] = append(a.Attributes[name], text(val))
			}
		}
	}
	return a, a.readAWSAttributes()
}

func (v *Verifier) readSubject(a *Assertion, subj *etree.Element, now time.Time) error {
	nameID := child(subj, NamespaceAssertion, "NameID")
	if a.Subject = text(nameID); a.Subject == "" {
		return invalid(MsgInvalid, "no Subject NameID", nil)
	}
	a.SubjectType = nameID.SelectAttrValue("Format", "")
	if t, ok := strings.CutPrefix(a.SubjectType, nameIDFormatPrefix); ok {
		a.SubjectType = t
	}
	confs := children(subj, NamespaceAssertion, "SubjectConfirmation")
	if len(confs) != 1 {
		return invalid(MsgRecipient, "there must be exactly one SubjectConfirmation", nil)
	}
	data := child(confs[0], NamespaceAssertion, "SubjectConfirmationData")
	if data == nil {
		return invalid(MsgRecipient, "", nil)
	}
	a.Recipient = data.SelectAttrValue("Recipient", "")
	end, err := dateTime(data.SelectAttrValue("NotOnOrAfter", ""))
	if err != nil || end.IsZero() || !v.accepted(a.Recipient, false) {
		return invalid(MsgRecipient, "", err)
	}
	start, err := dateTime(data.SelectAttrValue("NotBefore", ""))
	if err != nil {
		return invalid(MsgInvalid, "SubjectConfirmationData NotBefore", err)
	}
	return a.window(start, end, now)
}

func (v *Verifier) readConditions(a *Assertion, cond *etree.Element, now time.Time) error {
	if cond == nil {
		return invalid(MsgAudience, "no Conditions", nil)
	}
	start, err1 := dateTime(cond.SelectAttrValue("NotBefore", ""))
	end, err2 := dateTime(cond.SelectAttrValue("NotOnOrAfter", ""))
	if err1 != nil || err2 != nil {
		return invalid(MsgInvalid, "Conditions times are not xs:dateTime", nil)
	}
	if err := a.window(start, end, now); err != nil {
		return err
	}
	ok := false
	for _, ar := range children(cond, NamespaceAssertion, "AudienceRestriction") {
		for _, au := range children(ar, NamespaceAssertion, "Audience") {
			a.Audiences = append(a.Audiences, text(au))
			ok = ok || v.accepted(text(au), true)
		}
	}
	if !ok {
		return invalid(MsgAudience, "", nil)
	}
	return nil
}

// window checks now against [start, end) with ClockSkew, and keeps the earliest end.
func (a *Assertion) window(start, end, now time.Time) error {
	if !start.IsZero() && now.Add(ClockSkew).Before(start) || !end.IsZero() && !now.Add(-ClockSkew).Before(end) {
		return &Error{Code: CodeExpiredToken, Message: MsgExpired}
	}
	if !end.IsZero() && (a.NotOnOrAfter.IsZero() || end.Before(a.NotOnOrAfter)) {
		a.NotOnOrAfter = end
	}
	return nil
}

// accepted reports whether u is an AWS sign-in SAML endpoint (or, for an Audience, the URN) or
// one of the Verifier's own audiences.
func (v *Verifier) accepted(u string, audience bool) bool {
	if slices.Contains(v.Audiences, u) || regionalEndpoint.MatchString(u) {
		return true
	}
	return slices.Contains(AWSAudiences, u) && (audience || u != "urn:amazon:webservices")
}

// readAWSAttributes reads the Role pairs, RoleSessionName, SessionDuration, SourceIdentity and
// the session tags.
func (a *Assertion) readAWSAttributes() error {
	for _, v := range a.Attributes[AttrRole] {
		x, y, ok := strings.Cut(v, ",")
		x, y = strings.TrimSpace(x), strings.TrimSpace(y)
		if !ok {
			continue
		}
		if strings.Contains(x, ":saml-provider/") {
			x, y = y, x
		}
		a.Roles = append(a.Roles, RolePair{RoleARN: x, ProviderARN: y})
	}
	if names := a.Attributes[AttrRoleSessionName]; len(names) == 1 && sessionName.MatchString(names[0]) {
		a.RoleSessionName = names[0]
	} else {
		return invalid(MsgSessionName, "", nil)
	}
	if d := a.Attributes[AttrSessionDuration]; len(d) > 0 {
		n, err := strconv.Atoi(d[0])
		if err != nil || n < 900 || n > 43200 {
			return invalid(MsgSessionDuration, "", nil)
		}
		a.SessionDuration = n
	}
	if s := a.Attributes[AttrSourceIdentity]; len(s) > 0 {
		a.SourceIdentity = s[0]
	}
	for name, vals := range a.Attributes {
		if key, ok := strings.CutPrefix(name, AttrPrincipalTag); ok && len(vals) > 0 {
			if a.PrincipalTags == nil {
				a.PrincipalTags = map[string]string{}
			}
			a.PrincipalTags[key] = vals[0]
		}
	}
	a.TransitiveTagKeys = a.Attributes[AttrTransitiveTagKeys]
	return nil
}

func text(el *etree.Element) string {
	if el == nil {
		return ""
	}
	return strings.TrimSpace(el.Text())
}

// dateTime parses an xs:dateTime; without a zone it is UTC (SAML times are UTC, saml-core 1.3.3).
// Empty is the zero time.
func dateTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	return time.Parse("2006-01-02T15:04:05.999999999", s)
}
