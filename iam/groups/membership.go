package groups

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
)

// membership is a group and a user, as AddUserToGroup and RemoveUserFromGroup find them.
type membership struct {
	group, user *identity.Principal
}

// memberRow is AddUserToGroup or RemoveUserFromGroup: authorized on the group, as the Service
// Authorization Reference defines them; a missing user is reported before a missing group
// (recorded from AWS). args returns the group's and the user's names; change makes the change
// on both as they are in the write transaction (userName as the request spells it).
func memberRow[In, Out any](name string, args func(*In) (string, string),
	change func(ctx context.Context, tx store.Tx, group, user *identity.Principal, userName string) error) *op.Op[*Groups, In, Out, membership] {
	return &op.Op[*Groups, In, Out, membership]{Name: name, Action: "iam:" + name,
		Resolve: op.Resolver[*Groups, In, membership]{
			Find: func(s *Groups, ctx context.Context, call *callctx.Call, in *In) (op.Target[membership], error) {
				group, user := args(in)
				account := call.Caller.AccountID
				g, err := core.FindPrincipal(ctx, s.Store, account, store.PrincipalGroup, group, core.WithoutBoundary)
				if err != nil {
					return op.Target[membership]{}, err
				}
				u, err := core.FindPrincipal(ctx, s.Store, account, store.PrincipalUser, user, core.WithoutBoundary)
				if err != nil {
					return op.Target[membership]{}, err
				}
				missing := u.Missing
				if missing == nil {
					missing = g.Missing
				}
				return op.Target[membership]{ARN: g.ARN, Missing: missing, Entity: membership{group: g.Entity, user: u.Entity}}, nil
			}},
		Handle: func(s *Groups, ctx context.Context, r *op.Request[In, membership]) (*Out, error) {
			err := s.Store.Update(ctx, func(tx store.Tx) error {
				g, err := core.PrincipalInTx(ctx, tx, r.Entity().group)
				if err != nil {
					return err
				}
				u, err := core.PrincipalInTx(ctx, tx, r.Entity().user)
				if err != nil {
					return err
				}
				_, userName := args(r.In)
				return change(ctx, tx, g, u, userName)
			})
			if err != nil {
				return nil, err
			}
			return new(Out), nil
		}}
}
