package sts

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"time"

	"github.com/gatehouse-iam/gatehouse/authn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/usage"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// Service implements stswire.Handler.
type Service struct {
	stswire.Unimplemented
	authz *authz.Authorizer
	authn *authn.Authenticator
	usage *usage.Tracker
	store store.Store
	now   func() time.Time
	rand  io.Reader
}

var _ stswire.Handler = (*Service)(nil)

// New returns the STS service over the node's machinery. It takes the node's clock (so
// sessions expire by the clock that authenticates them) and seals session tokens with authn.
func New(n *node.Node) *Service {
	return &Service{authz: n.Authz, authn: n.Authn, usage: n.Usage, store: n.Store, now: n.Now, rand: rand.Reader}
}

// caller returns the request's authenticated call.
func (s *Service) caller(ctx context.Context) (*callctx.Call, error) {
	call, ok := callctx.From(ctx)
	if !ok {
		return nil, awserr.Internal(errors.New("sts: request without an authenticated caller"))
	}
	return call, nil
}

// begin returns the request's call and authorizes action on resource for it.
func (s *Service) begin(ctx context.Context, action, resource string) (*callctx.Call, error) {
	call, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.authz.Authorize(ctx, call, authz.Request{Action: action, Resource: resource}); err != nil {
		return nil, err
	}
	return call, nil
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
