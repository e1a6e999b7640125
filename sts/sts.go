package sts

import (
	"context"
	"errors"

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
}

var _ stswire.Handler = (*Service)(nil)

// New returns the STS service. It reads through az.Store().
func New(az *authz.Authorizer) *Service {
	return &Service{authz: az, store: az.Store()}
}

// begin returns the request's call and authorizes action on resource for it.
func (s *Service) begin(ctx context.Context, action, resource string) (*authz.Call, error) {
	call, ok := authz.CallFrom(ctx)
	if !ok {
		return nil, awserr.Internal(errors.New("sts: request without an authenticated caller"))
	}
	if err := s.authz.Authorize(ctx, call, authz.Request{Action: action, Resource: resource}); err != nil {
		return nil, err
	}
	return call, nil
}
