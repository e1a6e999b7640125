package policy

import "fmt"

// Kind is the kind of a policy document. It decides which elements a document may and must
// have (evaluation-semantics.md §1.3) and its size limit.
type Kind uint8

const (
	// Identity is a policy attached to a user, group or role (inline or managed).
	Identity Kind = iota + 1
	// Resource is a resource-based policy: a bucket, queue, topic, secret or KMS key policy.
	Resource
	// RoleTrust is a role's trust policy (AssumeRolePolicyDocument): a resource policy
	// with no Resource element and only sts:AssumeRole* actions.
	RoleTrust
	// Boundary is a permissions boundary (a managed policy used as a cap).
	Boundary
	// SCP is an AWS Organizations service control policy.
	SCP
	// RCP is an AWS Organizations resource control policy.
	RCP
	// Session is a session policy passed to AssumeRole*, GetFederationToken.
	Session
)

var kindNames = [...]string{
	Identity: "identity", Resource: "resource", RoleTrust: "role-trust", Boundary: "boundary",
	SCP: "scp", RCP: "rcp", Session: "session",
}

func (k Kind) String() string {
	if k >= Identity && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// ParseKind returns the kind named by s, as String spells it.
func ParseKind(s string) (Kind, error) {
	for k, name := range kindNames {
		if name != "" && name == s {
			return Kind(k), nil
		}
	}
	return 0, fmt.Errorf("policy: unknown policy kind %q", s)
}

// resourceBased reports whether statements of this kind name a principal.
func (k Kind) resourceBased() bool { return k == Resource || k == RoleTrust || k == RCP }

// maxChars is the size limit Parse applies to one document of this kind, and whether
// whitespace counts toward it. Zero means no limit beyond MaxDocumentBytes.
func (k Kind) maxChars() (limit int, countWhitespace bool) {
	switch k {
	case Identity:
		return MaxRoleInlineChars, false
	case Boundary:
		return MaxManagedPolicyChars, false
	case RoleTrust:
		return MaxTrustPolicyCharsRaised, false
	case Session:
		return MaxSessionPolicyChars, true
	case SCP, RCP:
		return MaxOrganizationsPolicyChars, true
	}
	return 0, false
}
