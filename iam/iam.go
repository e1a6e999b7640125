package iam

import (
	"io"
	"time"

	"github.com/gatehouse-iam/gatehouse/iam/account"
	"github.com/gatehouse-iam/gatehouse/iam/analysis"
	"github.com/gatehouse-iam/gatehouse/iam/credentials"
	"github.com/gatehouse-iam/gatehouse/iam/groups"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/mfa"
	"github.com/gatehouse-iam/gatehouse/iam/organizations"
	"github.com/gatehouse-iam/gatehouse/iam/policies"
	"github.com/gatehouse-iam/gatehouse/iam/providers"
	"github.com/gatehouse-iam/gatehouse/iam/roles"
	"github.com/gatehouse-iam/gatehouse/iam/users"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Sealer seals secrets at rest; *keyring.Keyring (purpose keyring.SecretAccessKeys) is one.
type Sealer = core.Sealer

// Config is what the service needs. Node and Secrets are required.
type Config struct {
	// Node is the node's shared machinery (store, authn, authz, usage).
	Node *node.Node
	// Secrets seals new secrets (access keys and other credentials), with the credential's ID
	// as associated data.
	Secrets Sealer
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Rand is the source of IDs and secrets; nil means crypto/rand.
	Rand io.Reader
	// PublicURL is the base URL clients reach this server at; the issuers of outbound web
	// identity federation derive from it. "" means analysis.DefaultPublicURL.
	PublicURL string
}

// Service implements iamwire.Handler by composing the operation families. Each family's
// methods are promoted from its embedded field; an operation no family implements falls
// through to iamwire.Unimplemented, which sits one level deeper so that it never shadows a
// family's method. Two families implementing the same operation is a compile error
// (an ambiguous selector leaves Service without the method).
type Service struct {
	*users.Users
	*groups.Groups
	*roles.Roles
	*policies.Policies
	*credentials.Credentials
	*account.Account
	*providers.Providers
	*mfa.MFA
	*analysis.Analysis
	*organizations.Organizations
	fallback
}

type fallback struct{ iamwire.Unimplemented }

var _ iamwire.Handler = (*Service)(nil)

// New returns the IAM service. It reads and writes through cfg.Node.Store, so that its writes
// reach the authorization caches before it answers.
func New(cfg Config) *Service {
	b := core.NewBase(cfg.Node, cfg.Secrets, cfg.Now, cfg.Rand)
	return &Service{
		Users:         users.New(b),
		Groups:        groups.New(b),
		Roles:         roles.New(b),
		Policies:      policies.New(b),
		Credentials:   credentials.New(b),
		Account:       account.New(b),
		Providers:     providers.New(b),
		MFA:           mfa.New(b),
		Analysis:      &analysis.Analysis{Base: b, PublicURL: cfg.PublicURL},
		Organizations: organizations.New(b),
	}
}

// Admin operations (not AWS APIs): what `gatehouse serve` and `gatehouse accounts create` do
// until AWS Organizations exists. They live with the users family because they make root
// access keys exactly as CreateAccessKey does.
type RootKey = users.RootKey

var (
	CheckRootKey     = users.CheckRootKey
	ErrAccountExists = users.ErrAccountExists
	ErrNoAccount     = users.ErrNoAccount
)
