package roles

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreateInstanceProfile creates an empty instance profile, optionally with tags.
func (s *Roles) CreateInstanceProfile(ctx context.Context, in *iamwire.CreateInstanceProfileInput) (*iamwire.CreateInstanceProfileOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	path := "/"
	if in.Path != nil {
		path = *in.Path
	}
	arnOf := profileARN(account, path, in.InstanceProfileName)
	if err := s.Authorize(ctx, call, "iam:CreateInstanceProfile", arnOf, core.RequestTagKeys(in.Tags)...); err != nil {
		return nil, err
	}
	if err := core.CheckNewTags(in.Tags, nil, quotaTagsPerProfile); err != nil {
		return nil, err
	}
	id, err := arn.NewUniqueID(s.Rand, arn.PrefixInstanceProfile)
	if err != nil {
		return nil, err
	}
	p := store.InstanceProfile{AccountID: account, ID: id, Name: in.InstanceProfileName, Path: path, ARN: arnOf,
		Created: s.Timestamp()}
	tags := core.StoreTags(in.Tags)
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.InstanceProfiles().Get(ctx, account, in.InstanceProfileName); err == nil {
			return instanceProfileExists(in.InstanceProfileName)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		sum, err := tx.Accounts().Summary(ctx, account)
		if err != nil {
			return err
		}
		if sum.InstanceProfiles >= MaxInstanceProfilesPerAccount {
			return core.QuotaExceeded(quotaInstanceProfiles, MaxInstanceProfilesPerAccount)
		}
		if err := tx.InstanceProfiles().Create(ctx, p); err != nil {
			if errors.Is(err, store.ErrAlreadyExists) {
				return instanceProfileExists(in.InstanceProfileName)
			}
			return err
		}
		if len(tags) > 0 {
			return tx.Tags().Put(ctx, store.Resource{Kind: store.KindInstanceProfile, Key: p.ID}, tags)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// AWS includes Tags only when the profile was created with some (recorded from AWS).
	return &iamwire.CreateInstanceProfileOutput{InstanceProfile: wireProfile(&p, nil, tags, len(tags) > 0)}, nil
}
