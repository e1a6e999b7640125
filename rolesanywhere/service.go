package rolesanywhere

import (
	"context"
	"crypto/rand"
	"io"
	"time"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/federation/x509auth"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/rolesanywherewire"
)

// Sessions issues role sessions to a service principal; *sts.Service is one.
type Sessions interface {
	AssumeRoleForService(ctx context.Context, s identity.ServiceSession) (identity.ServiceCredentials, error)
}

// Service implements rolesanywherewire.Handler and CreateSession.
type Service struct {
	rolesanywherewire.Unimplemented
	authz    *authz.Authorizer
	store    store.Store
	now      func() time.Time
	rand     io.Reader
	sessions Sessions
	verifier *x509auth.Verifier
}

var _ rolesanywherewire.Handler = (*Service)(nil)

// New returns the Roles Anywhere service over the node's machinery; sessions issues the role
// sessions CreateSession answers with.
func New(n *node.Node, sessions Sessions) *Service {
	return &Service{authz: n.Authz, store: n.Store, now: n.Now, rand: rand.Reader, sessions: sessions,
		verifier: &x509auth.Verifier{Now: n.Now}}
}

// Authorizer is the decision point the operations are authorized by (op.Host). Its refusals
// are Roles Anywhere's AccessDeniedException, with IAM's message.
func (s *Service) Authorizer() op.Authorizer {
	return op.DeniedAs(s.authz, rolesanywherewire.ErrAccessDeniedException)
}
