package users

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// notApplicable is what AWS reports as the service and region of a key never used.
const notApplicable = "N/A"

// keyInUse is an access key with its owner (nil for the root user's keys).
type keyInUse struct {
	key   store.AccessKey
	owner *store.User
}

// GetAccessKeyLastUsed reports when, where and with which service a key was last used. The
// usage buffered in memory is written first, so the answer includes the request just before.
// It is authorized on the key's owner; a key that is not in the caller's account is AWS's
// AccessDenied (to root too), which reveals nothing about other accounts' keys.
var getAccessKeyLastUsed = &op.Op[*Users, iamwire.GetAccessKeyLastUsedInput, iamwire.GetAccessKeyLastUsedOutput, keyInUse]{
	Name: "GetAccessKeyLastUsed", Action: "iam:GetAccessKeyLastUsed",
	Resolve: op.Resolver[*Users, iamwire.GetAccessKeyLastUsedInput, keyInUse]{Find: findKeyInUse},
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.GetAccessKeyLastUsedInput, keyInUse]) (*iamwire.GetAccessKeyLastUsedOutput, error) {
		k := r.Entity()
		out := &iamwire.GetAccessKeyLastUsedOutput{AccessKeyLastUsed: &iamwire.AccessKeyLastUsed{ServiceName: notApplicable, Region: notApplicable}}
		if k.owner != nil {
			name := k.owner.Name
			out.UserName = &name
		}
		if u := k.key.LastUsed; !u.When.IsZero() {
			when := u.When
			out.AccessKeyLastUsed = &iamwire.AccessKeyLastUsed{LastUsedDate: &when, ServiceName: u.Service, Region: u.Region}
		}
		return out, nil
	}}

func (s *Users) GetAccessKeyLastUsed(ctx context.Context, in *iamwire.GetAccessKeyLastUsedInput) (*iamwire.GetAccessKeyLastUsedOutput, error) {
	return getAccessKeyLastUsed.Run(ctx, s, in)
}

// findKeyInUse flushes the buffered usage and reads the key with its owner.
func findKeyInUse(s *Users, ctx context.Context, call *callctx.Call, in *iamwire.GetAccessKeyLastUsedInput) (op.Target[keyInUse], error) {
	c := call.Caller
	if err := s.Usage.Flush(ctx); err != nil {
		return op.Target[keyInUse]{}, err
	}
	var k keyInUse
	found := false
	err := s.Store.View(ctx, func(tx store.Tx) error {
		var err error
		k.key, err = tx.AccessKeys().Get(ctx, in.AccessKeyId)
		if core.IsNotFound(err) || (err == nil && k.key.AccountID != c.AccountID) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		if k.key.UserID != "" {
			u, err := tx.Users().GetByID(ctx, k.key.UserID)
			k.owner = &u
			return err
		}
		return nil
	})
	switch {
	case err != nil:
		return op.Target[keyInUse]{}, err
	case !found:
		return op.Target[keyInUse]{}, iamerr.KeyLastUsedDenied.Err(c.ARN, in.AccessKeyId)
	case k.owner != nil:
		return op.Target[keyInUse]{ARN: k.owner.ARN, Entity: k}, nil
	}
	return op.Target[keyInUse]{ARN: arn.Root(c.AccountID), Entity: k}, nil
}
