package analyzer

import (
	"context"
	"time"

	"github.com/gatehouse-iam/gatehouse/audit"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/usage"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// Service implements analyzerwire.Handler.
type Service struct {
	analyzerwire.Unimplemented
	authz *authz.Authorizer
	store store.Store
	usage *usage.Tracker
	trail *audit.Trail // nil when the node keeps no audit trail
	now   func() time.Time
}

var _ analyzerwire.Handler = (*Service)(nil)

// New returns the Access Analyzer service over the node's machinery.
func New(n *node.Node) *Service {
	return &Service{authz: n.Authz, store: n.Store, usage: n.Usage, trail: n.Trail, now: n.Now}
}

// Authorizer is the decision point the operations are authorized by (op.Host). Its refusals
// are Access Analyzer's AccessDeniedException (the JSON services' code), with IAM's message.
func (s *Service) Authorizer() op.Authorizer {
	return op.DeniedAs(s.authz, analyzerwire.ErrAccessDeniedException)
}

// update runs fn in a write transaction, after writing the usage data buffered so far: the
// findings it refreshes read roles', keys' and passwords' last use and the last-accessed
// records, which must include the requests made before this one (package usage buffers them).
// The flush is its own transaction, before fn's, since the store has one writer at a time.
func (s *Service) update(ctx context.Context, fn func(store.Tx) error) error {
	if s.usage != nil {
		if err := s.usage.Flush(ctx); err != nil {
			return err
		}
	}
	return s.store.Update(ctx, fn)
}
