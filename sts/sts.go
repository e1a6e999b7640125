package sts

import (
	"context"
	"crypto/rand"
	"io"
	"time"

	"github.com/gatehouse-iam/gatehouse/authn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/federation/oidc"
	"github.com/gatehouse-iam/gatehouse/federation/saml"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/usage"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// Service is STS. Its Handlers are the generated wire's one field per operation: New binds every
// row of Operations to it (op.Table.Bind); the operations with no row answer NotImplemented.
type Service struct {
	*stswire.Handlers
	authz *authz.Authorizer
	authn *authn.Authenticator
	usage *usage.Tracker
	store store.Store
	now   func() time.Time
	rand  io.Reader
	// oidc verifies web identity tokens, keeping issuers' keys in a bounded cache.
	oidc *oidc.Verifier
	// saml verifies SAML responses.
	saml *saml.Verifier
	// outbound signs GetWebIdentityToken's tokens with each account's issuer.
	outbound outbound
}

// New returns the STS service over the node's machinery. It takes the node's clock (so
// sessions expire by the clock that authenticates them) and seals session tokens with authn.
func New(n *node.Node, opts ...Option) *Service {
	s := &Service{Handlers: &stswire.Handlers{}, authz: n.Authz, authn: n.Authn, usage: n.Usage, store: n.Store, now: n.Now, rand: rand.Reader,
		oidc: &oidc.Verifier{Now: n.Now, Cache: oidc.NewKeyCache(0)}, saml: &saml.Verifier{Now: n.Now}}
	s.outbound.now = n.Now
	for _, o := range opts {
		o(s)
	}
	Operations.MustBind(s.Handlers.Set, s)
	return s
}

// Authorizer is the decision point the operations are authorized by (op.Host).
func (s *Service) Authorizer() op.Authorizer { return s.authz }

// restrictedCheck is a resolver for an operation that needs no resource but that
// GetSessionToken and GetFederationToken credentials may not call (restricted).
func restrictedCheck[In any](operation string) op.Resolver[*Service, In, op.None] {
	return op.Resolver[*Service, In, op.None]{Find: func(_ *Service, _ context.Context, call *callctx.Call, _ *In) (op.Target[op.None], error) {
		return op.Target[op.None]{}, restricted(call.Caller, operation)
	}}
}

// longTermOnly is a resolver for an operation only long-term credentials may call.
func longTermOnly[In any](operation string) op.Resolver[*Service, In, op.None] {
	return op.Resolver[*Service, In, op.None]{Find: func(_ *Service, _ context.Context, call *callctx.Call, _ *In) (op.Target[op.None], error) {
		if call.Caller.IsSession() {
			return op.Target[op.None]{}, errSessionCredentials(operation)
		}
		return op.Target[op.None]{}, nil
	}}
}

// restricted refuses the STS operations that GetSessionToken and GetFederationToken
// credentials may not call: AWS lets the former call only AssumeRole and GetCallerIdentity,
// the latter only GetCallerIdentity (STS API Reference, GetSessionToken, GetFederationToken).
func restricted(c *callctx.Caller, operation string) error {
	switch c.Issuer {
	case callctx.IssuerSessionToken:
		if operation == "AssumeRole" {
			return nil
		}
	case callctx.IssuerFederationToken:
	default:
		return nil
	}
	return errSessionCredentials(operation)
}
