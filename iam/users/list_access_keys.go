package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListAccessKeys lists the access keys of a user (or, without UserName, of the caller), without
// their secrets.
func (s *Users) ListAccessKeys(ctx context.Context, in *iamwire.ListAccessKeysInput) (*iamwire.ListAccessKeysOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	o, err := s.keyOwner(ctx, call, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeOwner(ctx, call, "iam:ListAccessKeys", o); err != nil {
		return nil, err
	}
	opts, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	owner := ""
	if !o.root {
		owner = o.user.ID
	}
	var keys []store.AccessKey
	var more bool
	err = s.Store.View(ctx, func(tx store.Tx) error {
		keys, more, err = tx.AccessKeys().ListForUser(ctx, account, owner, opts)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &iamwire.ListAccessKeysOutput{AccessKeyMetadata: make([]iamwire.AccessKeyMetadata, len(keys))}
	for i, k := range keys {
		id, status, created := k.ID, iamwire.StatusType(k.Status), k.Created
		m := iamwire.AccessKeyMetadata{AccessKeyId: &id, Status: &status, CreateDate: &created}
		if !o.root {
			name := k.UserName
			m.UserName = &name
		}
		out.AccessKeyMetadata[i] = m
	}
	last := ""
	if len(keys) > 0 {
		last = keys[len(keys)-1].ID
	}
	out.Marker, out.IsTruncated = core.NextMarker(more, last)
	return out, nil
}
