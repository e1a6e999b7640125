package cloudtrail

import (
	"slices"

	"github.com/gatehouse-iam/gatehouse/audit"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/wire/cloudtrailwire"
)

// Service implements cloudtrailwire.Handler.
type Service struct {
	cloudtrailwire.Unimplemented
	authz *authz.Authorizer
	trail *audit.Trail
}

var _ cloudtrailwire.Handler = (*Service)(nil)

// New returns the CloudTrail service over the node's audit trail.
func New(n *node.Node) *Service { return &Service{authz: n.Authz, trail: n.Trail} }

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
