package store

import "context"

// Store is a backend. Every read and write happens inside one of its transactions.
type Store interface {
	// Update runs fn in one write transaction. If fn returns an error, or the commit fails,
	// nothing fn wrote persists and the error is returned. Writers are serialized; fn may be
	// called while other goroutines read. fn must not call Update or View itself.
	Update(ctx context.Context, fn func(tx Tx) error) error
	// View runs fn in a read-only transaction over one consistent snapshot. Writes inside it
	// fail with ErrReadOnly.
	View(ctx context.Context, fn func(tx Tx) error) error
	// Close releases the backend's resources.
	Close() error
}

// Tx is one transaction. Its aggregate values are valid only while the closure runs. A call
// that fails leaves the transaction usable: its own partial effect is undone, earlier writes
// stay, and the closure may handle the error (say ErrAlreadyExists) and go on.
type Tx interface {
	Accounts() Accounts
	Users() Users
	AccessKeys() AccessKeys
	Groups() Groups
	Roles() Roles
	InstanceProfiles() InstanceProfiles
	Policies() Policies
	Attachments() Attachments
	InlinePolicies() InlinePolicies
	LoginProfiles() LoginProfiles
	MFADevices() MFADevices
	SSHPublicKeys() SSHPublicKeys
	SigningCertificates() SigningCertificates
	ServerCertificates() ServerCertificates
	ServiceCredentials() ServiceCredentials
	OIDCProviders() OIDCProviders
	SAMLProviders() SAMLProviders
	Tags() Tags
	ServiceLinkedRoleDeletions() ServiceLinkedRoleDeletions
	LastAccessed() LastAccessed
	Authz() Authz
	ChangeFeed() ChangeFeed
	Analyzers() Analyzers
	Organizations() Organizations
	OutboundIssuers() OutboundIssuers
	RolesAnywhere() RolesAnywhere
	Events() Events
	ConsoleSessions() ConsoleSessions
}

// MaxListLimit caps one page of any List. IAM's MaxItems allows at most 1000
// (IAM API Reference, Common Parameters: "MaxItems … 1 – 1000").
const MaxListLimit = 1000

// ListOptions selects one page of a listing ordered by name without regard to case.
//
// After is the name (or, for listings ordered by ID, the ID) of the last item of the previous
// page, in any case; the services turn it into an opaque Marker. Pages are keyset pages: their
// cost does not grow with their position, and items inserted concurrently never make a page
// repeat or skip an item that existed when paging began.
type ListOptions struct {
	// PathPrefix keeps only items whose path starts with it ("" or "/" keeps all).
	PathPrefix string
	After      string
	// Limit is the page size; values outside 1..MaxListLimit mean MaxListLimit.
	Limit int
}

// Kind names an aggregate in the change feed and a taggable resource.
type Kind string

// Kinds, each with the key the change feed and tags use for it.
const (
	KindAccount            Kind = "account"             // key: account ID (alias, password policy, settings, report)
	KindUser               Kind = "user"                // key: user ID (AIDA…)
	KindAccessKey          Kind = "access-key"          // key: access key ID (AKIA…)
	KindGroup              Kind = "group"               // key: group ID (AGPA…)
	KindRole               Kind = "role"                // key: role ID (AROA…)
	KindInstanceProfile    Kind = "instance-profile"    // key: instance profile ID (AIPA…)
	KindPolicy             Kind = "policy"              // key: customer managed policy ARN
	KindLoginProfile       Kind = "login-profile"       // key: user ID
	KindMFADevice          Kind = "mfa-device"          // key: serial number
	KindSSHPublicKey       Kind = "ssh-public-key"      // key: SSH public key ID (APKA…)
	KindSigningCertificate Kind = "signing-certificate" // key: certificate ID
	KindServerCertificate  Kind = "server-certificate"  // key: server certificate ID (ASCA…)
	KindServiceCredential  Kind = "service-credential"  // key: credential ID (ACCA…)
	KindOIDCProvider       Kind = "oidc-provider"       // key: provider ARN
	KindSAMLProvider       Kind = "saml-provider"       // key: provider ARN
	KindSLRDeletion        Kind = "slr-deletion"        // key: deletion task ID
)
