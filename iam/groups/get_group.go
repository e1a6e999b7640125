package groups

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetGroup returns a group and a page of its users, ordered by name without regard to case.
func (s *Groups) GetGroup(ctx context.Context, in *iamwire.GetGroupInput) (*iamwire.GetGroupOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	g, _, _, err := s.find(ctx, account, in.GroupName, "")
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:GetGroup", groupResource(account, in.GroupName, g)); err != nil {
		return nil, err
	}
	if g == nil {
		return nil, noSuchGroup(in.GroupName)
	}
	o, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	var users []store.User
	var more bool
	err = s.Store.View(ctx, func(tx store.Tx) error {
		cur, err := groupInTx(ctx, tx, account, in.GroupName, g.ID)
		if err != nil {
			return err
		}
		*g = cur
		users, more, err = tx.Groups().Members(ctx, cur.ID, o)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &iamwire.GetGroupOutput{Group: wireGroup(g), Users: make([]iamwire.User, len(users))}
	for i := range users {
		out.Users[i] = wireUser(&users[i])
	}
	last := ""
	if len(users) > 0 {
		last = users[len(users)-1].Name
	}
	out.Marker, out.IsTruncated = core.NextMarker(more, last)
	return out, nil
}
