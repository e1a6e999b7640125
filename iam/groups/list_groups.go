package groups

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListGroups lists the account's groups whose path starts with PathPrefix, ordered by name
// without regard to case.
func (s *Groups) ListGroups(ctx context.Context, in *iamwire.ListGroupsInput) (*iamwire.ListGroupsOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	prefix := "/"
	if in.PathPrefix != nil {
		prefix = *in.PathPrefix
	}
	if err := s.Authorize(ctx, call, "iam:ListGroups", "arn:aws:iam::"+account+":group"+prefix); err != nil {
		return nil, err
	}
	o, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	o.PathPrefix = prefix
	var gs []store.Group
	var more bool
	err = s.Store.View(ctx, func(tx store.Tx) error {
		gs, more, err = tx.Groups().List(ctx, account, o)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &iamwire.ListGroupsOutput{}
	out.Groups, out.Marker, out.IsTruncated = groupPage(gs, more)
	return out, nil
}
