package cloudtrail

import (
	"slices"

	"github.com/gatehouse-iam/gatehouse/audit"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/wire/cloudtrailwire"
)

// Service is CloudTrail. Its Handlers are the generated wire's one field per operation: New binds
// every row of Operations to it (op.Table.Bind); the operations with no row answer NotImplemented.
type Service struct {
	*cloudtrailwire.Handlers
	authz *authz.Authorizer
	trail *audit.Trail
}

// New returns the CloudTrail service over the node's audit trail.
func New(n *node.Node) *Service {
	s := &Service{Handlers: &cloudtrailwire.Handlers{}, authz: n.Authz, trail: n.Trail}
	Operations.MustBind(s.Handlers.Set, s)
	return s
}

// Authorizer is the decision point (op.Host); refusals are CloudTrail's AccessDeniedException.
func (s *Service) Authorizer() op.Authorizer {
	return op.DeniedAs(s.authz, cloudtrailwire.ErrAccessDeniedException)
}

// Operations is the CloudTrail operations table.
var Operations = op.Table{lookupEvents}

// Implemented lists the operations this service implements, from Operations.
var Implemented = Operations.Names()

// Pending says why the other operations are not implemented; docs/api-coverage.md shows it.
var Pending = pending()

func pending() map[string]string {
	out := map[string]string{}
	for _, o := range cloudtrailwire.Service.Operations {
		if !slices.Contains(Implemented, o.Name) {
			out[o.Name] = "out of scope: Gatehouse serves CloudTrail's event history (LookupEvents) only"
		}
	}
	return out
}
