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

// Service is IAM Roles Anywhere. Its Handlers are the generated wire's one field per operation:
// New binds every row of Operations to it (op.Table.Bind); the operations with no row answer
// NotImplemented. It also serves the data plane's CreateSession (CreateSessionExtra), which the
// model lacks.
type Service struct {
	*rolesanywherewire.Handlers
	authz    *authz.Authorizer
	store    store.Store
	now      func() time.Time
	rand     io.Reader
	sessions Sessions
	verifier *x509auth.Verifier
}

// New returns the Roles Anywhere service over the node's machinery; sessions issues the role
// sessions CreateSession answers with.
func New(n *node.Node, sessions Sessions) *Service {
	s := &Service{Handlers: &rolesanywherewire.Handlers{}, authz: n.Authz, store: n.Store, now: n.Now, rand: rand.Reader,
		sessions: sessions, verifier: &x509auth.Verifier{Now: n.Now}}
	Operations.MustBind(s.Handlers.Set, s)
	return s
}

// Authorizer is the decision point the operations are authorized by (op.Host). Its refusals
// are Roles Anywhere's AccessDeniedException, with IAM's message.
func (s *Service) Authorizer() op.Authorizer {
	return op.DeniedAs(s.authz, rolesanywherewire.ErrAccessDeniedException)
}
