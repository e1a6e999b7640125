package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
)

// attachQuotas are the managed policies a principal may have attached, by kind.
var attachQuotas = map[store.PrincipalKind]struct {
	name  string
	limit int
}{
	store.PrincipalUser:  {quotaPoliciesPerUser, MaxAttachedPerUser},
	store.PrincipalGroup: {quotaPoliciesPerGroup, MaxAttachedPerGroup},
	store.PrincipalRole:  {quotaPoliciesPerRole, MaxAttachedPerRole},
}

// attach attaches a managed policy to a user, group or role: action is authorized on the
// principal with iam:PolicyARN (and iam:PermissionsBoundary for users and roles); the policy
// must be an AWS managed one or the account's own and attachable (NoSuchEntity), a
// service-role policy goes only to a service-linked role (PolicyNotAttachable), a
// service-linked role is AWS's to change (UnmodifiableEntity), and a principal holds at most
// its quota of policies (LimitExceeded). Attaching a policy already attached succeeds.
func (s *Policies) attach(ctx context.Context, action string, kind store.PrincipalKind, name, policyARN string) error {
	call, err := core.Begin(ctx)
	if err != nil {
		return err
	}
	account := call.Caller.AccountID
	r, err := parsePolicyARN(policyARN)
	if err != nil {
		return err
	}
	p, err := s.target(ctx, call, action, kind, name, kind != store.PrincipalGroup, authz.StringKey("iam:PolicyARN", policyARN))
	if err != nil {
		return err
	}
	if p.serviceLinked {
		return protectedRole(p.name)
	}
	return s.Store.Update(ctx, func(tx store.Tx) error {
		p, err := mustPrincipalInTx(ctx, tx, account, kind, name)
		if err != nil {
			return err
		}
		if err := r.resolve(ctx, tx, account); err != nil {
			return err
		}
		switch {
		case r.cust != nil && !r.cust.IsAttachable, !r.exists():
			return noSuchPolicy(policyARN)
		case r.aws != nil && r.aws.ServiceLinked() && !p.serviceLinked:
			return serviceRolePolicy()
		}
		attached, _, err := tx.Attachments().List(ctx, p.ref(), store.ListOptions{Limit: store.MaxListLimit})
		if err != nil {
			return err
		}
		for _, a := range attached {
			if a.ARN == policyARN {
				return nil
			}
		}
		if q := attachQuotas[kind]; len(attached) >= q.limit {
			return core.QuotaExceeded(q.name, q.limit)
		}
		return tx.Attachments().Attach(ctx, p.ref(), r.attached())
	})
}

// detach detaches a managed policy from a user, group or role (NoSuchEntity when it is not
// attached), authorized as attach is.
func (s *Policies) detach(ctx context.Context, action string, kind store.PrincipalKind, name, policyARN string) error {
	call, err := core.Begin(ctx)
	if err != nil {
		return err
	}
	account := call.Caller.AccountID
	if _, err := parsePolicyARN(policyARN); err != nil {
		return err
	}
	p, err := s.target(ctx, call, action, kind, name, kind != store.PrincipalGroup, authz.StringKey("iam:PolicyARN", policyARN))
	if err != nil {
		return err
	}
	if p.serviceLinked {
		return protectedRole(p.name)
	}
	return s.Store.Update(ctx, func(tx store.Tx) error {
		p, err := mustPrincipalInTx(ctx, tx, account, kind, name)
		if err != nil {
			return err
		}
		err = tx.Attachments().Detach(ctx, p.ref(), policyARN)
		if core.IsNotFound(err) {
			return policyNotFound(policyARN)
		}
		return err
	})
}

// listAttached lists the managed policies attached to a principal, by ARN, filtered by the
// policies' path; the marker is the last ARN.
func (s *Policies) listAttached(ctx context.Context, action string, kind store.PrincipalKind, name string,
	pathPrefix, marker *string, maxItems *int32) (attached []store.AttachedPolicy, nextMarker *string, truncated *bool, err error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := s.target(ctx, call, action, kind, name, false)
	if err != nil {
		return nil, nil, nil, err
	}
	o, err := core.Page(marker, maxItems)
	if err != nil {
		return nil, nil, nil, err
	}
	o.PathPrefix = core.Optional(pathPrefix)
	var more bool
	err = s.Store.View(ctx, func(tx store.Tx) error {
		attached, more, err = tx.Attachments().List(ctx, p.ref(), o)
		return err
	})
	if err != nil {
		return nil, nil, nil, err
	}
	last := ""
	if len(attached) > 0 {
		last = attached[len(attached)-1].ARN
	}
	nextMarker, truncated = core.NextMarker(more, last)
	return attached, nextMarker, truncated, nil
}
