package org

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"time"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// Service is AWS Organizations. Its Handlers are the generated wire's one field per operation: New
// binds every row of Operations to it (op.Table.Bind); the operations with no row answer
// NotImplemented.
type Service struct {
	*orgwire.Handlers
	authz *authz.Authorizer
	store store.Store
	now   func() time.Time
	rand  io.Reader
}

// New returns the Organizations service over the node's machinery.
func New(n *node.Node) *Service {
	s := &Service{Handlers: &orgwire.Handlers{}, authz: n.Authz, store: n.Store, now: n.Now, rand: rand.Reader}
	Operations.MustBind(s.Handlers.Set, s)
	return s
}

// Authorizer is the decision point the operations are authorized by (op.Host). Its refusals
// are Organizations' AccessDeniedException, with IAM's message.
func (s *Service) Authorizer() op.Authorizer {
	return op.DeniedAs(s.authz, orgwire.ErrAccessDeniedException)
}

// orgRef is the caller's organization, as a resolver found it.
type orgRef struct {
	ID         string
	Management string
	Body       orgdata.Org
	// Caller is the calling account; Manages says it is the management account.
	Caller  string
	Manages bool
	// viaPolicy says a member account's call was authorized against memberPolicy.
	viaPolicy bool
}

// arn is the ARN of a resource of the organization: kind "ou", "root", "account", "policy"…
func (o *orgRef) arn(kind, rest string) string {
	return "arn:aws:organizations::" + o.Management + ":" + kind + "/" + o.ID + "/" + rest
}

// ARN is the organization's own ARN.
func (o *orgRef) ARN() string {
	return "arn:aws:organizations::" + o.Management + ":organization/" + o.ID
}

// manage refuses a caller outside the management account, as AWS does for the operations
// only it may call.
func (o *orgRef) manage() error {
	if !o.Manages {
		return errAccessDenied()
	}
	return nil
}

// findOrg reads the organization of account; nil when it is in none.
func findOrg(ctx context.Context, tx store.Tx, account string) (*orgRef, error) {
	m, err := tx.Organizations().Membership(ctx, account)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	rec, err := tx.Organizations().Get(ctx, m.OrgID, store.OrgItself, m.OrgID)
	if err != nil {
		return nil, err
	}
	o := &orgRef{ID: rec.OrgID, Management: rec.Name, Caller: account, Manages: rec.Name == account}
	return o, orgdata.Decode(rec, &o.Body)
}

// inOrg resolves the caller's organization and, through arnOf, the resource acted on ("" for
// "*"). A caller in no organization is AWSOrganizationsNotInUseException, after
// authorization. A member account's call is evaluated against the delegation policy
// (access.go).
func inOrg[In any](arnOf func(o *orgRef, in *In) string) op.Resolver[*Service, In, *orgRef] {
	return orgResolver(arnOf, true)
}

// ownOrg is inOrg for the operations every member account may call on its own organization
// (DescribeOrganization, LeaveOrganization, DescribeEffectivePolicy): no delegation applies.
func ownOrg[In any](arnOf func(o *orgRef, in *In) string) op.Resolver[*Service, In, *orgRef] {
	return orgResolver(arnOf, false)
}

func orgResolver[In any](arnOf func(o *orgRef, in *In) string, delegate bool) op.Resolver[*Service, In, *orgRef] {
	return op.Resolver[*Service, In, *orgRef]{Find: func(s *Service, ctx context.Context, call *callctx.Call, in *In) (op.Target[*orgRef], error) {
		var o *orgRef
		var delegation string
		err := s.store.View(ctx, func(tx store.Tx) (err error) {
			o, err = findOrg(ctx, tx, call.Caller.AccountID)
			if err != nil || o == nil || o.Manages || !delegate {
				return err
			}
			delegation, err = memberPolicy(ctx, tx.Organizations(), o)
			return err
		})
		if err != nil {
			return op.Target[*orgRef]{}, err
		}
		if o == nil {
			return op.Target[*orgRef]{Missing: errNotInUse()}, nil
		}
		t := op.Target[*orgRef]{Entity: o}
		if delegation != "" {
			t.Account, t.Policy, o.viaPolicy = o.Management, delegation, true
		}
		if arnOf != nil {
			t.ARN = arnOf(o, in)
		}
		return t, nil
	}}
}

// update runs fn in a write transaction on the organization's records.
func (s *Service) update(ctx context.Context, fn func(tx store.Tx, recs store.Organizations) error) error {
	return s.store.Update(ctx, func(tx store.Tx) error { return fn(tx, tx.Organizations()) })
}

// view runs fn in a read transaction on the organization's records.
func (s *Service) view(ctx context.Context, fn func(tx store.Tx, recs store.Organizations) error) error {
	return s.store.View(ctx, func(tx store.Tx) error { return fn(tx, tx.Organizations()) })
}
