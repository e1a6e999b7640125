package users

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetUser returns a user. Without UserName it returns the caller: an IAM user itself, or for
// the root user the account's root identity (UserId the account ID, Arn …:root, CreateDate
// the account's creation), as AWS does.
func (s *Users) GetUser(ctx context.Context, in *iamwire.GetUserInput) (*iamwire.GetUserOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	c := call.Caller
	name := core.Optional(in.UserName)
	if in.UserName == nil {
		switch c.Kind {
		case callctx.KindRoot:
			return s.getRoot(ctx, call)
		case callctx.KindUser:
			name = c.UserName
		default:
			return nil, core.NonUserCredentials()
		}
	}
	u, tags, err := s.findSelfOrUser(ctx, c, name)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:GetUser", userResource(c.AccountID, name, u), core.ResourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if u == nil {
		return nil, noSuchUser(name)
	}
	return &iamwire.GetUserOutput{User: wireUser(u, tags, true)}, nil
}

func (s *Users) getRoot(ctx context.Context, call *callctx.Call) (*iamwire.GetUserOutput, error) {
	c := call.Caller
	if err := s.Authorize(ctx, call, "iam:GetUser", c.ARN); err != nil {
		return nil, err
	}
	var acct store.Account
	err := s.Store.View(ctx, func(tx store.Tx) error {
		var err error
		acct, err = tx.Accounts().Get(ctx, c.AccountID)
		return err
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	return &iamwire.GetUserOutput{User: iamwire.User{UserId: c.AccountID, Arn: c.ARN, CreateDate: acct.Created}}, nil
}

// findSelfOrUser is findUser, answered from the authorizer's principal cache (exact under the
// change feed) when the name is the calling user's own — `aws iam get-user`, the commonest
// call — so that a warm request reads no database.
func (s *Users) findSelfOrUser(ctx context.Context, c *callctx.Caller, name string) (*store.User, []store.Tag, error) {
	if c.Kind == callctx.KindUser && c.UserID != "" && strings.EqualFold(name, c.UserName) {
		u, tags, err := s.Authz.User(ctx, c.UserID)
		switch {
		case err == nil && u.AccountID == c.AccountID && strings.EqualFold(u.Name, name):
			return &u, tags, nil
		case err != nil && !errors.Is(err, store.ErrNotFound):
			return nil, nil, err
		}
	}
	return s.findUser(ctx, c.AccountID, name)
}
