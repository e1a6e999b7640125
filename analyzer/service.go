package analyzer

import (
	"context"
	"time"

	"github.com/gatehouse-iam/gatehouse/audit"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/lastaccess"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/usage"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// Service is IAM Access Analyzer. Its Handlers are the generated wire's one field per operation:
// New binds every row of Operations to it (op.Table.Bind); the operations with no row answer
// NotImplemented.
type Service struct {
	*analyzerwire.Handlers
	authz *authz.Authorizer
	store store.Store
	usage *usage.Tracker
	trail *audit.Trail // nil when the node keeps no audit trail
	// accesses is the trail as the source of last-accessed data (nil without a trail).
	accesses lastaccess.Source
	now      func() time.Time
}

// New returns the Access Analyzer service over the node's machinery.
func New(n *node.Node) *Service {
	s := &Service{Handlers: &analyzerwire.Handlers{}, authz: n.Authz, store: n.Store, usage: n.Usage, trail: n.Trail,
		accesses: lastaccess.FromTrail(n.Trail), now: n.Now}
	Operations.MustBind(s.Handlers.Set, s)
	return s
}

// Authorizer is the decision point the operations are authorized by (op.Host). Its refusals
// are Access Analyzer's AccessDeniedException (the JSON services' code), with IAM's message.
func (s *Service) Authorizer() op.Authorizer {
	return op.DeniedAs(s.authz, analyzerwire.ErrAccessDeniedException)
}

// update runs fn in a write transaction, after writing the usage data and audit records
// buffered so far: the findings it refreshes read roles', keys' and passwords' last use and the
// last-accessed data (the trail, package lastaccess), which must include the requests made
// before this one (packages usage and audit buffer them). The flushes are transactions of their
// own, before fn's, since the store has one writer at a time.
func (s *Service) update(ctx context.Context, fn func(store.Tx) error) error {
	if s.usage != nil {
		if err := s.usage.Flush(ctx); err != nil {
			return err
		}
	}
	if s.trail != nil {
		s.trail.Flush(ctx)
	}
	return s.store.Update(ctx, fn)
}
