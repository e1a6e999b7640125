package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListAccessKeys lists the access keys of a user (or, without UserName, of the caller), without
// their secrets.
var listAccessKeys = &op.Op[*Users, iamwire.ListAccessKeysInput, iamwire.ListAccessKeysOutput, core.Owner]{
	Name: "ListAccessKeys", Action: "iam:ListAccessKeys",
	Resolve: keyOwner(func(in *iamwire.ListAccessKeysInput) *string { return in.UserName }),
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.ListAccessKeysInput, core.Owner]) (*iamwire.ListAccessKeysOutput, error) {
		root := r.Entity().Root
		page, err := core.List(ctx, s.Store, r.In.Marker, r.In.MaxItems, nil,
			func(tx store.Tx, o store.ListOptions) ([]store.AccessKey, bool, error) {
				return tx.AccessKeys().ListForUser(ctx, r.Account(), r.Entity().ID(), o)
			},
			func(k *store.AccessKey) string { return k.ID },
			func(k *store.AccessKey) iamwire.AccessKeyMetadata {
				id, status, created := k.ID, iamwire.StatusType(k.Status), k.Created
				m := iamwire.AccessKeyMetadata{AccessKeyId: &id, Status: &status, CreateDate: &created}
				if !root {
					name := k.UserName
					m.UserName = &name
				}
				return m
			})
		if err != nil {
			return nil, err
		}
		return &iamwire.ListAccessKeysOutput{AccessKeyMetadata: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

func (s *Users) ListAccessKeys(ctx context.Context, in *iamwire.ListAccessKeysInput) (*iamwire.ListAccessKeysOutput, error) {
	return listAccessKeys.Run(ctx, s, in)
}
