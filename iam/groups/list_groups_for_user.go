package groups

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListGroupsForUser lists the groups a user is in, ordered by name without regard to case.
// It is authorized on the user, as the Service Authorization Reference defines it.
func (s *Groups) ListGroupsForUser(ctx context.Context, in *iamwire.ListGroupsForUserInput) (*iamwire.ListGroupsForUserOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	_, u, tags, err := s.find(ctx, account, "", in.UserName)
	if err != nil {
		return nil, err
	}
	target := userARN(account, in.UserName)
	if u != nil {
		target = u.ARN
	}
	if err := s.Authorize(ctx, call, "iam:ListGroupsForUser", target, core.ResourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if u == nil {
		return nil, noSuchUser(in.UserName)
	}
	o, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	var gs []store.Group
	var more bool
	err = s.Store.View(ctx, func(tx store.Tx) error {
		gs, more, err = tx.Groups().ForUser(ctx, u.ID, o)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &iamwire.ListGroupsForUserOutput{}
	out.Groups, out.Marker, out.IsTruncated = groupPage(gs, more)
	return out, nil
}
