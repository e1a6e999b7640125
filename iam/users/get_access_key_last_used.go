package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// notApplicable is what AWS reports as the service and region of a key never used.
const notApplicable = "N/A"

// GetAccessKeyLastUsed reports when, where and with which service a key was last used. The
// usage buffered in memory is written first, so the answer includes the request just before.
func (s *Users) GetAccessKeyLastUsed(ctx context.Context, in *iamwire.GetAccessKeyLastUsedInput) (*iamwire.GetAccessKeyLastUsedOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	c := call.Caller
	if err := s.Usage.Flush(ctx); err != nil {
		return nil, err
	}
	var k store.AccessKey
	var owner store.User
	found := false
	err = s.Store.View(ctx, func(tx store.Tx) error {
		var err error
		k, err = tx.AccessKeys().Get(ctx, in.AccessKeyId)
		if core.IsNotFound(err) || (err == nil && k.AccountID != c.AccountID) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		if k.UserID != "" {
			owner, err = tx.Users().GetByID(ctx, k.UserID)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, keyLastUsedDenied(c.ARN, in.AccessKeyId)
	}
	resource := arn.Root(c.AccountID)
	if k.UserID != "" {
		resource = owner.ARN
	}
	if err := s.Authorize(ctx, call, "iam:GetAccessKeyLastUsed", resource); err != nil {
		return nil, err
	}
	out := &iamwire.GetAccessKeyLastUsedOutput{AccessKeyLastUsed: &iamwire.AccessKeyLastUsed{ServiceName: notApplicable, Region: notApplicable}}
	if k.UserID != "" {
		name := owner.Name
		out.UserName = &name
	}
	if u := k.LastUsed; !u.When.IsZero() {
		when := u.When
		out.AccessKeyLastUsed = &iamwire.AccessKeyLastUsed{LastUsedDate: &when, ServiceName: u.Service, Region: u.Region}
	}
	return out, nil
}
