package analyzer

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"time"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// Service implements analyzerwire.Handler.
type Service struct {
	analyzerwire.Unimplemented
	authz *authz.Authorizer
	store store.Store
	now   func() time.Time
}

var _ analyzerwire.Handler = (*Service)(nil)

// New returns the Access Analyzer service over the node's machinery.
func New(n *node.Node) *Service {
	return &Service{authz: n.Authz, store: n.Store, now: n.Now}
}

// Authorizer is the decision point the operations are authorized by (op.Host). Its refusals
// are Access Analyzer's AccessDeniedException (the JSON services' code), with IAM's message.
func (s *Service) Authorizer() op.Authorizer { return deniedAs{s.authz} }

type deniedAs struct{ next op.Authorizer }

func (d deniedAs) Authorize(ctx context.Context, call *callctx.Call, r authz.Request) error {
	err := d.next.Authorize(ctx, call, r)
	var e *awserr.Error
	if errors.As(err, &e) && e.Code == "AccessDenied" {
		return analyzerwire.ErrAccessDeniedException("%s", e.Message)
	}
	return err
}
