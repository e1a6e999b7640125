package policy

import (
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
)

// PrincipalKind is who is making a request (evaluation-semantics.md §2.1).
type PrincipalKind uint8

const (
	// PrincipalUser is an IAM user with long-term credentials.
	PrincipalUser PrincipalKind = iota + 1
	// PrincipalRoleSession is a session of a role (AssumeRole, …WithSAML, …WithWebIdentity).
	PrincipalRoleSession
	// PrincipalFederatedUser is a GetFederationToken session of an IAM user.
	PrincipalFederatedUser
	// PrincipalRoot is an account's root user.
	PrincipalRoot
	// PrincipalService is an AWS service principal (logs.amazonaws.com).
	PrincipalService
	// PrincipalAnonymous is an unsigned request.
	PrincipalAnonymous
	// PrincipalWebIdentity is a caller of AssumeRoleWithWebIdentity, identified by its
	// identity provider (an OIDC provider ARN or a name like accounts.google.com).
	PrincipalWebIdentity
	// PrincipalSAML is a caller of AssumeRoleWithSAML, identified by its SAML provider ARN.
	PrincipalSAML
)

var principalKindNames = [...]string{
	PrincipalUser: "user", PrincipalRoleSession: "role-session", PrincipalFederatedUser: "federated",
	PrincipalRoot: "root", PrincipalService: "service", PrincipalAnonymous: "anonymous",
	PrincipalWebIdentity: "web-identity", PrincipalSAML: "saml",
}

func (k PrincipalKind) String() string {
	if k >= PrincipalUser && int(k) < len(principalKindNames) {
		return principalKindNames[k]
	}
	return fmt.Sprintf("PrincipalKind(%d)", uint8(k))
}

// ParsePrincipalKind returns the kind String spells as s.
func ParsePrincipalKind(s string) (PrincipalKind, error) {
	for k, name := range principalKindNames {
		if name != "" && name == s {
			return PrincipalKind(k), nil
		}
	}
	return 0, fmt.Errorf("policy: unknown principal type %q", s)
}

// Principal is the caller of a request.
type Principal struct {
	Kind PrincipalKind
	// ARN is the caller's ARN: the user, the assumed-role session
	// (arn:aws:sts::ACCT:assumed-role/ROLE/SESSION), the federated user, or the root user.
	// For a service principal it is the service name (logs.amazonaws.com); for web-identity
	// and SAML callers, the identity provider.
	ARN     string
	Account string
	// ID is the unique ID: the user's (AIDA…) or, for a role session, the role's (AROA…).
	ID   string
	Tags map[string]string
	// RoleARN is the role of a role session.
	RoleARN string
	// FederatedFrom is the IAM user a GetFederationToken session was made from.
	FederatedFrom string
	// ServiceLinked marks a session of a service-linked role, which SCPs and RCPs never
	// restrict.
	ServiceLinked bool
}

// authenticated reports whether the caller signed the request with AWS credentials;
// anonymous callers and callers of AssumeRoleWithWebIdentity/SAML (unsigned calls that
// present a token or assertion) did not.
func (p *Principal) authenticated() bool {
	return p.Kind != PrincipalAnonymous && p.Kind != PrincipalWebIdentity && p.Kind != PrincipalSAML
}

// isAccountIdentity reports whether the caller is an identity of an account (a user, a
// session or the root user): the only callers SCPs can apply to.
func (p *Principal) isAccountIdentity() bool {
	switch p.Kind {
	case PrincipalUser, PrincipalRoleSession, PrincipalFederatedUser, PrincipalRoot:
		return true
	}
	return false
}

// ResourceKind says how a resource's policy is to be read.
type ResourceKind uint8

const (
	// ResourceOrdinary is any resource whose policy grants alongside identity policies.
	ResourceOrdinary ResourceKind = iota
	// ResourceKMSKey is a KMS key: its key policy must itself allow (§6.5).
	ResourceKMSKey
	// ResourceRoleTrust is a role being assumed: its trust policy must itself allow (§6.5).
	ResourceRoleTrust
)

// Request is one authorization question: may Principal perform Action on Resource, given
// Context? Build it once; Evaluate only reads it.
type Request struct {
	Principal Principal
	// Action is service:Operation, in any case.
	Action string
	// Resource is the ARN acted on, or "*" for actions that have no resource.
	Resource string
	// ResourceAccount owns the resource: it decides same- versus cross-account and whose
	// RCPs apply.
	ResourceAccount string
	ResourceKind    ResourceKind
	// ManagementAccount is the organization's management account, which SCPs and RCPs never
	// restrict; empty when there is no organization or it is unknown.
	ManagementAccount string
	Context           *Context
}

// AddPrincipalKeys adds to ctx the condition keys AWS derives from the principal
// (evaluation-semantics.md §2.3): aws:PrincipalArn, aws:PrincipalAccount,
// aws:PrincipalType, aws:username, aws:userid, aws:PrincipalTag/…,
// aws:PrincipalIsAWSService and aws:PrincipalServiceName. A key ctx already has is left
// alone. Call it once when building a request: it allocates, Evaluate does not.
func AddPrincipalKeys(ctx *Context, p *Principal) {
	set := ctx.setIfAbsent
	isService := "false"
	switch p.Kind {
	case PrincipalUser:
		set("aws:PrincipalArn", p.ARN)
		set("aws:PrincipalType", "User")
		if name := lastPathElement(p.ARN); name != "" {
			set("aws:username", name)
		}
		if p.ID != "" {
			set("aws:userid", p.ID)
		}
	case PrincipalRoleSession:
		roleARN := p.RoleARN
		if roleARN == "" {
			roleARN = roleOfSession(p.ARN)
		}
		if roleARN != "" {
			set("aws:PrincipalArn", roleARN)
		}
		set("aws:PrincipalType", "AssumedRole")
		if p.ID != "" {
			id := p.ID
			if !strings.Contains(id, ":") {
				id += ":" + lastPathElement(p.ARN)
			}
			set("aws:userid", id)
		}
	case PrincipalFederatedUser:
		set("aws:PrincipalArn", p.ARN)
		set("aws:PrincipalType", "FederatedUser")
		if p.Account != "" {
			set("aws:userid", p.Account+":"+lastPathElement(p.ARN))
		}
	case PrincipalRoot:
		rootARN := p.ARN
		if rootARN == "" && p.Account != "" {
			rootARN = "arn:aws:iam::" + p.Account + ":root"
		}
		set("aws:PrincipalArn", rootARN)
		set("aws:PrincipalType", "Account")
		if p.Account != "" {
			set("aws:userid", p.Account)
		}
	case PrincipalService:
		set("aws:PrincipalIsAWSService", "true")
		set("aws:PrincipalServiceName", p.ARN)
		return
	case PrincipalAnonymous:
		set("aws:PrincipalType", "Anonymous")
		return
	default: // web-identity and SAML callers carry only their provider's keys
		return
	}
	if p.Account != "" {
		set("aws:PrincipalAccount", p.Account)
	}
	set("aws:PrincipalIsAWSService", isService)
	if p.Kind != PrincipalRoot {
		for k, v := range p.Tags {
			set("aws:PrincipalTag/"+k, v)
		}
	}
}

// lastPathElement returns what follows the last '/' of an ARN: a user's name, a session's
// name, a federated user's name.
func lastPathElement(a string) string {
	if i := strings.LastIndexByte(a, '/'); i >= 0 {
		return a[i+1:]
	}
	return ""
}

// roleOfSession derives the role ARN from an assumed-role session ARN
// (arn:P:sts::A:assumed-role/ROLE/SESSION → arn:P:iam::A:role/ROLE). The role's path is not
// in the session ARN, so callers that know the role should set RoleARN instead.
func roleOfSession(session string) string {
	var parts [6]string
	if arn.Split(session, &parts) != 6 || parts[2] != "sts" {
		return ""
	}
	rest, ok := strings.CutPrefix(parts[5], "assumed-role/")
	if !ok {
		return ""
	}
	role, _, ok := strings.Cut(rest, "/")
	if !ok || role == "" {
		return ""
	}
	return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + role
}
