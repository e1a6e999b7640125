package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListUsers lists the account's users whose path starts with PathPrefix, ordered by name
// without regard to case. As in AWS, the listing leaves out each user's boundary and tags.
func (s *Users) ListUsers(ctx context.Context, in *iamwire.ListUsersInput) (*iamwire.ListUsersOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	prefix := "/"
	if in.PathPrefix != nil {
		prefix = *in.PathPrefix
	}
	if err := s.Authorize(ctx, call, "iam:ListUsers", "arn:aws:iam::"+account+":user"+prefix); err != nil {
		return nil, err
	}
	o, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	o.PathPrefix = prefix
	var users []store.User
	var more bool
	err = s.Store.View(ctx, func(tx store.Tx) error {
		users, more, err = tx.Users().List(ctx, account, o)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &iamwire.ListUsersOutput{Users: make([]iamwire.User, len(users))}
	for i := range users {
		out.Users[i] = wireUser(&users[i], nil, false)
	}
	last := ""
	if len(users) > 0 {
		last = users[len(users)-1].Name
	}
	out.Marker, out.IsTruncated = core.NextMarker(more, last)
	return out, nil
}
