package audit

import (
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/callctx"
)

// EventVersion is the CloudTrail record format version the records follow.
const EventVersion = "1.11"

// Record is a CloudTrail record (CloudTrail User Guide, "CloudTrail record contents for
// management, data, and network activity events").
type Record struct {
	EventVersion        string         `json:"eventVersion"`
	UserIdentity        UserIdentity   `json:"userIdentity"`
	EventTime           string         `json:"eventTime"`
	EventSource         string         `json:"eventSource"`
	EventName           string         `json:"eventName"`
	AWSRegion           string         `json:"awsRegion"`
	SourceIPAddress     string         `json:"sourceIPAddress"`
	UserAgent           string         `json:"userAgent"`
	ErrorCode           string         `json:"errorCode,omitempty"`
	ErrorMessage        string         `json:"errorMessage,omitempty"`
	RequestParameters   any            `json:"requestParameters"`
	ResponseElements    any            `json:"responseElements"`
	AdditionalEventData map[string]any `json:"additionalEventData,omitempty"`
	RequestID           string         `json:"requestID"`
	EventID             string         `json:"eventID"`
	ReadOnly            bool           `json:"readOnly"`
	Resources           []Resource     `json:"resources,omitempty"`
	EventType           string         `json:"eventType"`
	ManagementEvent     bool           `json:"managementEvent"`
	RecipientAccountID  string         `json:"recipientAccountId"`
	EventCategory       string         `json:"eventCategory"`
	TLSDetails          *TLSDetails    `json:"tlsDetails,omitempty"`
}

// UserIdentity is who made the call.
type UserIdentity struct {
	// Type is Root, IAMUser, AssumedRole, FederatedUser, WebIdentityUser, SAMLUser or AWSService.
	Type             string          `json:"type"`
	PrincipalID      string          `json:"principalId,omitempty"`
	ARN              string          `json:"arn,omitempty"`
	AccountID        string          `json:"accountId,omitempty"`
	AccessKeyID      string          `json:"accessKeyId,omitempty"`
	UserName         string          `json:"userName,omitempty"`
	IdentityProvider string          `json:"identityProvider,omitempty"`
	SessionContext   *SessionContext `json:"sessionContext,omitempty"`
}

// SessionContext describes the session of temporary credentials.
type SessionContext struct {
	SessionIssuer  *SessionIssuer    `json:"sessionIssuer,omitempty"`
	Attributes     SessionAttributes `json:"attributes"`
	SourceIdentity string            `json:"sourceIdentity,omitempty"`
}

// SessionIssuer is the role or user the session was obtained from.
type SessionIssuer struct {
	Type        string `json:"type"`
	PrincipalID string `json:"principalId"`
	ARN         string `json:"arn"`
	AccountID   string `json:"accountId"`
	UserName    string `json:"userName"`
}

// SessionAttributes are when the session was made and whether with MFA.
type SessionAttributes struct {
	CreationDate     string `json:"creationDate"`
	MFAAuthenticated string `json:"mfaAuthenticated"`
}

// TLSDetails describes the connection of a call made over TLS.
type TLSDetails struct {
	TLSVersion               string `json:"tlsVersion"`
	CipherSuite              string `json:"cipherSuite"`
	ClientProvidedHostHeader string `json:"clientProvidedHostHeader"`
}

// Resource is a resource the call named.
type Resource struct {
	Type string `json:"type"`
	Name string `json:"ARN,omitempty"`
}

// Identity types.
const (
	TypeRoot            = "Root"
	TypeIAMUser         = "IAMUser"
	TypeAssumedRole     = "AssumedRole"
	TypeFederatedUser   = "FederatedUser"
	TypeWebIdentityUser = "WebIdentityUser"
	TypeSAMLUser        = "SAMLUser"
)

// timeFormat is how CloudTrail writes times.
const timeFormat = "2006-01-02T15:04:05Z"

// identityOf is the userIdentity of an authenticated caller.
func identityOf(c *callctx.Caller) UserIdentity {
	id := UserIdentity{PrincipalID: c.UniqueID, ARN: c.ARN, AccountID: c.AccountID, AccessKeyID: c.AccessKeyID}
	switch c.Kind {
	case callctx.KindRoot:
		id.Type = TypeRoot
	case callctx.KindUser:
		id.Type, id.UserName = TypeIAMUser, c.UserName
	case callctx.KindRoleSession:
		id.Type = TypeAssumedRole
		id.SessionContext = sessionOf(c, &SessionIssuer{Type: "Role", PrincipalID: c.RoleID, ARN: c.RoleARN,
			AccountID: c.AccountID, UserName: lastSegment(c.RoleARN)})
	case callctx.KindFederatedUser:
		id.Type = TypeFederatedUser
		issuer := &SessionIssuer{Type: TypeIAMUser, PrincipalID: c.UserID, ARN: "arn:aws:iam::" + c.AccountID + ":user/" + c.UserName,
			AccountID: c.AccountID, UserName: c.UserName}
		if c.UserID == "" { // a federated session of the root user
			issuer = &SessionIssuer{Type: TypeRoot, PrincipalID: c.AccountID, ARN: "arn:aws:iam::" + c.AccountID + ":root",
				AccountID: c.AccountID}
		}
		id.SessionContext = sessionOf(c, issuer)
	}
	if c.Temporary && id.SessionContext == nil {
		id.SessionContext = sessionOf(c, nil) // a GetSessionToken session of a user or root
	}
	return id
}

func sessionOf(c *callctx.Caller, issuer *SessionIssuer) *SessionContext {
	s := &SessionContext{SessionIssuer: issuer, SourceIdentity: c.SourceIdentity,
		Attributes: SessionAttributes{MFAAuthenticated: "false"}}
	if !c.TokenIssued.IsZero() {
		s.Attributes.CreationDate = c.TokenIssued.UTC().Format(timeFormat)
	}
	if c.MFA {
		s.Attributes.MFAAuthenticated = "true"
	}
	return s
}

// usernameOf is the name LookupEvents' Username attribute matches: the user's name, "root", the
// role session's or federated user's name, or a federated identity's subject.
func usernameOf(id *UserIdentity, c *callctx.Caller) string {
	switch {
	case c == nil:
		return id.UserName
	case c.Kind == callctx.KindRoot:
		return "root"
	case c.Kind == callctx.KindRoleSession || c.Kind == callctx.KindFederatedUser:
		return lastSegment(c.ARN)
	}
	return c.UserName
}

func lastSegment(s string) string {
	return s[strings.LastIndexByte(s, '/')+1:]
}

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }
