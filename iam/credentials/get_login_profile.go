package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetLoginProfile reports whether a user (or, without UserName, the calling user) has a console
// password: when it was created and whether it must be changed. The password itself never
// leaves the store, not even as a hash.
func (s *Credentials) GetLoginProfile(ctx context.Context, in *iamwire.GetLoginProfileInput) (*iamwire.GetLoginProfileOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	o, err := s.ownerOf(ctx, call, in.UserName, false)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, call, "iam:GetLoginProfile", o); err != nil {
		return nil, err
	}
	var lp store.LoginProfile
	err = s.Store.View(ctx, func(tx store.Tx) error {
		lp, err = tx.LoginProfiles().Get(ctx, o.user.ID)
		if core.IsNotFound(err) {
			return noSuchLoginProfile(o.user.Name)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.GetLoginProfileOutput{LoginProfile: wireLoginProfile(o.user.Name, lp)}, nil
}
