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

// Service is IAM. Its Handlers are the generated wire's one field per operation: New binds
// every row of Operations to its family (op.Table.Bind), and the operations with no row answer
// NotImplemented, so iamwire.Dispatch runs the rows with nothing written per operation in
// between. A caller in Go calls an operation as the wire does: svc.CreateUser(ctx, in) is the
// CreateUser field. The users and credentials families are embedded for the account
// administration and console sign-in they also do (CreateAccount, SignIn, …), which are no
// AWS operations.
type Service struct {
	*iamwire.Handlers
	*users.Users
	*credentials.Credentials
}

// New returns the IAM service. It reads and writes through cfg.Node.Store, so that its writes
// reach the authorization caches before it answers.
func New(cfg Config) *Service {
	b := core.NewBase(cfg.Node, cfg.Secrets, cfg.Now, cfg.Rand)
	s := &Service{Handlers: &iamwire.Handlers{}, Users: &users.Users{Base: b}, Credentials: credentials.New(b)}
	Operations.MustBind(s.Handlers.Set, s.Users, s.Credentials, &groups.Groups{Base: b}, &roles.Roles{Base: b},
		&policies.Policies{Base: b}, &account.Account{Base: b}, &providers.Providers{Base: b}, &mfa.MFA{Base: b},
		&analysis.Analysis{Base: b, PublicURL: cfg.PublicURL}, &organizations.Organizations{Base: b})
	return s
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
