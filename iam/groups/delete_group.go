package groups

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteGroup deletes a group that nothing depends on any more: IAM refuses (DeleteConflict)
// while it has members, inline policies or attached policies.
func (s *Groups) DeleteGroup(ctx context.Context, in *iamwire.DeleteGroupInput) (*iamwire.DeleteGroupOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	g, _, _, err := s.find(ctx, account, in.GroupName, "")
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:DeleteGroup", groupResource(account, in.GroupName, g)); err != nil {
		return nil, err
	}
	if g == nil {
		return nil, noSuchGroup(in.GroupName)
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := groupInTx(ctx, tx, account, in.GroupName, g.ID)
		if err != nil {
			return err
		}
		d, err := tx.Groups().Dependents(ctx, cur.ID)
		if err != nil {
			return err
		}
		// AWS's messages; the order in which AWS checks is unconfirmed.
		switch {
		case d.Members > 0:
			return core.DeleteConflict("remove users from group")
		case d.InlinePolicies > 0:
			return core.DeleteConflict("delete policies")
		case d.AttachedPolicies > 0:
			return core.DeleteConflict("detach all policies")
		}
		return tx.Groups().Delete(ctx, cur.ID)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.DeleteGroupOutput{}, nil
}
