package audit

import (
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/store"
)

// Entry is one request's record in the making. The HTTP layer fills its fields as it learns them
// and calls Finish once the response is written. It is used by the request's goroutine only.
type Entry struct {
	trail   *Trail
	id      string
	start   time.Time
	trace   *authz.Trace
	pending store.PendingEvent

	RequestID string
	// Service is the SigV4 signing name ("iam", "sts", "access-analyzer"); Action the operation.
	Service string
	Action  string
	Region  string
	// Call is the authenticated call; nil for unsigned calls (AssumeRoleWithWebIdentity) and
	// calls refused before authentication.
	Call      *callctx.Call
	SourceIP  string
	UserAgent string
	Host      string
	TLS       *tls.ConnectionState
	// Query holds an awsQuery request's parameters; Body a JSON request's body.
	Query url.Values
	Body  []byte
	// Response is the response body of a successful call (awsQuery XML when ResponseXML).
	Response    []byte
	ResponseXML bool
	// ErrorCode and ErrorMessage are the error answered; "" on success.
	ErrorCode    string
	ErrorMessage string
}

// WantsResponse reports whether the record keeps the response: for calls that change
// something and for those that issue credentials, as CloudTrail does ("responseElements … is
// present in events for actions that make changes", CloudTrail User Guide, record contents; its
// STS examples show the credentials AssumeRole and GetSessionToken issue). STS's reads that
// issue nothing (GetCallerIdentity, GetAccessKeyInfo, DecodeAuthorizationMessage) keep none.
func (e *Entry) WantsResponse() bool {
	if e == nil {
		return false
	}
	if e.Service == "sts" {
		return !stsReads[e.Action]
	}
	return !readOnly(e.Service, e.Action)
}

// stsReads are the STS operations that issue no credentials or token.
var stsReads = map[string]bool{"GetCallerIdentity": true, "GetAccessKeyInfo": true, "DecodeAuthorizationMessage": true}

// Finish completes the record and hands it to the trail's writer.
func (e *Entry) Finish() {
	if e == nil || e.trail == nil {
		return
	}
	ev, ok := e.event(true)
	if !ok {
		return
	}
	e.trail.enqueue(ev)
}

// recordBufs are the buffers records are encoded in before their exact-size copy.
var recordBufs = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

// pendingEvent is the event as known before the service runs, which a write's transaction
// records (store.PendingEvent).
func (e *Entry) pendingEvent() store.Event {
	ev, _ := e.event(false)
	return ev
}

// event builds the store's event; final adds the outcome and the response. ok is false for a
// request that names no account (refused before authentication, with no role to go by).
func (e *Entry) event(final bool) (store.Event, bool) {
	r := e.record(final)
	if r.RecipientAccountID == "" || r.EventName == "" {
		return store.Event{}, false
	}
	bp := recordBufs.Get().(*[]byte)
	*bp = r.appendJSON((*bp)[:0])
	body := bytes.Clone(*bp)
	recordBufs.Put(bp)
	var c *callctx.Caller
	if e.Call != nil {
		c = e.Call.Caller
	}
	return store.Event{ID: e.id, Time: e.start, AccountID: r.RecipientAccountID, Name: r.EventName, Source: r.EventSource,
		ReadOnly: r.ReadOnly, Username: usernameOf(&r.UserIdentity, c), AccessKeyID: r.UserIdentity.AccessKeyID,
		Resources: resourcesOf(r.RequestParameters), Record: body}, true
}

// record builds the CloudTrail record.
func (e *Entry) record(final bool) *Record {
	r := &Record{EventVersion: EventVersion, EventTime: formatTime(e.start), EventSource: eventSource(e.Service),
		EventName: e.Action, AWSRegion: e.Region, SourceIPAddress: e.SourceIP, UserAgent: e.UserAgent,
		RequestID: e.RequestID, EventID: e.id, ReadOnly: readOnly(e.Service, e.Action), EventType: "AwsApiCall",
		ManagementEvent: true, EventCategory: "Management"}
	if r.AWSRegion == "" || e.Service == "iam" {
		r.AWSRegion = "us-east-1" // IAM is global: CloudTrail files its events under us-east-1
	}
	if e.Query != nil {
		if p := queryParameters(e.Query); p != nil {
			r.RequestParameters = p
		}
	} else {
		r.RequestParameters = jsonParameters(e.Body)
	}
	if e.Call != nil {
		r.UserIdentity = identityOf(e.Call.Caller)
		r.RecipientAccountID = e.Call.Caller.AccountID
	} else {
		r.UserIdentity, r.RecipientAccountID = e.federatedIdentity()
	}
	if final {
		r.ErrorCode, r.ErrorMessage = e.ErrorCode, e.ErrorMessage
		if e.ErrorCode == "" && e.WantsResponse() && e.Response != nil {
			if e.ResponseXML {
				r.ResponseElements = xmlResult(e.Response)
			} else {
				r.ResponseElements = jsonParameters(e.Response)
			}
		}
		if e.Call == nil {
			r.UserIdentity, r.RecipientAccountID = e.federatedIdentity()
		}
	}
	if xs := e.explanations(); len(xs) > 0 {
		r.AdditionalEventData = map[string]any{"decisions": xs}
		for _, x := range xs {
			if x.Enforcement != "" {
				r.AdditionalEventData["enforcement"] = x.Enforcement
			}
		}
	}
	if e.TLS != nil {
		r.TLSDetails = &TLSDetails{TLSVersion: tlsVersion(e.TLS.Version), CipherSuite: tls.CipherSuiteName(e.TLS.CipherSuite),
			ClientProvidedHostHeader: e.Host}
	}
	return r
}

// federatedIdentity is the userIdentity of an unsigned federation call (AssumeRoleWithWebIdentity,
// AssumeRoleWithSAML) and the account of the role it asks for: from the response when it
// succeeded, else from the request (the token's claims, read without trusting them, only to say
// who tried).
func (e *Entry) federatedIdentity() (UserIdentity, string) {
	account := ""
	if parts := strings.Split(e.Query.Get("RoleArn"), ":"); len(parts) > 4 {
		account = parts[4]
	}
	switch e.Action {
	case "AssumeRoleWithWebIdentity":
		id := UserIdentity{Type: TypeWebIdentityUser}
		iss, sub, aud := tokenClaims(e.Query.Get("WebIdentityToken"))
		if res, ok := xmlResult(e.Response).(map[string]any); ok && e.ErrorCode == "" {
			sub, _ = res["subjectFromWebIdentityToken"].(string)
			iss, _ = res["provider"].(string)
			aud, _ = res["audience"].(string)
		}
		id.IdentityProvider, id.UserName = iss, sub
		id.PrincipalID = iss + ":" + aud + ":" + sub
		return id, account
	case "AssumeRoleWithSAML":
		id := UserIdentity{Type: TypeSAMLUser, IdentityProvider: e.Query.Get("PrincipalArn")}
		if res, ok := xmlResult(e.Response).(map[string]any); ok && e.ErrorCode == "" {
			id.UserName, _ = res["subject"].(string)
			q, _ := res["nameQualifier"].(string)
			id.PrincipalID = q + ":" + id.UserName
		}
		return id, account
	}
	return UserIdentity{}, ""
}

// tokenClaims reads iss, sub and aud of a JWT's payload without verifying it.
func tokenClaims(token string) (iss, sub, aud string) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", "", ""
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return "", "", ""
	}
	var c struct {
		Iss string `json:"iss"`
		Sub string `json:"sub"`
		Aud any    `json:"aud"`
	}
	if json.Unmarshal(raw, &c) != nil {
		return "", "", ""
	}
	switch a := c.Aud.(type) {
	case string:
		aud = a
	case []any:
		if len(a) > 0 {
			aud, _ = a[0].(string)
		}
	}
	return strings.TrimPrefix(c.Iss, "https://"), c.Sub, aud
}

func tlsVersion(v uint16) string {
	switch v {
	case tls.VersionTLS13:
		return "TLSv1.3"
	case tls.VersionTLS12:
		return "TLSv1.2"
	}
	return tls.VersionName(v)
}

// eventSource is the service's CloudTrail event source.
func eventSource(service string) string {
	if service == "" {
		return ""
	}
	if s, ok := eventSources[service]; ok {
		return s
	}
	return service + ".amazonaws.com"
}

// eventSources are the event sources of the services served, made once rather than per record.
var eventSources = map[string]string{}

func init() {
	for _, s := range []string{"iam", "sts", "organizations", "cloudtrail", "access-analyzer", "rolesanywhere", "signin"} {
		eventSources[s] = s + ".amazonaws.com"
	}
}

// readOnly says whether an operation only reads, as CloudTrail's readOnly does: reads
// (Get, List, Describe, …) and STS, whose calls change nothing in the account.
func readOnly(service, action string) bool {
	if service == "sts" {
		return true
	}
	for _, p := range []string{"Get", "List", "Describe", "Lookup", "Simulate", "Validate", "Check", "Decode"} {
		if strings.HasPrefix(action, p) {
			return true
		}
	}
	return false
}

// resourceParams are the request parameters that name a resource, with its CloudTrail type.
var resourceParams = []struct{ param, typ string }{
	{"userName", "AWS::IAM::User"}, {"newUserName", "AWS::IAM::User"},
	{"groupName", "AWS::IAM::Group"}, {"roleName", "AWS::IAM::Role"}, {"roleArn", "AWS::IAM::Role"},
	{"policyArn", "AWS::IAM::Policy"}, {"policyName", "AWS::IAM::Policy"},
	{"accessKeyId", "AWS::IAM::AccessKey"}, {"instanceProfileName", "AWS::IAM::InstanceProfile"},
	{"serialNumber", "AWS::IAM::MFADevice"}, {"virtualMFADeviceName", "AWS::IAM::MFADevice"},
	{"openIDConnectProviderArn", "AWS::IAM::OIDCProvider"}, {"sAMLProviderArn", "AWS::IAM::SAMLProvider"},
	{"serverCertificateName", "AWS::IAM::ServerCertificate"}, {"analyzerName", "AWS::AccessAnalyzer::Analyzer"},
}

// resourcesOf are the resources a request names, for LookupEvents' ResourceType and ResourceName.
func resourcesOf(params any) []store.EventResource {
	m, ok := params.(map[string]any)
	if !ok {
		return nil
	}
	var out []store.EventResource
	for _, rp := range resourceParams {
		if v, ok := m[rp.param].(string); ok && v != "" && v != Hidden {
			out = append(out, store.EventResource{Type: rp.typ, Name: v})
		}
	}
	return out
}

func (e *Entry) explanations() []authz.Explanation {
	if e.trace == nil {
		return nil
	}
	return e.trace.Explanations()
}

// Explanations are the authorization decisions made for the request so far.
func (e *Entry) Explanations() []authz.Explanation {
	if e == nil {
		return nil
	}
	return e.explanations()
}
