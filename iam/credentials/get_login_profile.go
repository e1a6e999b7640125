package credentials

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetLoginProfile reports whether a user (or, without UserName, the calling user) has a console
// password: when it was created and whether it must be changed. The password itself never
// leaves the store, not even as a hash.
var getLoginProfile = &op.Op[*Credentials, iamwire.GetLoginProfileInput, iamwire.GetLoginProfileOutput, core.Owner]{
	Name: "GetLoginProfile", Action: "iam:GetLoginProfile",
	Resolve: core.OwnerOf[*Credentials](func(in *iamwire.GetLoginProfileInput) *string { return in.UserName }, core.SelfUser),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.GetLoginProfileInput, core.Owner]) (*iamwire.GetLoginProfileOutput, error) {
		o := r.Entity()
		var err error
		var lp store.LoginProfile
		err = s.Store.View(ctx, func(tx store.Tx) error {
			lp, err = tx.LoginProfiles().Get(ctx, o.ID())
			if core.IsNotFound(err) {
				return iamerr.NoSuchLoginProfile.Err(o.Name())
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.GetLoginProfileOutput{LoginProfile: wireLoginProfile(o.Name(), lp)}, nil
	}}

func (s *Credentials) GetLoginProfile(ctx context.Context, in *iamwire.GetLoginProfileInput) (*iamwire.GetLoginProfileOutput, error) {
	return getLoginProfile.Run(ctx, s, in)
}
