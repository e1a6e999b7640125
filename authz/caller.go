package authz

import (
	"context"
	"time"

	"github.com/gatehouse-iam/gatehouse/policy"
)

// Kind is the kind of an authenticated principal.
type Kind uint8

const (
	// KindRoot is an account's root user (long-term root access keys).
	KindRoot Kind = iota + 1
	// KindUser is an IAM user with a long-term access key.
	KindUser
	// KindRoleSession is a session of a role (AssumeRole and its variants; issue 5).
	KindRoleSession
	// KindFederatedUser is a GetFederationToken session of an IAM user (issue 5).
	KindFederatedUser
)

func (k Kind) String() string {
	switch k {
	case KindRoot:
		return "root"
	case KindUser:
		return "user"
	case KindRoleSession:
		return "role-session"
	case KindFederatedUser:
		return "federated-user"
	}
	return "unknown"
}

// Caller is an authenticated principal: who signed the request. It is immutable once built and
// shared between requests of the same access key.
type Caller struct {
	Kind      Kind
	AccountID string
	// ARN is the caller's ARN: arn:aws:iam::ACCT:root, the user's ARN (with its path), or the
	// session's arn:aws:sts::ACCT:assumed-role/ROLE/SESSION.
	ARN string
	// UniqueID is what GetCallerIdentity reports as UserId: the account ID for root, the
	// user's ID (AIDA…), or ROLEID:SESSION for a role session.
	UniqueID string
	// UserID and UserName name the IAM user (for a federated session, the user it came from).
	UserID   string
	UserName string
	// AccessKeyID is the key that signed the request.
	AccessKeyID string

	// Session fields, for temporary credentials (issue 5).
	RoleARN     string
	RoleID      string
	SessionName string
	// SessionPolicies are the policies passed when the session was created; nil when none
	// were passed.
	SessionPolicies []*policy.Policy
	// SessionTags override the role's (or user's) tags as aws:PrincipalTag values.
	SessionTags map[string]string
	// TokenIssued is when the session's credentials were issued (aws:TokenIssueTime).
	TokenIssued time.Time
	// MFA reports whether MFA was used to obtain the session; MFATime is when.
	MFA     bool
	MFATime time.Time
	// SourceIdentity is the session's sts:SourceIdentity.
	SourceIdentity string

	// Temporary marks STS credentials of any kind, GetSessionToken sessions of users and
	// root included (their Kind stays KindUser or KindRoot). Issuer says which operation
	// issued them; Expires is when they stop working.
	Temporary bool
	Issuer    Issuer
	Expires   time.Time
	// SessionPolicyARNs are the managed session policies, resolved to their current default
	// versions on every request.
	SessionPolicyARNs []string
	// TransitiveTagKeys are the session tags that pass on to a chained session.
	TransitiveTagKeys []string
	// Chained marks a session obtained with temporary credentials (role chaining).
	Chained bool

	// Compiled holds the compiled session policies of a caller authz built from a session
	// token; nil for any other caller (whose SessionPolicies, if any, are used as they are).
	Compiled *CompiledSession
}

// Issuer is the STS operation that issued temporary credentials.
type Issuer uint8

const (
	IssuerNone Issuer = iota
	IssuerAssumeRole
	IssuerSessionToken
	IssuerFederationToken
)

// IsSession reports whether the caller uses temporary credentials.
func (c *Caller) IsSession() bool {
	return c.Temporary || c.Kind == KindRoleSession || c.Kind == KindFederatedUser
}

// Call is one authenticated API call: the caller and where the request came from. The api
// package builds it and attaches it to the request's context.
type Call struct {
	Caller *Caller
	// Service is the signing name the request was routed by ("iam", "sts").
	Service string
	// Region is the credential scope's region (aws:RequestedRegion).
	Region    string
	SourceIP  string
	UserAgent string
	// Secure is true for a request that arrived over TLS (aws:SecureTransport).
	Secure bool
}

type callKey struct{}

// WithCall returns ctx carrying call. The call is request data (like the authenticated user in
// any HTTP middleware), never a dependency.
func WithCall(ctx context.Context, call *Call) context.Context {
	return context.WithValue(ctx, callKey{}, call)
}

// CallFrom returns the call attached to ctx by WithCall.
func CallFrom(ctx context.Context) (*Call, bool) {
	c, ok := ctx.Value(callKey{}).(*Call)
	return c, ok && c != nil && c.Caller != nil
}

// RootARN is the ARN of an account's root user.
func RootARN(accountID string) string {
	return "arn:aws:iam::" + accountID + ":root"
}
