package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreateInstanceProfile creates an empty instance profile, optionally with tags.
var createInstanceProfile = &op.Op[*Roles, iamwire.CreateInstanceProfileInput, iamwire.CreateInstanceProfileOutput, op.None]{
	Name: "CreateInstanceProfile", Action: "iam:CreateInstanceProfile",
	Resolve: core.Created[*Roles]("instance-profile", func(in *iamwire.CreateInstanceProfileInput) *string { return in.Path },
		func(in *iamwire.CreateInstanceProfileInput) string { return in.InstanceProfileName }),
	Keys: []op.KeySource[iamwire.CreateInstanceProfileInput]{core.NewTags(func(in *iamwire.CreateInstanceProfileInput) []iamwire.Tag { return in.Tags })},
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.CreateInstanceProfileInput, op.None]) (*iamwire.CreateInstanceProfileOutput, error) {
		in := r.In
		if err := core.CheckNewTags(in.Tags, nil, quotaTagsPerProfile); err != nil {
			return nil, err
		}
		id, err := arn.NewUniqueID(s.Rand, arn.PrefixInstanceProfile)
		if err != nil {
			return nil, err
		}
		p := store.InstanceProfile{AccountID: r.Account(), ID: id, Name: in.InstanceProfileName, Path: core.PathOr(in.Path),
			ARN: r.Target.ARN, Created: s.Timestamp()}
		tags := core.StoreTags(in.Tags)
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			return core.CreateUnique(instanceProfileExists(p.Name),
				func() error { _, err := tx.InstanceProfiles().Get(ctx, p.AccountID, p.Name); return err },
				func() error {
					if err := tx.InstanceProfiles().Create(ctx, p); err != nil || len(tags) == 0 {
						return err
					}
					return tx.Tags().Put(ctx, store.Resource{Kind: store.KindInstanceProfile, Key: p.ID}, tags)
				},
				core.Quota(ctx, tx, p.AccountID, func(s store.AccountSummary) int { return s.InstanceProfiles },
					MaxInstanceProfilesPerAccount, quotaInstanceProfiles))
		})
		if err != nil {
			return nil, err
		}
		// AWS includes Tags only when the profile was created with some (recorded from AWS).
		return &iamwire.CreateInstanceProfileOutput{InstanceProfile: wireProfile(&p, nil, tags, len(tags) > 0)}, nil
	}}

func (s *Roles) CreateInstanceProfile(ctx context.Context, in *iamwire.CreateInstanceProfileInput) (*iamwire.CreateInstanceProfileOutput, error) {
	return createInstanceProfile.Run(ctx, s, in)
}
