package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateAccessKey makes a key Active or Inactive. An Inactive key stops authenticating at once:
// the write reaches the key cache before this returns.
var updateAccessKey = &op.Op[*Users, iamwire.UpdateAccessKeyInput, iamwire.UpdateAccessKeyOutput, core.Owner]{
	Name: "UpdateAccessKey", Action: "iam:UpdateAccessKey",
	Resolve: op.Resolver[*Users, iamwire.UpdateAccessKeyInput, core.Owner]{Keys: ownerKeys.Keys,
		Find: func(s *Users, ctx context.Context, call *callctx.Call, in *iamwire.UpdateAccessKeyInput) (op.Target[core.Owner], error) {
			if in.Status != iamwire.StatusTypeActive && in.Status != iamwire.StatusTypeInactive {
				// The model's statusType also lists Expired, which only service-specific credentials use.
				return op.Target[core.Owner]{}, awserr.ValidationError("1 validation error detected: Value '%s' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]", in.Status)
			}
			return keyOwner(func(in *iamwire.UpdateAccessKeyInput) *string { return in.UserName }).Find(s, ctx, call, in)
		}},
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.UpdateAccessKeyInput, core.Owner]) (*iamwire.UpdateAccessKeyOutput, error) {
		err := s.changeKey(ctx, r.Entity(), r.Account(), r.In.AccessKeyId, func(tx store.Tx) error {
			return tx.AccessKeys().UpdateStatus(ctx, r.In.AccessKeyId, string(r.In.Status))
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.UpdateAccessKeyOutput{}, nil
	}}

func (s *Users) UpdateAccessKey(ctx context.Context, in *iamwire.UpdateAccessKeyInput) (*iamwire.UpdateAccessKeyOutput, error) {
	return updateAccessKey.Run(ctx, s, in)
}
