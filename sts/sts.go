package sts

import (
	"context"
	"crypto/rand"
	"errors"
	"io"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// Service implements stswire.Handler.
type Service struct {
	stswire.Unimplemented
	authz *authz.Authorizer
	store store.Store
	rand  io.Reader
}

var _ stswire.Handler = (*Service)(nil)

// New returns the STS service. It reads through az.Store(), takes its clock from az (so
// sessions expire by the authorizer's clock) and seals session tokens with az.
func New(az *authz.Authorizer) *Service {
	return &Service{authz: az, store: az.Store(), rand: rand.Reader}
}

// caller returns the request's authenticated call.
func (s *Service) caller(ctx context.Context) (*authz.Call, error) {
	call, ok := authz.CallFrom(ctx)
	if !ok {
		return nil, awserr.Internal(errors.New("sts: request without an authenticated caller"))
	}
	return call, nil
}

// begin returns the request's call and authorizes action on resource for it.
func (s *Service) begin(ctx context.Context, action, resource string) (*authz.Call, error) {
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
func restricted(c *authz.Caller, operation string) error {
	switch c.Issuer {
	case authz.IssuerSessionToken:
		if operation == "AssumeRole" {
			return nil
		}
	case authz.IssuerFederationToken:
	default:
		return nil
	}
	return errSessionCredentials(operation)
}
