package callctx

import (
	"context"
	"time"
)

// Kind is the kind of an authenticated principal.
type Kind uint8

const (
	// KindRoot is an account's root user (long-term root access keys).
	KindRoot Kind = iota + 1
	// KindUser is an IAM user with a long-term access key.
	KindUser
	// KindRoleSession is a session of a role (AssumeRole and its variants).
	KindRoleSession
	// KindFederatedUser is a GetFederationToken session of an IAM user.
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

// Issuer is the STS operation that issued temporary credentials.
type Issuer uint8

const (
	IssuerNone Issuer = iota
	IssuerAssumeRole
	IssuerSessionToken
	IssuerFederationToken
	// IssuerAssumeRoot: a member account's root session limited to a task policy.
	IssuerAssumeRoot
)

// Caller is an authenticated principal: who signed the request. It is immutable once built and
// shared between requests of the same access key or session token.
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

	// Session fields, for temporary credentials.
	RoleARN     string
	RoleID      string
	SessionName string
	// SessionPolicy is the inline session policy passed when the session was created, ""
	// when none was; SessionPolicyARNs are the managed session policies, resolved to their
	// current default versions on every request.
	SessionPolicy     string
	SessionPolicyARNs []string
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
	// TransitiveTagKeys are the session tags that pass on to a chained session.
	TransitiveTagKeys []string
	// Chained marks a session obtained with temporary credentials (role chaining).
	Chained bool
}

// IsSession reports whether the caller uses temporary credentials.
func (c *Caller) IsSession() bool {
	return c.Temporary || c.Kind == KindRoleSession || c.Kind == KindFederatedUser
}

// HasSessionPolicies reports whether session policies were passed when the session was made.
func (c *Caller) HasSessionPolicies() bool {
	return c.SessionPolicy != "" || len(c.SessionPolicyARNs) > 0
}

// Call is one authenticated API call: the caller and where the request came from.
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

// Account is the caller's account.
func (c *Call) Account() string { return c.Caller.AccountID }

type callKey struct{}

// With returns ctx carrying call.
func With(ctx context.Context, call *Call) context.Context {
	return context.WithValue(ctx, callKey{}, call)
}

// From returns the call attached to ctx by With; ok is false when there is none or it has no
// caller.
func From(ctx context.Context) (call *Call, ok bool) {
	c, ok := ctx.Value(callKey{}).(*Call)
	return c, ok && c != nil && c.Caller != nil
}
